/**
 * checkGoal against hand-made results (exact comparisons: no randomness, no tolerance except the
 * throughput allowance, whose formula is tested on its own).
 */
import { describe, expect, it } from 'vitest';
import { checkGoal, throughputAllowance } from '../../src/analysis/goal';
import type { Result } from '../../src/scenario/resultTypes';

function result(patch: { p99?: number; rps?: number; errorRate?: number; cost?: number } = {}): Result {
  const latency = { mean: 50, p50: 40, p90: 90, p95: 120, p99: patch.p99 ?? 200, p999: 400, max: 900 };
  return {
    format: 'scalelab/result@1',
    scenario: 'test',
    seed: 1,
    // 300 s measured after a 60 s warm-up.
    simulatedMs: 360_000,
    warmupMs: 60_000,
    events: 0,
    requests: { arrived: 0, completed: 0, failed: 0, timedOut: 0, rejected: 0, inFlight: 0, retries: 0 },
    latencyMs: latency,
    latencyMeanCi95Ms: [49, 51],
    throughputRps: patch.rps ?? 1000,
    errorRate: patch.errorRate ?? 0.001,
    costPerHour: patch.cost ?? 3.5,
    failureReasons: {},
    nodes: {},
    series: { intervalMs: 1000, t: [], rps: [], p50Ms: [], p95Ms: [], p99Ms: [], errors: [], nodes: {} },
    run: { wallMs: 0, eventsPerSec: 0 },
  };
}

const full = {
  text: 'p99 under 300 ms at 1 000 req/s for under $4/h',
  p99Ms: 300,
  rps: 1000,
  maxCostPerHour: 4,
  maxErrorRate: 0.01,
};

describe('checkGoal', () => {
  it('lists every criterion the goal sets, in a fixed order, with target and measured value', () => {
    const check = checkGoal(full, result());
    expect(check.criteria.map((c) => [c.key, c.target, c.measured, c.pass])).toEqual([
      ['p99Ms', 300, 200, true],
      ['rps', 1000, 1000, true],
      ['maxErrorRate', 0.01, 0.001, true],
      ['maxCostPerHour', 4, 3.5, true],
    ]);
    expect(check.pass).toBe(true);
  });

  it('lists only the criteria the goal sets', () => {
    const check = checkGoal({ text: 'cheap', maxCostPerHour: 1 }, result());
    expect(check.criteria.map((c) => c.key)).toEqual(['maxCostPerHour']);
    expect(check.pass).toBe(false);
  });

  it('fails overall when any one criterion fails, and says which', () => {
    for (const [patch, key] of [
      [{ p99: 301 }, 'p99Ms'],
      [{ rps: 900 }, 'rps'],
      [{ errorRate: 0.02 }, 'maxErrorRate'],
      [{ cost: 4.01 }, 'maxCostPerHour'],
    ] as const) {
      const check = checkGoal(full, result(patch));
      expect(check.pass).toBe(false);
      expect(check.criteria.filter((c) => !c.pass).map((c) => c.key)).toEqual([key]);
    }
  });

  it('passes a ceiling reached exactly', () => {
    const check = checkGoal(full, result({ p99: 300, errorRate: 0.01, cost: 4 }));
    expect(check.pass).toBe(true);
  });

  it('never passes a latency it could not measure', () => {
    const check = checkGoal({ text: 'fast', p99Ms: 300 }, result({ p99: Number.NaN }));
    expect(check.criteria[0].pass).toBe(false);
    expect(check.pass).toBe(false);
  });

  it('forgives throughput only within three standard deviations of a Poisson count', () => {
    // 1 000 req/s over 300 s: σ = √(1000/300) ≈ 1.826 req/s, so the floor is 1000 − 5.48.
    const allowance = throughputAllowance(1000, 300);
    expect(allowance).toBeCloseTo(3 * Math.sqrt(1000 / 300), 12);
    expect(checkGoal(full, result({ rps: 1000 - allowance + 0.01 })).criteria[1].pass).toBe(true);
    expect(checkGoal(full, result({ rps: 1000 - allowance - 0.01 })).criteria[1].pass).toBe(false);
    expect(throughputAllowance(1000, 0)).toBe(0);
  });

  it('treats a goal without figures as prose: nothing to check, passes', () => {
    expect(checkGoal({ text: 'Look around.' }, result())).toEqual({ criteria: [], pass: true });
  });
});
