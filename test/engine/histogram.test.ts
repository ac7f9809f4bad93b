import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HISTOGRAM_MAX_MS,
  HISTOGRAM_MIN_MS,
  HISTOGRAM_RELATIVE_ERROR,
  LatencyHistogram,
  summarize,
} from '../../src/engine/histogram';

const QUANTILES = [0.5, 0.9, 0.95, 0.99, 0.999];

/** Exact percentile of a sorted array: the value at 1-based rank ceil(q·n), clamped to [1, n]. */
function exactPercentile(sorted: number[], q: number): number {
  const n = sorted.length;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n - 1e-9)));
  return sorted[rank - 1];
}

function histogramOf(values: number[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h;
}

/**
 * Positive values of widely varied magnitude inside the covered range: raw doubles (spread over
 * all exponents), millisecond-like values with many ties, and values just around powers of two
 * (bucket edges, where an off-by-one in the bit arithmetic would show).
 */
const positiveValue = fc.oneof(
  fc.double({ min: HISTOGRAM_MIN_MS, max: 1e10, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 1, max: 5_000_000 }).map((x) => x / 1000),
  fc
    .tuple(fc.integer({ min: -20, max: 33 }), fc.integer({ min: -3, max: 3 }))
    .map(([e, k]) => Math.max(HISTOGRAM_MIN_MS, 2 ** e * (1 + k * 2 ** -52))),
);

describe('LatencyHistogram', () => {
  it('every percentile is within 1/256 (< 0.5%) relative of the exact sorted-array percentile', () => {
    let worst = 0;
    fc.assert(
      fc.property(fc.array(positiveValue, { minLength: 1, maxLength: 2000 }), (values) => {
        const h = histogramOf(values);
        const sorted = [...values].sort((a, b) => a - b);
        for (const q of QUANTILES) {
          const exact = exactPercentile(sorted, q);
          const err = Math.abs(h.percentile(q) - exact) / exact;
          worst = Math.max(worst, err);
          // The bucket that holds the order statistic has relative width 1/128; its midpoint is
          // within half of that of any value in it. 1e-12 absorbs nothing but float rounding.
          expect(err).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR + 1e-12);
        }
      }),
      { seed: 20240601, numRuns: 300 },
    );
    expect(HISTOGRAM_RELATIVE_ERROR).toBeLessThan(0.005);
    // Proves the property exercised non-trivial errors (not all exact hits via min/max clamping).
    expect(worst).toBeGreaterThan(0.001);
  });

  it('the error bound is nearly attained at a bucket edge and never exceeded on a dense sweep', () => {
    // One value per step of 1/1024 of an octave across two octaves: every sub-bucket, both edges.
    let worst = 0;
    for (let i = 0; i < 2048; i++) {
      const v = 2 ** 5 * 2 ** (i / 1024);
      const h = new LatencyHistogram();
      h.record(1e-3); // makes v neither the min nor the max, so the bucket midpoint is reported
      h.record(v);
      h.record(1e9);
      const err = Math.abs(h.percentile(0.5) - v) / v;
      worst = Math.max(worst, err);
    }
    expect(worst).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR);
    expect(worst).toBeGreaterThan(0.0038); // close to 1/256 ≈ 0.0039: the buckets are not finer than claimed
  });

  it('q = 0 and q = 1 give the exact min and max; count, sum, mean, min, max are exact', () => {
    fc.assert(
      fc.property(fc.array(positiveValue, { minLength: 1, maxLength: 500 }), (values) => {
        const h = histogramOf(values);
        let sum = 0;
        for (const v of values) sum += v; // same order as record(): bit-identical
        expect(h.count).toBe(values.length);
        expect(h.sum).toBe(sum);
        expect(h.mean()).toBe(sum / values.length);
        expect(h.min).toBe(Math.min(...values));
        expect(h.max).toBe(Math.max(...values));
        expect(h.percentile(0)).toBe(h.min);
        expect(h.percentile(1)).toBe(h.max);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('merge(a, b) equals recording both streams into one histogram', () => {
    fc.assert(
      fc.property(
        fc.array(positiveValue, { maxLength: 800 }),
        fc.array(positiveValue, { maxLength: 800 }),
        (xs, ys) => {
          const a = histogramOf(xs);
          const b = histogramOf(ys);
          const both = histogramOf([...xs, ...ys]);
          a.merge(b);
          expect(a.count).toBe(both.count);
          expect(a.min).toBe(both.min);
          expect(a.max).toBe(both.max);
          // Sums differ only by association order: a few ulps of the total.
          expect(Math.abs(a.sum - both.sum)).toBeLessThanOrEqual(1e-12 * both.sum);
          for (let q = 0; q <= 1; q += 1 / 64) expect(a.percentile(q)).toBe(both.percentile(q));
          expect(b.count).toBe(ys.length); // other is left unchanged
        },
      ),
      { seed: 11, numRuns: 150 },
    );
  });

  it('returns zeros when empty, and summarize gives a LatencySummary of zeros', () => {
    const h = new LatencyHistogram();
    expect([h.count, h.sum, h.mean(), h.min, h.max, h.percentile(0.5), h.percentile(1)]).toEqual([
      0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(summarize(h)).toEqual({ mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 });
  });

  it('summarize reports the percentiles and the exact max', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.record(i);
    const s = summarize(h);
    expect(s.mean).toBe(500.5);
    expect(s.max).toBe(1000);
    // Exact ranks: 500, 900, 950, 990, 999; each within half a bucket.
    const expected = { p50: 500, p90: 900, p95: 950, p99: 990, p999: 999 };
    for (const [key, exact] of Object.entries(expected)) {
      const got = s[key as keyof typeof expected];
      expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR);
    }
  });

  it('puts zeros (and negatives, NaN) in the zero bucket and clamps values outside the range', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 60; i++) h.record(0);
    h.record(-5);
    h.record(Number.NaN);
    for (let i = 0; i < 38; i++) h.record(1);
    expect(h.count).toBe(100);
    expect(h.sum).toBe(38);
    expect(h.min).toBe(0);
    expect(h.percentile(0.62)).toBe(0); // rank 62 is still a zero
    expect(Math.abs(h.percentile(0.63) - 1)).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR);

    const tiny = new LatencyHistogram();
    tiny.record(1e-12);
    tiny.record(2e-12);
    tiny.record(3e-12);
    // All three share the first bucket; its midpoint is clamped into [min, max].
    expect(tiny.percentile(0.5)).toBe(3e-12);
    expect(tiny.min).toBe(1e-12);

    const huge = new LatencyHistogram();
    huge.record(HISTOGRAM_MAX_MS * 4);
    huge.record(HISTOGRAM_MAX_MS * 8);
    huge.record(HISTOGRAM_MAX_MS * 16);
    expect(huge.percentile(0.5)).toBe(HISTOGRAM_MAX_MS * 4); // last bucket's midpoint clamped to min
    expect(huge.max).toBe(HISTOGRAM_MAX_MS * 16);
  });

  it('recordN(v, n) is n calls to record(v)', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.recordN(3.5, 4);
    a.recordN(0.25, 3);
    a.recordN(9, 0);
    for (let i = 0; i < 4; i++) b.record(3.5);
    for (let i = 0; i < 3; i++) b.record(0.25);
    expect(a.count).toBe(7);
    expect(a.sum).toBe(b.sum); // exact here: all values are dyadic
    expect([a.min, a.max]).toEqual([b.min, b.max]);
    for (let q = 0; q <= 1; q += 0.05) expect(a.percentile(q)).toBe(b.percentile(q));
  });

  it('reset empties and clone is independent', () => {
    const h = histogramOf([1, 2, 3, 1000]);
    const c = h.clone();
    h.reset();
    expect(h.count).toBe(0);
    expect(h.percentile(0.5)).toBe(0);
    h.record(7);
    expect(h.percentile(0.5)).toBe(7); // no stale counts survive the reset
    expect(h.percentile(0.99)).toBe(7);
    expect(c.count).toBe(4);
    expect(c.max).toBe(1000);
    expect(Math.abs(c.percentile(0.5) - 2) / 2).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR);
  });

  it('buckets are monotone: a larger value never reports a smaller percentile', () => {
    let previous = 0;
    for (let e = -20; e < 34; e += 0.37) {
      const h = new LatencyHistogram();
      h.record(HISTOGRAM_MIN_MS / 2);
      h.record(2 ** e);
      h.record(HISTOGRAM_MAX_MS);
      const p = h.percentile(0.5);
      expect(p).toBeGreaterThanOrEqual(previous);
      previous = p;
    }
  });
});
