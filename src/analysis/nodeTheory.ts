/**
 * The theory panel: for each station, the M/M/c (or M/G/c) prediction at the arrival rate the
 * simulation measured there, beside the measured figures; and the saturation rate — the external
 * load at which the first station reaches 100% — with that station named as the bottleneck.
 *
 * The prediction treats each station as if its arrivals were Poisson and independent (Jackson's
 * assumption). Where that holds (open networks of exponential stations) it is exact; elsewhere
 * (row locks, cache-aside feedback, timeouts) the gap between the two columns is the lesson.
 */
import type { DistSpec } from '../engine/distributions';
import type { Result } from '../scenario/resultTypes';
import type { Scenario, ScenarioNode, ServiceTimes } from '../scenario/types';
import { mgcApprox, mmc } from './queueing';

export interface NodePrediction {
  id: string;
  type: string;
  /** Measured arrival rate at the node, per second (per instance for multi-instance kinds). */
  arrivalRps: number;
  /** Parallel servers per instance. */
  servers: number;
  /** Mean service time, ms (mix-weighted). */
  serviceMs: number;
  predictedUtilization: number;
  measuredUtilization: number;
  /** Predicted mean time waiting for a server, ms (Infinity when saturated). */
  predictedWaitMs: number;
  /** Predicted mean response at this station alone (wait + service), ms. */
  predictedResponseMs: number;
  stable: boolean;
  /** True when the prediction is an approximation (non-exponential service). */
  approximate: boolean;
}

export interface TheoryReport {
  nodes: NodePrediction[];
  /** External load at which the first station saturates, req/s (Infinity if none does). */
  saturationRps: number;
  /** The station that saturates first, or null. */
  bottleneck: string | null;
}

export function distMean(d: DistSpec): number {
  switch (d.dist) {
    case 'const':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    default:
      return d.mean;
  }
}

function distCv(d: DistSpec): number {
  switch (d.dist) {
    case 'exp':
      return 1;
    case 'const':
      return 0;
    case 'uniform':
      return (d.max - d.min) / Math.sqrt(3) / (d.max + d.min);
    case 'lognormal':
    case 'gamma':
      return d.cv;
    case 'pareto':
      return 2;
  }
}

/** Fraction of client requests by op, weighted over every client's mix and peak rate. */
function opMix(s: Scenario): { read: number; write: number; static: number } {
  const m = { read: 0, write: 0, static: 0 };
  for (const n of s.nodes) {
    if (n.type !== 'client') continue;
    const total = n.mix.reduce((a, c) => a + c.weight, 0);
    for (const c of n.mix) m[c.op] += c.weight / total;
  }
  const sum = m.read + m.write + m.static || 1;
  return { read: m.read / sum, write: m.write / sum, static: m.static / sum };
}

function stationShape(
  n: ScenarioNode,
): { servers: number; instances: number; service?: ServiceTimes } | null {
  switch (n.type) {
    case 'appServer':
      return { servers: n.cores, instances: n.instances, service: n.service };
    case 'database':
      return {
        servers: n.connections * (n.role === 'primary' ? n.shards : 1),
        instances: 1,
        service: n.service,
      };
    case 'cache':
      return { servers: n.cores, instances: 1, service: n.service };
    case 'loadBalancer':
      return { servers: n.cores, instances: 1, service: n.service };
    case 'worker':
      return { servers: n.concurrency, instances: n.instances, service: n.service };
    default:
      return null;
  }
}

export function theoryReport(s: Scenario, r: Result): TheoryReport {
  const measuredSec = Math.max(1e-9, (r.simulatedMs - r.warmupMs) / 1000);
  const external = r.requests.arrived / Math.max(1e-9, r.simulatedMs / 1000);
  const mix = opMix(s);
  const nodes: NodePrediction[] = [];
  let saturationRps = Number.POSITIVE_INFINITY;
  let bottleneck: string | null = null;
  for (const n of s.nodes) {
    const shape = stationShape(n);
    const measured = r.nodes[n.id];
    if (!shape?.service || !measured) continue;
    const instances =
      n.type === 'appServer' ? Math.max(1, Number(measured.instances ?? shape.instances)) : shape.instances;
    // Jobs at a worker and DB writes are writes; everything else follows the client mix.
    const w = n.type === 'worker' ? { read: 0, write: 1, static: 0 } : mix;
    const spec = shape.service;
    const serviceMs =
      w.read * distMean(spec.read) + w.write * distMean(spec.write) + w.static * distMean(spec.static);
    const cv = distCv(w.write > w.read ? spec.write : spec.read);
    const lambdaPerMs = measured.arrivals / measuredSec / 1000 / instances;
    const c = shape.servers;
    const exact = cv === 1;
    const q =
      lambdaPerMs > 0
        ? exact
          ? mmc(lambdaPerMs, 1 / serviceMs, c)
          : mgcApprox(lambdaPerMs, serviceMs, cv, c)
        : null;
    nodes.push({
      id: n.id,
      type: n.type,
      arrivalRps: lambdaPerMs * 1000,
      servers: c,
      serviceMs,
      predictedUtilization: (lambdaPerMs * serviceMs) / c,
      measuredUtilization: measured.utilization,
      predictedWaitMs: q ? q.meanWait : 0,
      predictedResponseMs: q ? q.meanResponse : serviceMs,
      stable: q ? q.stable : true,
      approximate: !exact,
    });
    // Visits per external request × demand: saturation at c / (v · S) external requests per ms.
    if (external > 0 && lambdaPerMs > 0) {
      const visits = (lambdaPerMs * 1000 * instances) / external;
      const sat = ((c * instances) / (visits * serviceMs)) * 1000;
      if (sat < saturationRps) {
        saturationRps = sat;
        bottleneck = n.id;
      }
    }
  }
  return { nodes, saturationRps, bottleneck };
}
