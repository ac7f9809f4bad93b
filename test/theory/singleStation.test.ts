/**
 * The engine against exact queueing theory, one station at a time. Fixed seeds; every tolerance
 * is about four standard deviations of the estimator at that run length (so a correct engine
 * passes essentially always and a wrong one — a bias above the tolerance — fails):
 *  - M/M/1 response-time mean over n requests: 1σ ≈ 0.3% (ρ 0.5), 0.9% (ρ 0.8) at n = 10^6,
 *    shrinking as 1/√n; utilisation and P(wait) are about ten times tighter.
 *  - Percentiles: 1σ about twice the mean's, plus the histogram's ≤ 0.39% bucket error.
 *  - M/G/1 with lognormal cv 1.5 at ρ 0.7: 8 seeds of 1.4M requests scattered 0.9% (1σ) around
 *    Pollaczek–Khinchine (measured when this test was written).
 */
import { describe, expect, it } from 'vitest';
import { md1, mg1, mm1, mmc, mmck } from '../../src/analysis/queueing';
import { runStation } from './stations';

const rel = (got: number, want: number) => Math.abs(got - want) / want;

describe('M/M/1', () => {
  it('ρ = 0.5: utilisation, P(wait), mean and percentiles of the response time', () => {
    // 4000 s at 500/s = 2·10^6 requests: mean 1σ ≈ 0.21% → 1%; utilisation 1σ ≈ 0.03% → 0.3%.
    const r = runStation({
      rps: 500,
      service: '1ms',
      cores: 1,
      durationMs: 4_000_000,
      warmupMs: 10_000,
      seed: 11,
    });
    const th = mm1(0.5, 1);
    const app = r.nodes.app;
    expect(rel(app.utilization, 0.5)).toBeLessThan(0.003);
    expect(rel(app.pWait as number, th.pWait)).toBeLessThan(0.003);
    expect(rel(r.latencyMs.mean, th.meanResponse)).toBeLessThan(0.01);
    expect(rel(app.meanQueue, th.meanQueue)).toBeLessThan(0.02);
    // Exact quantiles of Exp(μ − λ): p50 = ln2/0.5, p99 = ln100/0.5.
    expect(rel(r.latencyMs.p50, th.responseQuantile(0.5))).toBeLessThan(0.015);
    expect(rel(r.latencyMs.p99, th.responseQuantile(0.99))).toBeLessThan(0.025);
    expect(rel(r.throughputRps, 500)).toBeLessThan(0.003);
  });

  it('ρ = 0.8: utilisation, P(wait), mean and percentiles of the response time', () => {
    // 2500 s at 800/s = 2·10^6 requests: mean 1σ ≈ 0.64% → 3%; p99 1σ ≈ 1.3% → 5%.
    const r = runStation({
      rps: 800,
      service: '1ms',
      cores: 1,
      durationMs: 2_500_000,
      warmupMs: 10_000,
      seed: 12,
    });
    const th = mm1(0.8, 1);
    expect(rel(r.nodes.app.utilization, 0.8)).toBeLessThan(0.004);
    expect(rel(r.nodes.app.pWait as number, 0.8)).toBeLessThan(0.004);
    expect(rel(r.latencyMs.mean, th.meanResponse)).toBeLessThan(0.03);
    expect(rel(r.latencyMs.p50, th.responseQuantile(0.5))).toBeLessThan(0.04);
    expect(rel(r.latencyMs.p99, th.responseQuantile(0.99))).toBeLessThan(0.05);
    // The batch-means interval is honest: it covers the exact mean here.
    const [lo, hi] = r.latencyMeanCi95Ms;
    expect(lo).toBeLessThan(th.meanResponse * 1.01);
    expect(hi).toBeGreaterThan(th.meanResponse * 0.99);
  });
});

