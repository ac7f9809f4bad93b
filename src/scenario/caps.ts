/**
 * Caps on the work a scenario asks for, beyond what the schema bounds field by field: the
 * requests the clients would send over the run (rate integrated over time, ramps included) and the
 * instances the scenario could run at once.
 */
import { grouped } from './fanout';
import {
  CALLS_PER_ALLOWED_REQUEST,
  DEFAULT_MAX_REQUESTS,
  MAX_PERIODIC_EVALUATIONS,
  MAX_TOTAL_INSTANCES,
} from './limits';
import type { Problem, RatePoint, ScenarioEvent, ScenarioNode } from './types';

/** ∫ rate dt over [lo, hi] (ms) of a rate profile, in requests. Rates are per second. */
export function expectedRequests(rate: readonly RatePoint[], lo: number, hi: number): number {
  let total = 0;
  let level = 0;
  // Area under a straight piece from (s, v0) to (e, v1), clipped to [lo, hi]; rps × ms / 1000.
  const piece = (s: number, e: number, v0: number, v1: number) => {
    const a = Math.max(s, lo);
    const b = Math.min(e, hi);
    if (!(b > a)) return;
    const at = (t: number) => (e === s ? v1 : v0 + ((v1 - v0) * (t - s)) / (e - s));
    total += ((b - a) * (at(a) + at(b))) / 2 / 1000;
  };
  rate.forEach((p, i) => {
    const rampEnd = p.at + p.ramp;
    piece(p.at, rampEnd, level, p.rps);
    const next = i + 1 < rate.length ? rate[i + 1].at : Number.POSITIVE_INFINITY;
    piece(rampEnd, next, p.rps, p.rps);
    level = p.rps;
  });
  return total;
}

/** The larger of the profile read in run time and read from `start` (an added client's own clock). */
function windowRequests(rate: readonly RatePoint[], start: number, end: number): number {
  return Math.max(expectedRequests(rate, start, end), expectedRequests(rate, 0, end - start));
}

/** Requests expected from every client over [0, durationMs], following the events. */
export function totalExpectedRequests(
  nodes: readonly ScenarioNode[],
  events: readonly ScenarioEvent[],
  durationMs: number,
): number {
  // Per client id: the profile in force and since when; summed as profiles are replaced.
  const active = new Map<string, { rate: RatePoint[]; since: number; scale: number }>();
  let total = 0;
  const close = (id: string, t: number) => {
    const a = active.get(id);
    if (!a) return;
    total += windowRequests(a.rate, a.since, Math.min(t, durationMs)) * a.scale;
    active.delete(id);
  };
  for (const n of nodes)
    if (n.type === 'client') active.set(n.id, { rate: n.rate, since: 0, scale: n.trafficScale });
  for (const e of events) {
    if (e.at >= durationMs) break;
    if (e.do === 'add-node' && e.node.type === 'client') {
      close(e.node.id, e.at);
      active.set(e.node.id, { rate: e.node.rate, since: e.at, scale: e.node.trafficScale });
    } else if (e.do === 'remove-node') close(e.node, e.at);
    else if (e.do === 'set' && e.path === 'rate' && active.has(e.node) && Array.isArray(e.value)) {
      const scale = active.get(e.node)!.scale;
      close(e.node, e.at);
      active.set(e.node, { rate: e.value as RatePoint[], since: e.at, scale });
    } else if (
      e.do === 'set' &&
      e.path === 'trafficScale' &&
      active.has(e.node) &&
      typeof e.value === 'number'
    ) {
      const rate = active.get(e.node)!.rate;
      close(e.node, e.at);
      active.set(e.node, { rate, since: e.at, scale: e.value });
    }
  }
  for (const id of [...active.keys()]) close(id, durationMs);
  return total;
}

/** Most instances an app server or worker may run (its autoscale maximum when larger). */
function peakInstances(n: ScenarioNode): number {
  if (n.type === 'appServer') return Math.max(n.instances, n.autoscale?.max ?? 0);
  if (n.type === 'worker') return n.instances;
  return 0;
}

/** Shortest period (ms) of a node's periodic evaluations: health checks or autoscaling. */
function periodOf(n: ScenarioNode): number | undefined {
  if (n.type === 'loadBalancer') return n.healthCheck.interval;
  if (n.type === 'appServer') return n.autoscale?.interval;
  return undefined;
}

