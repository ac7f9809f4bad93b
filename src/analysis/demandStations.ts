/**
 * The shapes the demand model (demand.ts) reads off a scenario node: its parallel servers, the
 * instances an app tier counts with, a client's peak rate, a distribution's mean.
 */
import { EDGE_SERVERS } from '../components/cdn';
import type { DistSpec } from '../engine/distributions';
import type { Scenario, ScenarioNode } from '../scenario/types';

/** Mean of a service-time distribution, ms. */
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

/** Coefficient of variation of a service-time distribution (exp 1, const 0; pareto taken as 2). */
export function distCv(d: DistSpec): number {
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

/** A client's highest rate over its profile, × its traffic scale, req/s. */
export function clientPeakRps(n: ScenarioNode): number {
  if (n.type !== 'client') return 0;
  return Math.max(0, ...n.rate.map((p) => p.rps)) * (n.trafficScale ?? 1);
}

/** Offered load at the peak: every client's highest rate together, req/s (first attempts). */
export function peakRps(s: Scenario): number {
  let total = 0;
  for (const n of s.nodes) total += clientPeakRps(n);
  return total;
}

/** Instances an app tier counts with: its autoscale maximum, else its fixed instances. */
export function tierInstances(n: ScenarioNode): number {
  if (n.type !== 'appServer') return 1;
  return n.autoscale ? Math.max(n.instances, n.autoscale.max) : n.instances;
}

/** Parallel servers of a station over all its instances; 0 for nodes that are not stations. */
export function stationServers(n: ScenarioNode): number {
  switch (n.type) {
    case 'appServer':
      return n.cores * tierInstances(n);
    case 'database':
      return n.connections * (n.role === 'primary' ? n.shards : 1);
    case 'cache':
    case 'loadBalancer':
      return n.cores;
    case 'worker':
      return n.concurrency * n.instances;
    case 'cdn':
      return EDGE_SERVERS;
    default:
      return 0;
  }
}
