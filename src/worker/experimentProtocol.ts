/**
 * Messages between the UI and the experiment worker (a second worker, so a sweep never slows the
 * run on screen): load sweeps, replications and A/B comparisons, with progress and cancel.
 */
import type { Interval, SweepPoint } from '../analysis/experiments';
import { totalExpectedRequests } from '../scenario/caps';
import type { RatePoint, Scenario } from '../scenario/types';

/** The traffic factors of a load sweep: 0.25× to 3× the scenario's traffic in ten steps. */
export const SWEEP_FACTORS: readonly number[] = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3];
/** Default number of independent replications. */
export const DEFAULT_REPLICATIONS = 5;
/** Simulated time each experiment run measures at most after its warm-up, ms (2 minutes). */
export const MEASURED_CAP_MS = 120_000;

/** What each experiment run simulates: [0, toMs], measuring [fromMs, toMs]. */
export interface ExperimentWindow {
  /** Measuring starts (the run's warm-up ends), ms; at least the scenario's warm-up. */
  fromMs: number;
  /** The run ends, ms; at most the scenario's duration. */
  toMs: number;
  /** When the window was placed on the scenario's trouble: the first failure or slowdown in it. */
  trouble?: TroubleEvent;
}

/** A timed event that makes things worse (`at` in simulated ms). */
export type TroubleEvent = { at: number } & (
  | { do: 'fail' | 'remove-node'; node: string }
  | { do: 'slow'; node: string; factor: number }
  | { do: 'remove-edge'; from: string; to: string }
);

type WindowInput = Pick<Scenario, 'duration' | 'warmup' | 'nodes' | 'events'>;

/**
 * The stretch each experiment run measures: the whole scenario after its warm-up when that is at
 * most two minutes, else the two minutes with the most traffic (the clients' profiles and the
 * events that change them). Why the busiest and not the first: a sweep asks where the
 * architecture breaks, and presets ramp up to their peak late (a Black-Friday surge at 5 min), so
 * the first two minutes would measure the quiet before it. Among equally busy windows, the one
 * holding the most timed failures and slowdowns is preferred, starting at one when it can: a
 * scenario that breaks something at 2:00 under flat traffic is about that, and a window ending
 * before it, or catching only its first seconds, would measure a healthy system. Else the earliest.
 * The run still simulates everything before the window, so the system arrives at it in the state
 * it would be in.
 */
export function experimentWindow(s: WindowInput): ExperimentWindow {
  const last = s.duration - MEASURED_CAP_MS;
  if (last <= s.warmup) return { fromMs: s.warmup, toMs: s.duration };
  const requestsBy = (t: number) => totalExpectedRequests(s.nodes, s.events, t);
  // Candidate starts: a grid of at most ~2000 steps (≥ 1 s), plus every time the traffic changes
  // slope and that time less the window, so a window edge can sit exactly on a step or a peak.
  const starts = new Set<number>([s.warmup, last]);
  const step = Math.max(1000, (last - s.warmup) / 2000);
  for (let t = s.warmup; t < last; t += step) starts.add(t);
  for (const t of trafficBreakpoints(s)) {
    starts.add(t);
    starts.add(t - MEASURED_CAP_MS);
  }
  const candidates = [...starts].filter((x) => x >= s.warmup && x <= last).sort((a, b) => a - b);
  const traffic = candidates.map((t) => requestsBy(t + MEASURED_CAP_MS) - requestsBy(t));
  const most = Math.max(...traffic);
  // Relative margin: float noise between equal windows must not make them unequal.
  const busiest = candidates.filter((_, i) => traffic[i] >= most * (1 - 1e-9) - 1e-9);
  const trouble = troubleEvents(s.events);
  // The most trouble events held; of equals, the one whose first event comes soonest after its
  // start (at it, ideally), so the window shows what follows; with none, the earliest.
  let best = busiest[0];
  let bestHeld = 0;
  let bestLead = 0;
  for (const t of busiest) {
    const held = trouble.filter((e) => e.at >= t && e.at < t + MEASURED_CAP_MS);
    if (held.length === 0) continue;
    const lead = held[0].at - t;
    if (held.length > bestHeld || (held.length === bestHeld && lead < bestLead)) {
      bestHeld = held.length;
      bestLead = lead;
      best = t;
    }
  }
  const w: ExperimentWindow = { fromMs: best, toMs: best + MEASURED_CAP_MS };
  const first = trouble.find((e) => e.at >= best && e.at < w.toMs);
  if (first) w.trouble = first;
  return w;
}

