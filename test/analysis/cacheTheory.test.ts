/**
 * Cache hit-ratio theory against limits, closed forms and an exact LRU computation for small key
 * sets. Nothing here is random: tolerances reflect rounding, or for Che the known size of the
 * approximation's error, stated at each use.
 */
import { describe, expect, it } from 'vitest';
import {
  cheCharacteristicTime,
  cheLruHitRatio,
  ttlHitRatio,
  zipfProbabilities,
} from '../../src/analysis/cacheTheory';

/**
 * Exact LRU hit ratio under the independent reference model (King, 1971): the cache's recency
 * order (i1..iC) has stationary probability Π_k p_{ik} / (1 − Σ_{j<k} p_{ij}), and a request hits
 * with probability Σ_{i in cache} p_i. Enumerates every ordered state: small n only.
 */
function exactLruHitRatio(p: Float64Array, capacity: number): number {
  const inCache = new Array<boolean>(p.length).fill(false);
  let hit = 0;
  const visit = (depth: number, prob: number, used: number): void => {
    if (depth === capacity) {
      hit += prob * used;
      return;
    }
    for (let i = 0; i < p.length; i++) {
      if (inCache[i]) continue;
      inCache[i] = true;
      visit(depth + 1, (prob * p[i]) / (1 - used), used + p[i]);
      inCache[i] = false;
    }
  };
  visit(0, 1, 0);
  return hit;
}

describe('zipfProbabilities', () => {
  it('is normalised, decreasing, and has the Zipf ratios', () => {
    const p = zipfProbabilities(1000, 0.99);
    const total = p.reduce((s, x) => s + x, 0);
    expect(Math.abs(total - 1)).toBeLessThan(1e-13); // 1000 additions of ≤ 1 ulp each
    for (let i = 1; i < p.length; i++) expect(p[i]).toBeLessThan(p[i - 1]);
    expect(p[0] / p[9]).toBeCloseTo(10 ** 0.99, 10);
    expect(zipfProbabilities(4, 0)).toEqual(new Float64Array([0.25, 0.25, 0.25, 0.25]));
    // H_3 = 11/6 for s = 1.
    expect(zipfProbabilities(3, 1)[0]).toBeCloseTo(6 / 11, 15);
  });

  it('rejects invalid arguments', () => {
    expect(() => zipfProbabilities(0, 1)).toThrow(RangeError);
    expect(() => zipfProbabilities(10, -1)).toThrow(RangeError);
  });
});

describe('cheLruHitRatio', () => {
  it('gives C/N for uniform popularity (where it is exact)', () => {
    for (const [n, c] of [
      [100, 10],
      [1000, 999],
      [50_000, 1234],
    ]) {
      // The root-finder stops at 1e-10 relative in T; h = 1 − e^{−T/N} moves less than that.
      expect(Math.abs(cheLruHitRatio(zipfProbabilities(n, 0), c) - c / n)).toBeLessThan(1e-9);
    }
  });

  it('is 1 when the cache holds every key and 0 when it holds none', () => {
    const p = zipfProbabilities(100, 0.8);
    expect(cheLruHitRatio(p, 100)).toBe(1);
    expect(cheLruHitRatio(p, 1e6)).toBe(1);
    expect(cheLruHitRatio(p, 0)).toBe(0);
    // Keys that are never requested do not need room.
    expect(cheLruHitRatio(new Float64Array([0.5, 0.5, 0, 0]), 2)).toBe(1);
    // Just below full, Che is close to 1 but not 1.
    const nearlyFull = cheLruHitRatio(p, 99);
    expect(nearlyFull).toBeLessThan(1);
    expect(nearlyFull).toBeGreaterThan(0.99);
  });

  it('is close to the exact LRU hit ratio for small key sets', () => {
    // Che's approximation is not exact (its error shrinks as the cache grows); on these cases it
    // is off by at most 0.0022 (measured), against 0.011 for a 2-key cache, so 0.005 is a bound
    // that still catches any real mistake in T_C or in the hit sum.
    for (const [n, c, s] of [
      [10, 4, 0.8],
      [8, 5, 0.5],
      [12, 5, 1.0],
      [9, 4, 1.2],
    ]) {
      const p = zipfProbabilities(n, s);
      expect(Math.abs(cheLruHitRatio(p, c) - exactLruHitRatio(p, c))).toBeLessThan(0.005);
    }
  });

  it('solves the characteristic-time equation, also for a million keys', () => {
    const p = zipfProbabilities(1_000_000, 0.99);
    for (const c of [10, 10_000, 900_000]) {
      const t = cheCharacteristicTime(p, c);
      let filled = 0;
      for (let i = 0; i < p.length; i++) filled += -Math.expm1(-p[i] * t);
      // T is accurate to 1e-10 relative and the slope of the sum is ≤ 1, so |Σ − C| ≤ ~1e-10·T.
      expect(Math.abs(filled - c)).toBeLessThan(1e-9 * Math.max(c, t));
    }
    // A bigger cache never hits less.
    expect(cheLruHitRatio(p, 10_000)).toBeGreaterThan(cheLruHitRatio(p, 1000));
  });

  it('normalises a popularity vector that does not sum to 1', () => {
    const p = zipfProbabilities(50, 0.9);
    const scaled = p.map((x) => x * 7);
    expect(Math.abs(cheLruHitRatio(scaled, 10) - cheLruHitRatio(p, 10))).toBeLessThan(1e-9);
  });
});

describe('ttlHitRatio', () => {
  it('matches the per-key alternating-renewal value', () => {
    // Independently: the entry is present for T, then absent until the next request (mean 1/λ);
    // by PASTA a request hits with the time fraction present, T / (T + 1/λ).
    const p = zipfProbabilities(20, 1);
    const rate = 0.05; // per ms (50 req/s)
    const ttl = 200; // ms
    let expected = 0;
    for (let i = 0; i < p.length; i++) expected += p[i] * (ttl / (ttl + 1 / (p[i] * rate)));
    expect(Math.abs(ttlHitRatio(p, rate, ttl) - expected)).toBeLessThan(1e-14);
    // One key at 1 req/ms with a 1 ms TTL: one hit per miss on average, so 1/2.
    expect(ttlHitRatio(new Float64Array([1]), 1, 1)).toBe(0.5);
  });

  it('goes to 1 as the TTL grows and to 0 as it shrinks', () => {
    const p = zipfProbabilities(1000, 0.8);
    expect(ttlHitRatio(p, 1, Number.POSITIVE_INFINITY)).toBe(1);
    expect(ttlHitRatio(p, 1, 0)).toBe(0);
    expect(ttlHitRatio(p, 0, 1000)).toBe(0);
    expect(ttlHitRatio(p, 1, 1e12)).toBeGreaterThan(0.999_99);
    expect(ttlHitRatio(p, 1, 1e-6)).toBeLessThan(1e-5);
    let previous = 0;
    for (const ttl of [1, 10, 100, 1000, 10_000]) {
      const h = ttlHitRatio(p, 1, ttl);
      expect(h).toBeGreaterThan(previous);
      previous = h;
    }
  });

  it('rejects invalid arguments', () => {
    const p = zipfProbabilities(10, 1);
    expect(() => ttlHitRatio(p, -1, 10)).toThrow(RangeError);
    expect(() => ttlHitRatio(p, 1, -10)).toThrow(RangeError);
    expect(() => ttlHitRatio(new Float64Array([0, 0]), 1, 10)).toThrow(RangeError);
  });
});
