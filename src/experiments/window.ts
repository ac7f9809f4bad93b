/**
 * Where an experiment run measures: the whole scenario after its warm-up, or the two busiest
 * minutes of a long one (placed on its trouble when it has some). Shared by the app and the CLI.
 */
import { totalExpectedRequests } from '../scenario/caps';
import type { RatePoint, Scenario } from '../scenario/types';

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
