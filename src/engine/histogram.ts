/**
 * Log-bucketed latency histogram in constant memory (HDR-style).
 *
 * A positive float64 is bucketed by the top bits of its IEEE-754 pattern: the 11-bit exponent plus
 * the 7 most significant mantissa bits. That splits every octave [2^e, 2^(e+1)) into 128 equal
 * sub-buckets of relative width ≤ 1/128. A percentile is reported as the midpoint of the bucket that
 * holds the exact order statistic, so its relative error is at most (1/256) / 1 ≈ 0.39%, below the
 * 0.5% of the contract. Bucketing reads bits (no Math.log), so it is exact and identical on every
 * JavaScript engine, and record() is a handful of integer operations with no allocation.
 *
 * Covered range: [2^-20, 2^34) ms ≈ [9.5e-7 ms, 1.7e10 ms] in 54 octaves = 6912 buckets, plus one
 * bucket for exact zeros. Smaller positive values land in the first bucket and larger ones in the last
 * (their percentiles are then clamped by the exact min/max). count, sum, min and max are exact.
 */

/** Smallest value with its own bucket, in ms (2^-20 ≈ 9.5e-7). Smaller positive values are clamped. */
export const HISTOGRAM_MIN_MS = 2 ** -20;
/** Values at or above this (2^34 ≈ 1.7e10 ms) share the last bucket. */
export const HISTOGRAM_MAX_MS = 2 ** 34;
/** Worst-case relative error of percentile() for values within range: half a bucket, 1/256. */
export const HISTOGRAM_RELATIVE_ERROR = 1 / 256;

/** Sub-bucket bits per octave: 7 ⇒ 128 sub-buckets. */
const SUB_BITS = 7;
/** The high 32-bit word holds sign(1) | exponent(11) | mantissa top 20 bits; keep exponent + 7 bits. */
const SHIFT = 20 - SUB_BITS;
const MIN_EXPONENT = -20;
const MAX_EXPONENT = 34;
/** (high word >>> SHIFT) of HISTOGRAM_MIN_MS: biased exponent shifted above the sub-bucket bits. */
const INDEX_OFFSET = (1023 + MIN_EXPONENT) << SUB_BITS;
/** Number of regular (non-zero) buckets. */
const REGULAR_BUCKETS = (MAX_EXPONENT - MIN_EXPONENT) << SUB_BITS;
/** Index 0 is the zero bucket; regular buckets are 1..REGULAR_BUCKETS. */
const BUCKETS = REGULAR_BUCKETS + 1;

// Shared scratch for reading a double's bits. Which Uint32 element holds the high word depends on
// platform endianness; detect it once instead of assuming little-endian.
const scratchF64 = new Float64Array(1);
const scratchU32 = new Uint32Array(scratchF64.buffer);
scratchF64[0] = 1;
const HI = scratchU32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/**
 * Bucket index of v (v > 0 or the zero bucket for anything else). Exported with recordInBucket so
 * that a caller recording one value into several histograms computes it once.
 */
export function bucketIndex(v: number): number {
  if (!(v >= HISTOGRAM_MIN_MS)) return v > 0 ? 1 : 0;
  if (v >= HISTOGRAM_MAX_MS) return REGULAR_BUCKETS;
  scratchF64[0] = v;
  return (scratchU32[HI] >>> SHIFT) - INDEX_OFFSET + 1;
}

/** Number of buckets (index 0 holds exact zeros), the length of countsView(). */
export const HISTOGRAM_BUCKETS = BUCKETS;

/** Midpoint of bucket i ≥ 1, built from bits: lower bound's pattern plus half a sub-bucket (exact). */
export function bucketMidpoint(i: number): number {
  scratchU32[HI] = ((i - 1 + INDEX_OFFSET) << SHIFT) | (1 << (SHIFT - 1));
  scratchU32[LO] = 0;
  return scratchF64[0];
}

/**
 * 1-based rank of the q-quantile among n observations: ceil(q·n), clamped to [1, n]. The tiny
 * subtraction keeps products like 0.07·100 = 7.000000000000001 from jumping to the next rank.
 */
export function percentileRank(q: number, n: number): number {
  const r = Math.ceil(q * n - 1e-9);
  return Math.max(1, Math.min(n, r));
}

/** Streaming latency distribution in milliseconds; ≤ 0.39% relative error on any percentile. */
export class LatencyHistogram {
  /** Observations per bucket; float64 counts stay exact up to 2^53. */
  private readonly counts: Float64Array;
  private n = 0;
  private total = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;

  constructor() {
    this.counts = new Float64Array(BUCKETS);
  }

  /** Number of recorded observations. */
  get count(): number {
    return this.n;
  }

  /** Exact sum of recorded values in ms (summed in recording order). */
  get sum(): number {
    return this.total;
  }

