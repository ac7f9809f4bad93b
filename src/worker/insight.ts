/**
 * Explanations computed beside the running simulation, in the worker (so the main thread only
 * draws a small table): failures by node and reason since t = 0, and the theory panel's figures —
 * each station's M/M/c prediction against the measured values, the bottleneck and the saturation
 * rate (src/analysis/nodeTheory) — from the result so far.
 */
import { theoryReport } from '../analysis/nodeTheory';
import { REASONS } from '../components/call';
import type { RunningSimulation } from '../scenario/build';
import type { Result, Series } from '../scenario/resultTypes';
import type { Simulation } from '../scenario/simulationTypes';
import type { Scenario } from '../scenario/types';

/** Failures caused at each node, by reason (REASONS names), counts; nodes without failures left out. */
export type FailuresByNode = Record<string, Record<string, number>>;

/** One station of the theory panel. */
export interface TheoryRow {
  id: string;
  type: string;
  /** Parallel servers per instance (cores, connections, worker slots). */
  servers: number;
  /** Instances the prediction spreads the load over (time-average for an autoscaled tier). */
  instances: number;
  /** Measured arrival rate per instance, req/s. */
  arrivalRps: number;
  /** Mean service time, ms (mix-weighted). */
  serviceMs: number;
  predictedUtilization: number;
  measuredUtilization: number;
  /** Predicted mean time at the station (wait + service), ms; Infinity when unstable. */
  predictedMs: number;
  /** Measured mean time at the node, ms (NaN before anything completed there). */
  measuredMs: number;
  /** The measured time includes calls the node makes downstream, so it is not comparable. */
  includesDownstream: boolean;
  /** Non-exponential service: the prediction is an M/G/c approximation. */
  approximate: boolean;
  /** The predicted utilisation is below 1. */
  stable: boolean;
}

export interface TheoryView {
  rows: TheoryRow[];
  /** Station that saturates first, or null when none can. */
  bottleneck: string | null;
  /** External load at which the bottleneck reaches 100%, req/s (Infinity when none does). */
  saturationRps: number;
  /** Load offered now (live) or at the peak (finished): attempts per second, retries included. */
  offeredRps: number;
  /** What offeredRps is: the latest few seconds, or the busiest stretch of the run. */
  offeredScope: 'now' | 'peak';
  /** Simulated time of the figures, ms. */
  atMs: number;
}

/** What the worker posts beside the snapshots (a few times a second at most). */
export interface Insight {
  nowMs: number;
  failures: FailuresByNode;
  /** Null until the warm-up is over (the result's measured window is empty before). */
  theory: TheoryView | null;
}

/** Failures by node and reason since t = 0, read from the nodes' counters (cheap: nodes × reasons). */
export function failuresByNode(sim: Simulation): FailuresByNode {
  const nodes = (sim as Partial<RunningSimulation>).nodes;
  const out: FailuresByNode = {};
  if (!nodes) return out;
  for (const node of nodes.values()) {
    const counts = node.stats.failuresByReason;
    let entry: Record<string, number> | null = null;
    for (let r = 1; r < REASONS.length; r++) {
      if (counts[r] > 0) {
        entry ??= {};
        entry[REASONS[r]] = counts[r];
      }
    }
    if (entry) out[node.id] = entry;
  }
  return out;
}

/** Intervals averaged for the offered load: a few seconds, so one noisy interval does not lead. */
const OFFERED_WINDOW = 5;

/**
 * Offered load from the series: completions + failures per second (every attempt ends as one or
 * the other, so this is the arrival rate once queues stop growing). `peak`: the busiest stretch
 * after the warm-up; otherwise the latest stretch.
 */
export function offeredFromSeries(series: Series, warmupMs: number, peak: boolean): number {
  const n = series.t.length;
  if (n === 0) return 0;
  const at = (i: number) => (series.rps[i] ?? 0) + (series.errors[i] ?? 0);
  if (!peak) {
    let sum = 0;
    const from = Math.max(0, n - OFFERED_WINDOW);
    for (let i = from; i < n; i++) sum += at(i);
    return sum / (n - from);
  }
  let best = 0;
  let sum = 0;
  let count = 0;
  let start = 0;
  while (start < n && series.t[start] <= warmupMs) start++;
  if (start >= n) start = 0;
  for (let i = start; i < n; i++) {
    sum += at(i);
    count++;
    if (count > OFFERED_WINDOW) {
      sum -= at(i - OFFERED_WINDOW);
      count--;
    }
    if (count === Math.min(OFFERED_WINDOW, n - start)) best = Math.max(best, sum / count);
  }
  return best;
}

/** Node ids that call other stations (their measured time includes those calls). */
function callers(s: Scenario): Set<string> {
  const byId = new Map(s.nodes.map((n) => [n.id, n]));
  const out = new Set<string>();
  for (const e of s.edges) {
    const from = byId.get(e.from);
    // A primary's edge to its replica is replication, not a call a request waits for.
    if (from && !(from.type === 'database')) out.add(e.from);
  }
  return out;
}

/** The theory panel's figures from a result (null inside the warm-up: nothing measured yet). */
export function theoryView(scenario: Scenario, result: Result, finished: boolean): TheoryView | null {
  if (result.simulatedMs <= result.warmupMs) return null;
  const report = theoryReport(scenario, result);
  const calling = callers(scenario);
  const rows: TheoryRow[] = report.nodes.map((p) => {
    const measured = result.nodes[p.id];
    const instances = Math.max(1, Number(measured?.instances ?? 1));
    const completions = measured?.completions ?? 0;
    return {
      id: p.id,
      type: p.type,
      servers: p.servers,
      instances,
      arrivalRps: p.arrivalRps,
      serviceMs: p.serviceMs,
      predictedUtilization: p.predictedUtilization,
      measuredUtilization: p.measuredUtilization,
      predictedMs: p.stable ? p.predictedResponseMs : Number.POSITIVE_INFINITY,
      measuredMs: completions > 0 && measured ? measured.latencyMs.mean : Number.NaN,
      includesDownstream: calling.has(p.id),
      approximate: p.approximate,
      stable: p.stable,
    };
  });
  return {
    rows,
    bottleneck: report.bottleneck,
    saturationRps: report.saturationRps,
    offeredRps: offeredFromSeries(result.series, result.warmupMs, finished),
    offeredScope: finished ? 'peak' : 'now',
    atMs: result.simulatedMs,
  };
}

/** Both figures at once, for the driver. */
export function insightOf(sim: Simulation, scenario: Scenario, result?: Result): Insight {
  const r = result ?? sim.result();
  return {
    nowMs: sim.nowMs,
    failures: failuresByNode(sim),
    theory: theoryView(scenario, r, sim.finished),
  };
}