describe('M/M/c against Erlang C', () => {
  for (const { c, rho, seed } of [
    { c: 4, rho: 0.8, seed: 21 },
    { c: 8, rho: 0.85, seed: 22 },
  ]) {
    it(`c = ${c}, ρ = ${rho}`, () => {
      // S = 4 ms, λ = ρc/S. 2·10^6 requests. The multi-server mean scatters less than M/M/1 at
      // equal ρ; the same 3% / 0.4% bounds hold with margin. P(wait) 1σ ≈ 0.2% → 1.5%.
      const lambdaPerMs = (rho * c) / 4;
      const durationMs = 2e6 / lambdaPerMs;
      const r = runStation({
        rps: lambdaPerMs * 1000,
        service: '4ms',
        cores: c,
        durationMs,
        warmupMs: 20_000,
        seed,
      });
      const th = mmc(lambdaPerMs, 0.25, c);
      const app = r.nodes.app;
      expect(rel(app.utilization, rho)).toBeLessThan(0.004);
      expect(rel(app.pWait as number, th.pWait)).toBeLessThan(0.015);
      expect(rel(r.latencyMs.mean, th.meanResponse)).toBeLessThan(0.02);
      expect(rel(app.meanQueue, th.meanQueue)).toBeLessThan(0.05);
      expect(rel(r.latencyMs.p99, th.responseQuantile(0.99))).toBeLessThan(0.04);
    });
  }
});

describe('M/D/1 and M/G/1 against Pollaczek–Khinchine', () => {
  it('M/D/1 at ρ = 0.8', () => {
    // Deterministic service halves the variance of the wait against M/M/1: the 3% bound holds.
    const r = runStation({
      rps: 800,
      service: { dist: 'const', value: '1ms' },
      cores: 1,
      durationMs: 2_500_000,
      warmupMs: 10_000,
      seed: 31,
    });
    const th = md1(0.8, 1);
    expect(rel(r.nodes.app.utilization, 0.8)).toBeLessThan(0.004);
    expect(rel(r.latencyMs.mean, th.meanResponse)).toBeLessThan(0.03);
    // Nobody waits less than nothing or is served faster than the constant.
    expect(r.latencyMs.p50).toBeGreaterThanOrEqual(1 - 1e-9);
  });

  it('M/G/1 with lognormal service (cv 1.5) at ρ = 0.7', () => {
    // Calibrated: 1σ ≈ 0.9% over 8 seeds at this length → 4%.
    const r = runStation({
      rps: 700,
      service: { dist: 'lognormal', mean: '1ms', cv: 1.5 },
      cores: 1,
      durationMs: 2_000_000,
      warmupMs: 10_000,
      seed: 1,
    });
    const th = mg1(0.7, 1, 1.5);
    expect(rel(r.nodes.app.utilization, 0.7)).toBeLessThan(0.01);
    expect(rel(r.latencyMs.mean, th.meanResponse)).toBeLessThan(0.04);
  });
});

describe('M/M/c/K: finite waiting room', () => {
  it('blocking probability, utilisation and mean response', () => {
    // c = 2, K = 6 (4 waiting places), ρ = 0.9: P_K ≈ 8%. 10^6 arrivals: the blocked count is
    // close to binomial with mild correlation: 1σ ≈ 0.03% absolute (0.35% relative) → 2%.
    const c = 2;
    const K = 6;
    const lambdaPerMs = 1.8; // per ms, S = 1 ms
    const r = runStation({
      rps: 1800,
      service: '1ms',
      cores: c,
      concurrency: c,
      backlog: K - c,
      durationMs: 560_000,
      warmupMs: 5_000,
      seed: 41,
    });
    const th = mmck(lambdaPerMs, 1, c, K);
    const app = r.nodes.app;
    const blocked = app.rejected / app.arrivals;
    expect(rel(blocked, th.blocking)).toBeLessThan(0.02);
    expect(rel(app.utilization, th.utilization)).toBeLessThan(0.005);
    expect(rel(r.latencyMs.mean, th.meanResponse)).toBeLessThan(0.01);
    expect(app.failures['backlog full']).toBe(app.rejected);
    expect(r.requests.rejected).toBeGreaterThan(0);
  });
});
