/**
 * Explanations computed beside the running simulation, in the worker (so the main thread only
 * draws a small table): failures by node and reason since t = 0, and the theory panel's figures —
 * each station's M/M/c prediction against the measured values, the bottleneck and the saturation
 * rate (src/analysis/nodeTheory) — from the result so far.
 */
import { theoryReport } from '../analysis/nodeTheory';
import { REASONS } from '../components/call';
import { Client } from '../components/client';
import type { RunningSimulation } from '../scenario/build';
import type { Result } from '../scenario/resultTypes';
import type { Simulation } from '../scenario/simulationTypes';
import type { Scenario } from '../scenario/types';

/** Failures caused at each node, by reason (REASONS names), counts; nodes without failures left out. */
export type FailuresByNode = Record<string, Record<string, number>>;

/** One station of the theory panel. */
export interface TheoryRow {
  /** Station id: a node id, or `<replica id>#apply` for a replica's apply thread. */
  id: string;
  /** The node it belongs to (for its label). */
  node: string;
  type: string;
  /** What its saturation does: delays answers, grows a job queue, or grows replication lag. */
  path: 'request' | 'async' | 'replication';
  /** A rate limiter: sheds instead of queueing (no servers, no measured utilisation). */
  sheds: boolean;
  /** Parallel servers per instance (cores, connections, worker slots). */
  servers: number;
  /** Instances the prediction spreads the load over (time-average for an autoscaled tier). */
  instances: number;
  /** Measured arrival rate per instance, req/s. */
  arrivalRps: number;
  /** Visits per external request. */
  visitRatio: number;
  /** Mean service time per visit, ms (mix-weighted). */
  serviceMs: number;
  /** External first attempts per second at which this station reaches 100%. */
  saturationRps: number;
  predictedUtilization: number;
  /** NaN for a rate limiter. */
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
  /** Station with the highest demand (the lowest saturation rate), or null when none has any. */
  bottleneck: string | null;
  /** First attempts per second at which the bottleneck reaches 100% (Infinity when none does). */
  saturationRps: number;
  /** The load the rows are predicted at: first attempts per second over the window, measured. */
  windowRps: number;
  /** The rows' window: after the warm-up until now (or the end), ms. */
  window: { fromMs: number; toMs: number };
  /**
   * The load the headline compares with saturation: first attempts per second offered now
   * (live: the clients' rate profiles at this instant, traffic slider included), or the
   * scenario's peak (finished). Retries are not in it; `retryFactor` says what they add.
   */
  offeredRps: number;
  offeredScope: 'now' | 'peak';
  /** Attempts per first attempt so far ((arrived + retries) / arrived; 1 without retries). */
  retryFactor: number;
  /** Autoscaled tiers: the model counts them at their maximum; the rows at what they ran. */
  autoscaled: { id: string; max: number; ran: number }[];
  /** Hit ratios the model used, per cache / CDN, and where each came from. */
  hitRatios: Record<string, { value: number; source: 'measured' | 'fixed' | 'theory' }>;
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

/**
 * The theory panel's figures from a result (null inside the warm-up: nothing measured yet).
 * `offeredNowRps`: the load offered at this instant (live); absent for a finished run, whose
 * headline uses the scenario's peak.
 */
export function theoryView(
  scenario: Scenario,
  result: Result,
  finished: boolean,
  offeredNowRps?: number,
): TheoryView | null {
  if (result.simulatedMs <= result.warmupMs) return null;
  const report = theoryReport(scenario, result);
  const calling = callers(scenario);
  const rows: TheoryRow[] = report.nodes.map((p) => {
    const measured = result.nodes[p.node];
    const completions = measured?.completions ?? 0;
    const own = p.id === p.node;
    return {
      id: p.id,
      node: p.node,
      type: p.type,
      path: p.path,
      sheds: p.sheds,
      servers: p.servers,
      instances: p.instances,
      arrivalRps: p.arrivalRps,
      visitRatio: p.visitRatio,
      serviceMs: p.serviceMs,
      saturationRps: p.saturationRps,
      predictedUtilization: p.predictedUtilization,
      measuredUtilization: p.measuredUtilization,
      predictedMs: p.stable ? p.predictedResponseMs : Number.POSITIVE_INFINITY,
      // An apply thread's time is not measured apart (the node's latency is its queries').
      measuredMs: own && completions > 0 && measured ? measured.latencyMs.mean : Number.NaN,
      includesDownstream: own && calling.has(p.node),
      approximate: p.approximate,
      stable: p.stable,
    };
  });
  const autoscaled: TheoryView['autoscaled'] = [];
  for (const n of scenario.nodes) {
    if (n.type !== 'appServer' || !n.autoscale) continue;
    const ran = Number(result.nodes[n.id]?.instances ?? n.instances);
    autoscaled.push({ id: n.id, max: Math.max(n.instances, n.autoscale.max), ran });
  }
  const now = !finished && offeredNowRps !== undefined;
  return {
    rows,
    bottleneck: report.bottleneck,
    saturationRps: report.saturationRps,
    windowRps: report.offeredRps,
    window: report.window,
    offeredRps: now ? offeredNowRps : report.scenarioPeakRps,
    offeredScope: now ? 'now' : 'peak',
    retryFactor: report.retryFactor,
    autoscaled,
    hitRatios: report.model.hitRatios,
    atMs: result.simulatedMs,
  };
}

/** First attempts per second the running clients offer at this instant (0 if none). */
export function offeredNow(sim: Simulation): number {
  const nodes = (sim as Partial<RunningSimulation>).nodes;
  let total = 0;
  if (!nodes) return total;
  for (const node of nodes.values()) if (node instanceof Client && !node.removed) total += node.rateNow();
  return total;
}

/** Both figures at once, for the driver. */
export function insightOf(sim: Simulation, scenario: Scenario, result?: Result): Insight {
  const r = result ?? sim.result();
  return {
    nowMs: sim.nowMs,
    failures: failuresByNode(sim),
    theory: theoryView(scenario, r, sim.finished, offeredNow(sim)),
  };
}
