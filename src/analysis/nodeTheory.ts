/**
 * The theory panel's figures: the demand model (demand.ts) at the load the scenario offered over
 * the run's measured window, beside what the run measured over that same window.
 *
 * One model, so the figures cannot disagree: each station's predicted utilisation is
 * λ̄ · v · S / servers with λ̄ the first attempts per second the clients made over the window; the
 * bottleneck is the station with the highest demand v·S/servers, which is also the one with the
 * lowest saturation rate (1000 / demand) and the highest predicted utilisation (at the tier's
 * maximum size; an autoscaled tier's row uses the instances it actually ran). Hit ratios are the
 * ones the run measured. The M/M/c (or M/G/c) time of each station treats its arrivals as Poisson
 * and independent (Jackson's assumption); where that fails (row locks, cache-aside feedback,
 * timeouts, retries) the gap between the columns is the lesson.
 */
import type { Result } from '../scenario/resultTypes';
import type { Scenario } from '../scenario/types';
import { type DemandModel, type StationDemand, serviceDemands } from './demand';
import { meanOfferedRps, peakOfferedRps } from './offered';
import { mgcApprox, mmc } from './queueing';

export interface NodePrediction {
  /** Station id: a node id, or `<replica id>#apply` for a replica's apply thread. */
  id: string;
  /** The node the station belongs to. */
  node: string;
  type: string;
  path: StationDemand['path'];
  /** A rate limiter: it sheds instead of queueing, no servers and no measured utilisation. */
  sheds: boolean;
  /** Arrival rate per instance, req/s: measured at the node (an apply thread: the model's). */
  arrivalRps: number;
  /** Parallel servers per instance. */
  servers: number;
  /** Instances the prediction spreads the load over (time-average for an autoscaled tier). */
  instances: number;
  /** Visits per external request. */
  visitRatio: number;
  /** Mean service time per visit, ms (over the mix of operations). */
  serviceMs: number;
  /** Demand per external request at the tier's full size, ms (v·S/servers). */
  demandMs: number;
  /** External first attempts per second at which this station reaches 100%. */
  saturationRps: number;
  /** Model utilisation at the window's offered load, with the instances the run had. */
  predictedUtilization: number;
  /** Measured over the same window (NaN for a rate limiter). */
  measuredUtilization: number;
  /** Predicted mean wait for a server, ms (Infinity when unstable). */
  predictedWaitMs: number;
  /** Predicted mean response at this station alone (wait + service), ms. */
  predictedResponseMs: number;
  stable: boolean;
  /** True when the prediction is an approximation (non-exponential service). */
  approximate: boolean;
}

export interface TheoryReport {
  nodes: NodePrediction[];
  /** External first attempts per second at which the bottleneck reaches 100% (Infinity if none). */
  saturationRps: number;
  /** The station with the highest demand, or null. */
  bottleneck: string | null;
  /** The window the rows cover: the measured window (after the warm-up), ms. */
  window: { fromMs: number; toMs: number };
  /** Mean first attempts per second over the window, as the clients made them (the rows' load). */
  offeredRps: number;
  /** Highest offered first attempts per second over the window. */
  peakRps: number;
  /** Highest offered first attempts per second over the whole scenario. */
  scenarioPeakRps: number;
  /** Attempts per first attempt the run measured (1 + retries / arrived). */
  retryFactor: number;
  model: DemandModel;
}

function measuredUtilization(r: Result, st: StationDemand): number {
  if (st.sheds) return Number.NaN;
  const m = r.nodes[st.node];
  if (!m) return Number.NaN;
  return st.id === st.node ? m.utilization : Number(m.applyUtilization ?? Number.NaN);
}

export function theoryReport(s: Scenario, r: Result): TheoryReport {
  const window = { fromMs: r.warmupMs, toMs: Math.max(r.warmupMs, r.simulatedMs) };
  const measuredSec = Math.max(1e-9, (window.toMs - window.fromMs) / 1000);
  // First attempts the clients made in the window (retries are not arrivals at a client): it
  // follows live edits of the traffic exactly; the profile's expectation only when none measured.
  let arrived = 0;
  for (const n of s.nodes) if (n.type === 'client') arrived += r.nodes[n.id]?.arrivals ?? 0;
  const offeredRps = arrived > 0 ? arrived / measuredSec : meanOfferedRps(s, window.fromMs, window.toMs);
  const model = serviceDemands(s, r);
  const nodes: NodePrediction[] = [];
  for (const st of model.stations) {
    const m = r.nodes[st.node];
    if (!m && !st.sheds) continue;
    // An autoscaled tier ran fewer instances than the model's maximum: the row uses what it ran.
    const ran = st.type === 'appServer' ? Number(m?.instances ?? st.instances) : st.instances;
    const instances = Math.max(1e-9, Number.isFinite(ran) && ran > 0 ? ran : st.instances);
    const lambdaPerMs = (offeredRps * st.visitRatio) / 1000 / instances;
    const c = st.serversPerInstance;
    const predicted = st.sheds
      ? (offeredRps * st.demandMs) / 1000
      : c > 0
        ? (lambdaPerMs * st.serviceMs) / c
        : 0;
    const exact = st.serviceCv === 1;
    const q =
      !st.sheds && lambdaPerMs > 0 && st.serviceMs > 0 && c >= 1
        ? exact
          ? mmc(lambdaPerMs, 1 / st.serviceMs, c)
          : mgcApprox(lambdaPerMs, st.serviceMs, st.serviceCv, c)
        : null;
    const arrivals = st.id === st.node && m ? m.arrivals / measuredSec / instances : lambdaPerMs * 1000;
    nodes.push({
      id: st.id,
      node: st.node,
      type: st.type,
      path: st.path,
      sheds: st.sheds,
      arrivalRps: arrivals,
      servers: c,
      instances,
      visitRatio: st.visitRatio,
      serviceMs: st.serviceMs,
      demandMs: st.demandMs,
      saturationRps: st.saturationRps,
      predictedUtilization: predicted,
      measuredUtilization: measuredUtilization(r, st),
      predictedWaitMs: q ? q.meanWait : 0,
      predictedResponseMs: q ? q.meanResponse : st.serviceMs,
      stable: q ? q.stable : predicted < 1,
      approximate: !st.sheds && !exact,
    });
  }
  return {
    nodes,
    saturationRps: model.saturationRps,
    bottleneck: model.bottleneck,
    window,
    offeredRps,
    peakRps: peakOfferedRps(s, window.fromMs, window.toMs),
    scenarioPeakRps: peakOfferedRps(s, 0, s.duration),
    retryFactor: model.retryFactor,
    model,
  };
}
