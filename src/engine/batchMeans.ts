/**
 * 95% confidence interval of a steady-state mean by the method of batch means, in constant memory.
 *
 * Why not σ/√n: consecutive request latencies are strongly autocorrelated (a request that finds a
 * long queue is followed by others that find nearly the same queue). The variance of the sample
 * mean is then σ²/n × (1 + 2 Σ ρ_k), and the factor in parentheses is easily 10–100 for a busy
 * server, so σ/√n would give intervals several times too narrow that miss the true mean most of
 * the time. Means of long consecutive batches are nearly independent and nearly normal, so a
 * Student t interval over the batch means is valid without estimating the autocorrelation.
 *
 * How: the stream fills batches of size b. When all `maxBatches` (default 32) are full, adjacent
 * pairs merge into maxBatches/2 batches of size 2b. So the batch size grows with the run length
 * (as it must, for batches to outgrow the correlation time) while the number of full batches
 * stays between maxBatches/2 and maxBatches (16–32 by default) once the run is long enough. The
 * partial last batch is left out of the variance.
 */

/** t_{0.975, df} for df = 1..40 (two-sided 95%), to 6 decimals. */
const T975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
  2.200985, 2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963, 2.079614,
  2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272, 2.039513, 2.036933,
  2.034515, 2.032245, 2.030108, 2.028094, 2.026192, 2.024394, 2.022691, 2.021075,
];

/** Normal 0.975 quantile, the limit of t_{0.975, df} for large df. */
const Z975 = 1.959963984540054;

/** Two-sided 95% Student t quantile t_{0.975, df} for integer df ≥ 1 (table up to 40, then expansion). */
export function studentT975(df: number): number {
  if (df <= T975.length) return T975[df - 1];
  // Cornish–Fisher expansion of t in powers of 1/df (two terms); absolute error < 4e-5 for df > 40.
  const z = Z975;
  const z3 = z * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96 * df * df);
}

/** Streaming batch-means estimator of a mean and its 95% confidence interval. */
export class BatchMeans {
  /** Sum of each full batch; only the first `full` entries are meaningful. */
  private readonly sums: Float64Array;
  private readonly maxBatches: number;
  private full = 0;
  private size = 1;
  private partialSum = 0;
  private partialCount = 0;
  private n = 0;
  private total = 0;

  /** @param maxBatches most full batches kept (even, ≥ 4; default 32 ⇒ 16–32 batches). */
  constructor(maxBatches = 32) {
    if (!(maxBatches >= 4 && maxBatches % 2 === 0)) throw new RangeError('maxBatches must be even and ≥ 4');
    this.maxBatches = maxBatches;
    this.sums = new Float64Array(maxBatches);
  }

  /** Number of observations added. */
  get count(): number {
    return this.n;
  }

  /** Number of full batches (the partial one is not counted). */
  get batches(): number {
    return this.full;
  }

  /** Observations per full batch (a power of two). */
  get batchSize(): number {
    return this.size;
  }

  /** Adds one observation (e.g. a request latency in ms, in completion order). No allocation. */
  add(x: number): void {
    this.n++;
    this.total += x;
    this.partialSum += x;
    if (++this.partialCount < this.size) return;
    const sums = this.sums;
    sums[this.full++] = this.partialSum;
    this.partialSum = 0;
    this.partialCount = 0;
    if (this.full === this.maxBatches) {
      const half = this.maxBatches >> 1;
      for (let i = 0; i < half; i++) sums[i] = sums[2 * i] + sums[2 * i + 1];
      this.full = half;
      this.size *= 2;
    }
  }

  /** Mean of all observations, the partial batch included; 0 when empty. */
  mean(): number {
    return this.n === 0 ? 0 : this.total / this.n;
  }

  /**
   * 95% confidence interval [low, high] for the steady-state mean: mean() ± t_{0.975,k−1} · s/√k,
   * where s is the standard deviation of the k full batch means. [mean, mean] when k < 2 (no
   * variance estimate is possible). Centring on the mean of all observations rather than of the
   * full batches only adds the partial batch's data, which can only shrink the centre's variance.
   */
  ci95(): [number, number] {
    const m = this.mean();
    const k = this.full;
    if (k < 2) return [m, m];
    const sums = this.sums;
    const size = this.size;
    let avg = 0;
    for (let i = 0; i < k; i++) avg += sums[i] / size;
    avg /= k;
    let ss = 0;
    for (let i = 0; i < k; i++) {
      const d = sums[i] / size - avg;
      ss += d * d;
    }
    const half = studentT975(k - 1) * Math.sqrt(ss / (k - 1) / k);
    return [m - half, m + half];
  }

  /** Forgets every observation (e.g. at the end of warm-up); batch size restarts at 1. */
  reset(): void {
    this.sums.fill(0);
    this.full = 0;
    this.size = 1;
    this.partialSum = 0;
    this.partialCount = 0;
    this.n = 0;
    this.total = 0;
  }
}