/** A period set by an event (`healthCheck.interval`, `autoscale`, …), if it sets one. */
function periodSet(e: ScenarioEvent): number | undefined {
  if (e.do !== 'set') return undefined;
  const v = e.value as unknown;
  if (e.path === 'healthCheck.interval' || e.path === 'autoscale.interval')
    return typeof v === 'number' ? v : undefined;
  if (e.path === 'healthCheck' || e.path === 'autoscale') {
    const i = (v as { interval?: unknown } | null)?.interval;
    return typeof i === 'number' ? i : undefined;
  }
  return undefined;
}

/** Health checks and autoscaling evaluations over the run, at each node's shortest period. */
export function periodicEvaluations(
  nodes: readonly ScenarioNode[],
  events: readonly ScenarioEvent[],
  durationMs: number,
): number {
  const shortest = new Map<string, number>();
  const keep = (id: string, p: number | undefined) => {
    if (p !== undefined && p > 0) shortest.set(id, Math.min(shortest.get(id) ?? p, p));
  };
  for (const n of nodes) keep(n.id, periodOf(n));
  for (const e of events) {
    if (e.do === 'add-node') keep(e.node.id, periodOf(e.node));
    else if (e.do === 'set') keep(e.node, periodSet(e));
  }
  let total = 0;
  for (const p of shortest.values()) total += durationMs / p;
  return total;
}

/**
 * Problems with the totals; `maxRequests` defaults to DEFAULT_MAX_REQUESTS. `callsPerRequest` is
 * the most calls one request may cause on the wiring (fanout.ts), so requests × calls is bounded too.
 */
export function checkCaps(
  nodes: readonly ScenarioNode[],
  events: readonly ScenarioEvent[],
  durationMs: number,
  maxRequests = DEFAULT_MAX_REQUESTS,
  callsPerRequest = 1,
): Problem[] {
  const problems: Problem[] = [];
  const requests = totalExpectedRequests(nodes, events, durationMs);
  const maxCalls = maxRequests * CALLS_PER_ALLOWED_REQUEST;
  if (requests > maxRequests)
    problems.push({
      path: '',
      message: `the clients would send about ${grouped(requests)} requests over the run, more than the limit of ${grouped(maxRequests)}; shorten the duration or lower the rates`,
    });
  else if (requests * callsPerRequest > maxCalls)
    problems.push({
      path: '',
      message: `the clients would send about ${grouped(requests)} requests and each could cause up to ${grouped(callsPerRequest)} calls: about ${grouped(requests * callsPerRequest)} calls in all, more than the limit of ${grouped(maxCalls)}; shorten the duration, lower the rates or wire fewer services to each other`,
    });
  const evaluations = periodicEvaluations(nodes, events, durationMs);
  if (evaluations > MAX_PERIODIC_EVALUATIONS)
    problems.push({
      path: '',
      message: `the health checks and autoscaling evaluations would run about ${grouped(evaluations)} times over the run, more than the limit of ${grouped(MAX_PERIODIC_EVALUATIONS)}; lengthen their intervals or shorten the duration`,
    });
  // Peak per node id over the whole run: initial nodes, added nodes and `set` events that raise it.
  const peak = new Map<string, number>();
  const raise = (id: string, k: number) => peak.set(id, Math.max(peak.get(id) ?? 0, k));
  for (const n of nodes) raise(n.id, peakInstances(n));
  for (const e of events) {
    if (e.do === 'add-node') raise(e.node.id, peakInstances(e.node));
    if (
      e.do === 'set' &&
      (e.path === 'instances' || e.path === 'autoscale.max') &&
      typeof e.value === 'number'
    )
      raise(e.node, e.value);
    if (e.do === 'set' && e.path === 'autoscale' && typeof e.value === 'object' && 'max' in e.value)
      raise(e.node, Number(e.value.max));
  }
  let instances = 0;
  for (const k of peak.values()) instances += k;
  if (instances > MAX_TOTAL_INSTANCES)
    problems.push({
      path: '',
      message: `the app servers and workers could run ${grouped(instances)} instances in all (autoscale maximums included), more than the limit of ${grouped(MAX_TOTAL_INSTANCES)}`,
    });
  return problems;
}