  /** Exact smallest recorded value in ms; 0 when empty. */
  get min(): number {
    return this.n === 0 ? 0 : this.lo;
  }

  /** Exact largest recorded value in ms; 0 when empty. */
  get max(): number {
    return this.n === 0 ? 0 : this.hi;
  }

  /** Arithmetic mean in ms; 0 when empty. */
  mean(): number {
    return this.n === 0 ? 0 : this.total / this.n;
  }

  /**
   * Records one value in ms. Negative values and NaN are recorded as 0 (latencies cannot be
   * negative; this keeps sum and percentiles finite). Hot path: no allocation.
   */
  record(v: number): void {
    if (!(v > 0)) v = 0;
    this.n++;
    this.total += v;
    if (v < this.lo) this.lo = v;
    if (v > this.hi) this.hi = v;
    this.counts[bucketIndex(v)]++;
  }

  /**
   * record(v) for a v already known to be > 0 or exactly 0 (not NaN, not negative), whose
   * bucketIndex(v) the caller computed: the same effect, minus the repeated work.
   */
  recordInBucket(bucket: number, v: number): void {
    this.n++;
    this.total += v;
    if (v < this.lo) this.lo = v;
    if (v > this.hi) this.hi = v;
    this.counts[bucket]++;
  }

  /** Records value v (ms) n times (n a non-negative integer); same as n calls to record(v) for count/min/max. */
  recordN(v: number, n: number): void {
    if (!(n > 0)) return;
    if (!(v > 0)) v = 0;
    this.n += n;
    this.total += v * n;
    if (v < this.lo) this.lo = v;
    if (v > this.hi) this.hi = v;
    this.counts[bucketIndex(v)] += n;
  }

  /**
   * Value at 1-based rank ceil(q·count) in ms, q in [0, 1] (clamped). q = 0 gives the exact min and
   * q = 1 the exact max; other ranks give the midpoint of the bucket holding that order statistic,
   * clamped to [min, max]. 0 when empty. Walks the buckets between min and max: call it rarely.
   */
  percentile(q: number): number {
    const n = this.n;
    if (n === 0) return 0;
    const rank = percentileRank(q, n);
    if (rank <= 1) return this.lo;
    if (rank >= n) return this.hi;
    const counts = this.counts;
    const last = bucketIndex(this.hi);
    let cumulative = 0;
    for (let i = bucketIndex(this.lo); i <= last; i++) {
      cumulative += counts[i];
      if (cumulative >= rank) {
        if (i === 0) return 0;
        const mid = bucketMidpoint(i);
        return Math.max(this.lo, Math.min(this.hi, mid));
      }
    }
    return this.hi; // unreachable while counts and n agree
  }

  /** Adds every observation of other into this histogram (other is unchanged). */
  merge(other: LatencyHistogram): void {
    if (other.n === 0) return;
    const src = other.counts;
    const dst = this.counts;
    const last = bucketIndex(other.hi);
    for (let i = bucketIndex(other.lo); i <= last; i++) dst[i] += src[i];
    this.n += other.n;
    this.total += other.total;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
  }

  /** Empties the histogram (used per series window and at the end of warm-up); no allocation. */
  reset(): void {
    if (this.n !== 0) this.counts.fill(0, bucketIndex(this.lo), bucketIndex(this.hi) + 1);
    this.n = 0;
    this.total = 0;
    this.lo = Number.POSITIVE_INFINITY;
    this.hi = Number.NEGATIVE_INFINITY;
  }

  /**
   * The per-bucket counts, read-only (index as bucketIndex): lets an observer take windowed
   * differences of a cumulative histogram (alert rules) without recording anything twice.
   */
  countsView(): Readonly<Float64Array> {
    return this.counts;
  }

  /** Independent copy. */
  clone(): LatencyHistogram {
    const copy = new LatencyHistogram();
    copy.counts.set(this.counts);
    copy.n = this.n;
    copy.total = this.total;
    copy.lo = this.lo;
    copy.hi = this.hi;
    return copy;
  }
}

/** Structurally identical to LatencySummary of result@1 (the engine does not import scenario). */
export interface HistogramSummary {
  /** Mean in ms. */
  mean: number;
  /** Percentiles in ms at ranks ceil(q·n). */
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  /** Exact maximum in ms. */
  max: number;
}

/** Summary of a histogram in ms; all zeros when empty. */
export function summarize(h: LatencyHistogram): HistogramSummary {
  return {
    mean: h.mean(),
    p50: h.percentile(0.5),
    p90: h.percentile(0.9),
    p95: h.percentile(0.95),
    p99: h.percentile(0.99),
    p999: h.percentile(0.999),
    max: h.max,
  };
}
