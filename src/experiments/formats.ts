/**
 * The exact JSON formats of experiments (DESIGN §4; checks outside this repo read them):
 * scalelab/sweep@1, a result's `replications` block, scalelab/compare@1. The CLI prints them and
 * the app exports them, from the same outcomes.
 */
import type { Interval } from '../analysis/experiments';
import type { CompareOutcome, Differences, ReplicationStats, SweepOutcome } from './plans';
import type { ExperimentWindow } from './window';

export interface SweepJson {
  format: 'scalelab/sweep@1';
  /** By increasing offered load; p50Ms and p99Ms are null where no request completed. */
  points: {
    offeredRps: number;
    throughputRps: number;
    p50Ms: number | null;
    p99Ms: number | null;
    errorRate: number;
  }[];
  saturationRps: number | null;
  kneeRps: number | null;
  bottleneck: string | null;
  window: { fromMs: number; toMs: number };
}

export function sweepJson(o: SweepOutcome, w: ExperimentWindow): SweepJson {
  return {
    format: 'scalelab/sweep@1',
    points: o.points.map((p) => ({
      offeredRps: p.offeredRps,
      throughputRps: p.goodputRps,
      p50Ms: p.goodputRps > 0 ? p.p50Ms : null,
      p99Ms: p.goodputRps > 0 ? p.p99Ms : null,
      errorRate: p.errorRate,
    })),
    saturationRps: o.saturationRps,
    kneeRps: o.knee >= 0 ? o.points[o.knee].offeredRps : null,
    bottleneck: o.bottleneck,
    window: { fromMs: w.fromMs, toMs: w.toMs },
  };
}

export interface IntervalJson {
  mean: number;
  ci95: [number, number];
}

const iv = (i: Interval): IntervalJson => ({ mean: i.mean, ci95: [i.low, i.high] });

export interface ReplicationsJson {
  n: number;
  latencyMeanMs: IntervalJson;
  latencyP99Ms: IntervalJson;
  throughputRps: IntervalJson;
  errorRate: IntervalJson;
  nodes: Record<string, { utilization: IntervalJson }>;
}

export function replicationsJson(s: ReplicationStats): ReplicationsJson {
  const nodes: Record<string, { utilization: IntervalJson }> = {};
  for (const [id, u] of Object.entries(s.utilization)) nodes[id] = { utilization: iv(u) };
  return {
    n: s.n,
    latencyMeanMs: iv(s.meanMs),
    latencyP99Ms: iv(s.p99Ms),
    throughputRps: iv(s.throughputRps),
    errorRate: iv(s.errorRate),
    nodes,
  };
}

export interface DifferencesJson {
  latencyMeanMs: IntervalJson;
  latencyP99Ms: IntervalJson;
  throughputRps: IntervalJson;
  errorRate: IntervalJson;
}

export const differencesJson = (d: Differences): DifferencesJson => ({
  latencyMeanMs: iv(d.meanMs),
  latencyP99Ms: iv(d.p99Ms),
  throughputRps: iv(d.throughputRps),
  errorRate: iv(d.errorRate),
});

export interface CompareJson {
  format: 'scalelab/compare@1';
  a: ReplicationsJson;
  b: ReplicationsJson;
  /** b − a, paired replication by replication on common random numbers. */
  diff: DifferencesJson;
}

export function compareJson(o: CompareOutcome): CompareJson {
  return {
    format: 'scalelab/compare@1',
    a: replicationsJson(o.statsA),
    b: replicationsJson(o.statsB),
    diff: differencesJson(o.diff),
  };
}
