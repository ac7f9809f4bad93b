/**
 * Experiments on a scenario: a load sweep (latency and goodput against offered load, with the
 * knee marked), independent replications with 95% confidence intervals, and an A/B comparison of
 * two scenarios on the same seed (common random numbers make the difference fair).
 * All runs are synchronous and deterministic; the worker runs them off the main thread.
 */
import { studentT975 } from '../engine/batchMeans';
import { buildSimulation } from '../scenario/build';
import type { Result } from '../scenario/resultTypes';
import type { Scenario } from '../scenario/types';

/** Every client's rate profile multiplied by `factor`. */
export function scaleTraffic(s: Scenario, factor: number): Scenario {
  return {
    ...s,
    nodes: s.nodes.map((n) =>
      n.type === 'client' ? { ...n, rate: n.rate.map((p) => ({ ...p, rps: p.rps * factor })) } : n,
    ),
  };
}

/** Offered load: the highest rate of all clients together over the profile, req/s. */
export function peakOfferedRps(s: Scenario): number {
  let total = 0;
  for (const n of s.nodes) if (n.type === 'client') total += Math.max(...n.rate.map((p) => p.rps));
  return total;
}

function run(s: Scenario, seed?: number, replication?: number): Result {
  const sim = buildSimulation(s, { seed, replication });
  sim.runToEnd();
  return sim.result();
}

export interface SweepPoint {
  factor: number;
  offeredRps: number;
  goodputRps: number;
  errorRate: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export interface Sweep {
  points: SweepPoint[];
  /** Index of the knee: the last point before p99 more than doubles or errors pass 1%; −1 if none. */
  knee: number;
}

/** Runs the scenario at each traffic factor (same seed) and finds the knee. */
export function loadSweep(
  s: Scenario,
  factors: readonly number[],
  onPoint?: (p: SweepPoint, i: number) => void,
): Sweep {
  const base = peakOfferedRps(s);
  const points: SweepPoint[] = [];
  factors.forEach((factor, i) => {
    const r = run(scaleTraffic(s, factor));
    const p: SweepPoint = {
      factor,
      offeredRps: base * factor,
      goodputRps: r.throughputRps,
      errorRate: r.errorRate,
      p50Ms: r.latencyMs.p50,
      p99Ms: r.latencyMs.p99,
      meanMs: r.latencyMs.mean,
    };
    points.push(p);
    onPoint?.(p, i);
  });
  return { points, knee: findKnee(points) };
}

/**
 * The knee: the last load before the system stops keeping up — p99 more than twice the p99 at the
 * lightest load, or more than 1% errors, or goodput below 95% of offered.
 */
export function findKnee(points: readonly SweepPoint[]): number {
  if (points.length === 0) return -1;
  const baseP99 = points[0].p99Ms;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const broken =
      p.p99Ms > 2 * baseP99 || p.errorRate > 0.01 || p.goodputRps < 0.95 * p.offeredRps * (1 - p.errorRate);
    if (broken) return i - 1;
  }
  return -1;
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

export interface Replications {
  results: Result[];
  meanLatencyMs: Interval;
  p99Ms: Interval;
  throughputRps: Interval;
  errorRate: Interval;
}

/** `n` independent replications (replication streams 0..n−1 of the same seed). */
export function replicate(s: Scenario, n: number): Replications {
  const results: Result[] = [];
  for (let i = 0; i < n; i++) results.push(run(s, undefined, i));
  return {
    results,
    meanLatencyMs: meanInterval(results.map((r) => r.latencyMs.mean)),
    p99Ms: meanInterval(results.map((r) => r.latencyMs.p99)),
    throughputRps: meanInterval(results.map((r) => r.throughputRps)),
    errorRate: meanInterval(results.map((r) => r.errorRate)),
  };
}

export interface Comparison {
  a: Result;
  b: Result;
  /** b − a for the headline figures. */
  delta: { meanMs: number; p99Ms: number; throughputRps: number; errorRate: number; costPerHour: number };
}

/** A/B on the same seed: both scenarios see the same arrivals where their clients are the same. */
export function compare(a: Scenario, b: Scenario, seed?: number): Comparison {
  const ra = run(a, seed ?? a.seed);
  const rb = run(b, seed ?? a.seed);
  return {
    a: ra,
    b: rb,
    delta: {
      meanMs: rb.latencyMs.mean - ra.latencyMs.mean,
      p99Ms: rb.latencyMs.p99 - ra.latencyMs.p99,
      throughputRps: rb.throughputRps - ra.throughputRps,
      errorRate: rb.errorRate - ra.errorRate,
      costPerHour: rb.costPerHour - ra.costPerHour,
    },
  };
}
