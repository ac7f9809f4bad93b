/**
 * The maths of experiments on a scenario, apart from running them (src/experiments plans and runs
 * them): traffic scaling for a load sweep, the knee and where to refine the grid around it, the
 * saturation rate and bottleneck the sweep measured, and Student-t intervals for replications,
 * paired (common random numbers) and unpaired differences.
 */
import { studentT975 } from '../engine/batchMeans';
import { totalExpectedRequests } from '../scenario/caps';
import type { RatePoint, Scenario, ScenarioEvent } from '../scenario/types';

const scaled = (rate: readonly RatePoint[], f: number): RatePoint[] =>
  rate.map((p) => ({ ...p, rps: p.rps * f }));

/**
 * Every client's rate profile multiplied by `factor` — or only client `clientId`'s — including
 * the profiles that events add (`add-node` of a client, `set rate`), so the traffic keeps its shape.
 */
export function scaleTraffic(s: Scenario, factor: number, clientId?: string): Scenario {
  const hit = (id: string) => clientId === undefined || id === clientId;
  const events = s.events.map((e): ScenarioEvent => {
    if (e.do === 'add-node' && e.node.type === 'client' && hit(e.node.id))
      return { ...e, node: { ...e.node, rate: scaled(e.node.rate, factor) } };
    if (e.do === 'set' && e.path === 'rate' && Array.isArray(e.value) && hit(e.node))
      return { ...e, value: scaled(e.value as RatePoint[], factor) as unknown as typeof e.value };
    return e;
  });
  return {
    ...s,
    nodes: s.nodes.map((n) =>
      n.type === 'client' && hit(n.id) ? { ...n, rate: scaled(n.rate, factor) } : n,
    ),
    events,
  };
}

/**
 * The mean rate the clients (or client `clientId` alone) offer over [fromMs, toMs], req/s: new
 * requests from their profiles and the events that change them; retries are not counted.
 */
export function meanOfferedRps(s: Scenario, fromMs: number, toMs: number, clientId?: string): number {
  const nodes = clientId === undefined ? s.nodes : s.nodes.filter((n) => n.id === clientId);
  const events =
    clientId === undefined
      ? s.events
      : s.events.filter((e) => !(e.do === 'add-node' && e.node.type === 'client' && e.node.id !== clientId));
  const sec = (toMs - fromMs) / 1000;
  if (!(sec > 0)) return 0;
  return (totalExpectedRequests(nodes, events, toMs) - totalExpectedRequests(nodes, events, fromMs)) / sec;
}

/** Offered load: the highest rate of all clients together over the profile, req/s. */
export function peakOfferedRps(s: Scenario): number {
  let total = 0;
  for (const n of s.nodes) if (n.type === 'client') total += Math.max(...n.rate.map((p) => p.rps));
  return total;
}

export interface SweepPoint {
  /** The traffic relative to the scenario's own (1 = as written). */
  factor: number;
  /** Mean rate offered over the measured window (new requests, retries not counted), req/s. */
  offeredRps: number;
  /** Completed requests per second over the measured window. */
  goodputRps: number;
  errorRate: number;
  /** Latency of completed requests, ms; meaningless when goodputRps is 0 (nothing completed). */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** Goodput below this fraction of the offered load means the system falls behind it. */
const KEEPS_UP = 0.95;

/** True when the point is past the knee: p99 over twice `baseP99Ms`, errors over 1%, or goodput behind the load. */
export function isBroken(p: SweepPoint, baseP99Ms: number): boolean {
  return (
    p.p99Ms > 2 * baseP99Ms ||
    p.errorRate > 0.01 ||
    p.goodputRps < KEEPS_UP * p.offeredRps * (1 - p.errorRate)
  );
}

/**
 * The knee: the last load before the system stops keeping up — p99 more than twice the p99 at the
 * lightest load, or more than 1% errors, or goodput below 95% of offered. Index into `points`
 * (in load order); −1 when none breaks, or when the lightest already does.
 */
export function findKnee(points: readonly SweepPoint[]): number {
  if (points.length === 0) return -1;
  const baseP99 = points[0].p99Ms;
  for (let i = 0; i < points.length; i++) if (isBroken(points[i], baseP99)) return i - 1;
  return -1;
}

/**
 * The loads to add between the knee and the first broken grid point, `count` of them evenly
 * spaced, so the reported knee is not just the last good grid point. Empty when the grid has no
 * knee inside it (nothing broke, or the lightest load already did).
 */
export function kneeRefinement(grid: readonly number[], knee: number, count: number): number[] {
  if (knee < 0 || knee + 1 >= grid.length || count <= 0) return [];
  const lo = grid[knee];
  const hi = grid[knee + 1];
  const out: number[] = [];
  for (let i = 1; i <= count; i++) out.push(lo + ((hi - lo) * i) / (count + 1));
  return out;
}

/**
 * What a sweep measured of capacity. `saturationRps` is the plateau: the highest goodput of the
 * sweep, once some load is past what the system serves (goodput below 95% of offered); null when
 * no point got there. `bottleneck` is the node with the highest utilisation at the lightest load
 * that saturates (where only the limiting station is flat out), or at the heaviest load when none
 * saturates (the one that would go first); null when no node reports any.
 */
export function sweepCapacity(
  points: readonly SweepPoint[],
  utilization: readonly Readonly<Record<string, number>>[],
): { saturationRps: number | null; bottleneck: string | null } {
  const saturated = points.findIndex((p) => p.goodputRps < KEEPS_UP * p.offeredRps);
  const saturationRps = saturated < 0 ? null : Math.max(...points.map((p) => p.goodputRps));
  const at = saturated >= 0 ? saturated : points.length - 1;
  let bottleneck: string | null = null;
  let most = 0;
  // Sorted ids: a tie goes to the same node every time.
  for (const [id, u] of Object.entries(utilization[at] ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    if (u > most) {
      most = u;
      bottleneck = id;
    }
  return { saturationRps, bottleneck };
}

export interface Interval {
  mean: number;
  low: number;
  high: number;
  n: number;
}

/** Mean and 95% Student-t interval of independent values. */
export function meanInterval(values: readonly number[]): Interval {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(n, 1);
  if (n < 2) return { mean, low: mean, high: mean, n };
  const v = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const half = studentT975(n - 1) * Math.sqrt(v / n);
  return { mean, low: mean - half, high: mean + half, n };
}

/** b − a paired replication by replication (common random numbers): the interval of the differences. */
export function pairedDifference(a: readonly number[], b: readonly number[]): Interval {
  if (a.length !== b.length) throw new Error('paired samples must have the same length');
  return meanInterval(a.map((x, i) => b[i] - x));
}

/**
 * b − a as if the two samples were independent (Welch's interval): what the difference would be
 * worth without common random numbers. For comparison with pairedDifference only.
 */
export function unpairedDifference(a: readonly number[], b: readonly number[]): Interval {
  const ia = meanInterval(a);
  const ib = meanInterval(b);
  const mean = ib.mean - ia.mean;
  const va = a.reduce((s, x) => s + (x - ia.mean) ** 2, 0) / Math.max(1, a.length - 1) / a.length;
  const vb = b.reduce((s, x) => s + (x - ib.mean) ** 2, 0) / Math.max(1, b.length - 1) / b.length;
  const n = Math.min(a.length, b.length);
  if (n < 2 || va + vb === 0) return { mean, low: mean, high: mean, n };
  // Welch–Satterthwaite degrees of freedom, rounded down to a whole number for the t table.
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const half = studentT975(Math.max(1, Math.floor(df))) * Math.sqrt(va + vb);
  return { mean, low: mean - half, high: mean + half, n };
}