/** The scenario's failures and slowdowns, in time order. */
function troubleEvents(events: Scenario['events']): TroubleEvent[] {
  const out: TroubleEvent[] = [];
  for (const e of events) {
    if (e.do === 'fail' || e.do === 'remove-node') out.push({ at: e.at, do: e.do, node: e.node });
    else if (e.do === 'slow' && e.factor > 1)
      out.push({ at: e.at, do: 'slow', node: e.node, factor: e.factor });
    else if (e.do === 'remove-edge')
      out.push({ at: e.at, do: 'remove-edge', from: e.edge.from, to: e.edge.to });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Times at which some client's offered rate may change slope: rate points, ramp ends, events. */
function trafficBreakpoints(s: WindowInput): number[] {
  const out: number[] = [];
  const profile = (rate: readonly RatePoint[], since: number) => {
    for (const p of rate) out.push(since + p.at, since + p.at + p.ramp);
  };
  for (const n of s.nodes) if (n.type === 'client') profile(n.rate, 0);
  for (const e of s.events) {
    out.push(e.at);
    if (e.do === 'add-node' && e.node.type === 'client') profile(e.node.rate, e.at);
    if (e.do === 'set' && e.path === 'rate' && Array.isArray(e.value)) profile(e.value as RatePoint[], 0);
  }
  return out;
}

/** The headline figures of one run (the full result stays in the worker). */
export interface RunSummary {
  /** Attempts per second after the warm-up at the clients (retries included), req/s. */
  offeredRps: number;
  /** Completed requests per second after the warm-up. */
  throughputRps: number;
  errorRate: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  costPerHour: number;
  /** Simulated length of the run, ms. */
  simulatedMs: number;
  /** Failures by reason after the warm-up. */
  failureReasons: Record<string, number>;
}

export interface SweepOutcome {
  kind: 'sweep';
  points: (SweepPoint & { summary: RunSummary })[];
  /** Index of the last point before the knee (see findKnee); −1 when none was found. */
  knee: number;
}

export interface ReplicationOutcome {
  kind: 'replicate';
  runs: RunSummary[];
  meanMs: Interval;
  p99Ms: Interval;
  throughputRps: Interval;
  errorRate: Interval;
}

export interface CompareOutcome {
  kind: 'compare';
  a: RunSummary;
  b: RunSummary;
  /** The seed both ran on. */
  seed: number;
}

export type ExperimentOutcome = SweepOutcome | ReplicationOutcome | CompareOutcome;
export type ExperimentKind = ExperimentOutcome['kind'];

export type ToExperiment =
  | { type: 'sweep'; id: number; scenario: Scenario; factors: readonly number[]; window: ExperimentWindow }
  | { type: 'replicate'; id: number; scenario: Scenario; n: number; window: ExperimentWindow }
  | { type: 'compare'; id: number; a: Scenario; b: Scenario; seed: number; window: ExperimentWindow }
  | { type: 'cancel'; id: number };

export type FromExperiment =
  /** `done` runs of `total` completed (fractional: the current run's share of simulated time). */
  | { type: 'progress'; id: number; done: number; total: number }
  /** Run `index` finished (a sweep's chart fills in point by point). */
  | { type: 'run'; id: number; index: number; summary: RunSummary }
  | { type: 'done'; id: number; outcome: ExperimentOutcome }
  | { type: 'failed'; id: number; message: string }
  | { type: 'cancelled'; id: number };
