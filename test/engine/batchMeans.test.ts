import { describe, expect, it } from 'vitest';
import { BatchMeans, studentT975 } from '../../src/engine/batchMeans';

/** mulberry32: tiny seeded 32-bit generator, uniform in (0, 1). Test-only. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/** Standard normal variates by Box–Muller (one per call; the sine twin is discarded for simplicity). */
function normals(seed: number): () => number {
  const u = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

const REPLICATIONS = 400;

interface Coverage {
  batchMeans: number;
  naive: number;
  minBatches: number;
  maxBatches: number;
}

/**
 * Runs REPLICATIONS independent series of length length(r) from `series` (a fresh seeded process per
 * replication) and counts how often the batch-means CI and the naive σ/√n CI cover trueMean.
 */
function coverage(
  length: (replication: number) => number,
  trueMean: number,
  series: (seed: number) => () => number,
): Coverage {
  let bm = 0;
  let naive = 0;
  let minBatches = Number.POSITIVE_INFINITY;
  let maxBatches = 0;
  for (let r = 0; r < REPLICATIONS; r++) {
    const n = length(r);
    const next = series(1000 + r);
    const est = new BatchMeans();
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const x = next();
      est.add(x);
      sum += x;
      sumSq += x * x;
    }
    const [low, high] = est.ci95();
    if (low <= trueMean && trueMean <= high) bm++;
    const mean = sum / n;
    const sd = Math.sqrt((sumSq - n * mean * mean) / (n - 1));
    if (Math.abs(mean - trueMean) <= (1.959964 * sd) / Math.sqrt(n)) naive++;
    minBatches = Math.min(minBatches, est.batches);
    maxBatches = Math.max(maxBatches, est.batches);
  }
  return { batchMeans: bm / REPLICATIONS, naive: naive / REPLICATIONS, minBatches, maxBatches };
}

describe('BatchMeans', () => {
  it('keeps between 16 and 32 full batches whose size doubles, ignoring the partial one', () => {
    const est = new BatchMeans();
    for (let i = 0; i < 31; i++) est.add(i);
    expect([est.batches, est.batchSize]).toEqual([31, 1]);
    est.add(31); // 32nd full batch ⇒ merge into 16 of size 2
    expect([est.batches, est.batchSize]).toEqual([16, 2]);
    for (let i = 32; i < 3000; i++) est.add(i);
    // 3000 = 23 batches of 128 + a partial batch of 56.
    expect([est.batches, est.batchSize]).toEqual([23, 128]);
    expect(est.count).toBe(3000);
    expect(est.mean()).toBe(1499.5);
  });

  it('computes mean ± t·s/√k over the full batch means', () => {
    const est = new BatchMeans(4);
    // Batch size 1 while fewer than 4 batches: three batches 1, 2, 6.
    for (const x of [1, 2, 6]) est.add(x);
    // mean 3, s² = ((−2)² + (−1)² + 3²)/2 = 7, half-width = t_{0.975,2} · √(7/3).
    const half = 4.302653 * Math.sqrt(7 / 3);
    const [low, high] = est.ci95();
    expect(low).toBeCloseTo(3 - half, 12);
    expect(high).toBeCloseTo(3 + half, 12);
  });

  it('returns [mean, mean] with fewer than 2 batches, and reset forgets everything', () => {
    const est = new BatchMeans();
    expect(est.ci95()).toEqual([0, 0]);
    est.add(5);
    expect(est.ci95()).toEqual([5, 5]);
    est.reset();
    expect([est.count, est.mean(), est.batches, est.batchSize]).toEqual([0, 0, 0, 1]);
    est.add(2);
    est.add(4);
    expect(est.mean()).toBe(3);
    expect(est.ci95()[0]).toBeLessThan(3);
  });

  it('embeds t quantiles: table values and the large-df expansion', () => {
    expect(studentT975(1)).toBe(12.706205);
    expect(studentT975(31)).toBe(2.039513);
    expect(studentT975(40)).toBe(2.021075);
    expect(Math.abs(studentT975(41) - 2.019541)).toBeLessThan(1e-4); // scipy t.ppf(0.975, 41)
    expect(Math.abs(studentT975(120) - 1.97993)).toBeLessThan(1e-5); // scipy t.ppf(0.975, 120)
  });

  it('covers the true mean ~95% of the time on i.i.d. normal data', () => {
    // Lengths 1500..6687 spread the final batch count over the whole 16–32 range.
    const c = coverage(
      (r) => 1500 + 13 * r,
      10,
      (seed) => {
        const z = normals(seed);
        return () => 10 + 2 * z();
      },
    );
    // Means of i.i.d. normal batches are i.i.d. normal, so the t interval is exact (centring on the
    // mean of all data, partial batch included, only narrows the centre's spread): the coverage
    // count is ~ Binomial(400, 0.95), sd = √(400·0.95·0.05) ≈ 4.4 replications (1.1%). The band
    // [91%, 98.5%] is 380 −16/+14 ≈ −3.7σ/+3.2σ, so a correct estimator fails it with probability
    // < 0.1%; a half-width off by a factor √2 either way (e.g. a variance of sums instead of means,
    // or s/k instead of s/√k) moves coverage to ~85% or ~99% and fails.
    expect(c.batchMeans).toBeGreaterThanOrEqual(0.91);
    expect(c.batchMeans).toBeLessThanOrEqual(0.985);
    expect(c.minBatches).toBeGreaterThanOrEqual(16);
    expect(c.minBatches).toBeLessThan(20);
    expect(c.maxBatches).toBeGreaterThan(28);
    expect(c.maxBatches).toBeLessThanOrEqual(32);
  });

  it('still covers near nominal on an AR(1) series with phi = 0.9, where σ/√n fails', () => {
    const phi = 0.9;
    const c = coverage(
      () => 20000,
      0,
      (seed) => {
        const z = normals(seed);
        let x = z() / Math.sqrt(1 - phi * phi); // start in the stationary distribution: no warm-up bias
        return () => {
          x = phi * x + z();
          return x;
        };
      },
    );
    // Variance of the mean is inflated by (1 + φ)/(1 − φ) = 19, so σ/√n is √19 ≈ 4.4× too narrow:
    // its expected coverage is P(|Z| < 1.96/√19) ≈ 35% (sd 2.4% over 400 replications), so < 60%
    // cannot fail by chance. The 19 batches of 1024 are far longer than the correlation time
    // (~1/(1 − φ) = 10 steps): they underestimate the variance by only 2φ/(b(1 − φ)²)/19 ≈ 0.9%,
    // so expected coverage is ≈ 94.8%, sd 1.1%; the band [90%, 98.5%] is > 3σ on both sides.
    expect(c.batchMeans).toBeGreaterThanOrEqual(0.9);
    expect(c.batchMeans).toBeLessThanOrEqual(0.985);
    expect(c.naive).toBeLessThan(0.6);
  });
});
