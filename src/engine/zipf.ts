/**
 * Zipf-distributed keys: key k in [0, n) has probability (k+1)^-s / H(n, s), key 0 the most popular.
 *
 * The first min(n, 65536) keys use an exact cumulative table (binary search, 16 steps at most).
 * Keys beyond it use the continuous approximation in which rank r = k+1 owns [r - 1/2, r + 1/2)
 * of the density r^-s, inverted in closed form; it differs from the exact weight by a relative
 * s(s+1)/(24 r²) ≤ 3e-10·s(s+1) there, so memory stays at 512 KiB for any n.
 */
import { exp, ln } from './fastMath';

const TABLE_KEYS = 65536;
/** Below this many terms, harmonic() sums exactly; above, the remainder is Euler–Maclaurin. */
const EXACT_TERMS = 1024;
/** Buckets of the guide table that narrows the search of the exact CDF table. */
const GUIDE_BUCKETS = 4096;

export class ZipfKeys {
  /** cumulative[i] = Σ_{r=1}^{i+1} r^-s (compensated summation, so exact to rounding). */
  private readonly cumulative: Float64Array;
  /** guide[j]: the key for target j·tableMass/GUIDE_BUCKETS (monotone, so it brackets searches). */
  private readonly guide: Int32Array;
  private readonly guideScale: number;
  private readonly tableMass: number;
  private readonly total: number;
  private readonly harmonicNumber: number;
  /** Rank at which the continuous tail starts (midpoint of the first tail rank's cell). */
  private readonly tailStart: number;
  private readonly tailStartPowNegZ: number; // tailStart^(s-1)

  /**
   * @param n number of keys: a whole number ≥ 1 (up to 2^53 - 1).
   * @param s exponent ≥ 0 (0: uniform; ~1: typical web popularity).
   * @throws RangeError when n or s is out of range.
   */
  constructor(
    readonly n: number,
    readonly s: number,
  ) {
    if (!Number.isSafeInteger(n) || n < 1)
      throw new RangeError(`zipf: key count must be a whole number ≥ 1, got ${n}`);
    if (!(Number.isFinite(s) && s >= 0))
      throw new RangeError(`zipf: exponent must be a finite number ≥ 0, got ${s}`);
    const m = Math.min(n, TABLE_KEYS);
    this.cumulative = new Float64Array(m);
    let sum = 0;
    let compensation = 0;
    for (let i = 0; i < m; i++) {
      // Neumaier summation: the running total stays correctly rounded over 65536 terms.
      const term = rankWeight(i + 1, s);
      const t = sum + term;
      compensation += Math.abs(sum) >= term ? sum - t + term : term - t + sum;
      sum = t;
      this.cumulative[i] = sum + compensation;
    }
    this.tableMass = this.cumulative[m - 1];
    this.guideScale = GUIDE_BUCKETS / this.tableMass;
    this.guide = new Int32Array(GUIDE_BUCKETS + 1);
    for (let j = 0, i = 0; j <= GUIDE_BUCKETS; j++) {
      const edge = j / this.guideScale;
      while (i < m - 1 && !(this.cumulative[i] > edge)) i++;
      this.guide[j] = i;
    }
    this.tailStart = m + 0.5;
    this.tailStartPowNegZ = exp((s - 1) * ln(this.tailStart));
    this.total = this.tableMass + (n > m ? powerIntegral(this.tailStart, n + 0.5, s) : 0);
    this.harmonicNumber = ZipfKeys.harmonic(n, s);
  }

  /** Maps a uniform u in [0, 1) to a key in [0, n). O(log 65536) in the table, O(1) in the tail. */
  key(u: number): number {
    const target = u * this.total;
    const cumulative = this.cumulative;
    if (target < this.tableMass) {
      // Smallest i with cumulative[i] > target, searched only between the guide entries around
      // target's bucket (one bucket either side absorbs rounding in the bucket index). The answer
      // is the same as a search over the whole table, in a handful of steps instead of sixteen.
      const j = Math.floor(target * this.guideScale);
      let lo = this.guide[j > 0 ? j - 1 : 0];
      let hi = this.guide[Math.min(j + 2, GUIDE_BUCKETS)];
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid] > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    }
    const tableKeys = cumulative.length;
    if (this.n === tableKeys) return tableKeys - 1; // u·total rounded up to total
    // Solve ∫_a^y r^-s dr = τ (a = tailStart) in closed form: with z = 1 - s and q = z·τ·a^-z,
    // ln(y/a) = ln(1 + q)/z = τ·a^-z·ln(1 + q)/q, which stays accurate as z → 0.
    const tau = target - this.tableMass;
    const q = (1 - this.s) * tau * this.tailStartPowNegZ;
    const y = this.tailStart * exp(tau * this.tailStartPowNegZ * log1pOverX(q));
    const rank = Math.floor(y + 0.5);
    // Rounding may put y a hair outside [a, n + 1/2] (or make 1 + q ≤ 0 for huge n and s > 1).
    if (!(rank < this.n)) return this.n - 1;
    return rank > tableKeys ? rank - 1 : tableKeys;
  }

  /** Probability of key k (0 outside [0, n)): (k+1)^-s / H(n, s). */
  probability(k: number): number {
    if (!(k >= 0 && k < this.n)) return 0;
    return rankWeight(Math.floor(k) + 1, this.s) / this.harmonicNumber;
  }

  /**
   * Generalized harmonic number H(n, s) = Σ_{r=1}^{n} r^-s: an exact sum for n ≤ 1024, else the
   * first 1023 terms exactly plus Euler–Maclaurin for the rest (error below 1e-16 relative).
   */
  static harmonic(n: number, s: number): number {
    if (!(n >= 1)) return 0;
    const exactTerms = Math.min(Math.floor(n), EXACT_TERMS);
    let sum = 0;
    // Smallest terms first, for accuracy.
    for (let r = exactTerms; r >= 1; r--) sum += rankWeight(r, s);
    if (n <= EXACT_TERMS) return sum;
    // Σ_{r=M+1}^{N} f(r) = ∫_M^N f + (f(N) - f(M))/2 + Σ_k B_2k/(2k)! (f^(2k-1)(N) - f^(2k-1)(M)).
    const m = EXACT_TERMS;
    return (
      sum +
      powerIntegral(m, n, s) +
      (rankWeight(n, s) - rankWeight(m, s)) / 2 +
      eulerMaclaurinTail(n, s) -
      eulerMaclaurinTail(m, s)
    );
  }
}

/** r^-s, with 0^... never asked (r ≥ 1) and s = 0 exactly 1. */
function rankWeight(r: number, s: number): number {
  return s === 0 ? 1 : exp(-s * ln(r));
}

/**
 * Σ_k B_2k/(2k)! f^(2k-1)(x) for f(x) = x^-s, k = 1..3: with x ≥ 1024 the next term is below
 * 1e-25 relative to f(x).
 */
function eulerMaclaurinTail(x: number, s: number): number {
  const f = rankWeight(x, s);
  const inv = 1 / x;
  const inv2 = inv * inv;
  // f'(x) = -s f/x; f'''(x) = -s(s+1)(s+2) f/x³; f^(5) = -s(s+1)(s+2)(s+3)(s+4) f/x⁵.
  const d1 = -s * f * inv;
  const d3 = d1 * (s + 1) * (s + 2) * inv2;
  const d5 = d3 * (s + 3) * (s + 4) * inv2;
  return d1 / 12 - d3 / 720 + d5 / 30240;
}

/** ∫_a^b r^-s dr for 0 < a ≤ b, accurate for s near 1 (no (b^(1-s) - a^(1-s))/(1-s) cancellation). */
function powerIntegral(a: number, b: number, s: number): number {
  const lnRatio = ln(b / a);
  const z = 1 - s;
  return exp(z * ln(a)) * lnRatio * expm1OverX(z * lnRatio);
}

/** (e^x - 1)/x, 1 at 0; a series for |x| < 1e-4, where the next term is below 1e-18. */
function expm1OverX(x: number): number {
  if (Math.abs(x) < 1e-4) return 1 + x * (0.5 + x * (1 / 6 + x / 24));
  return (exp(x) - 1) / x;
}

/** ln(1 + x)/x, 1 at 0; a series for |x| < 1e-4, and a rounding-corrected ln(1 + x) above. */
function log1pOverX(x: number): number {
  if (Math.abs(x) < 1e-4) return 1 - x * (0.5 - x * (1 / 3 - x / 4));
  const w = 1 + x;
  // ln(w) - (w - 1 - x)/w recovers the bits lost when forming 1 + x (Goldberg's trick).
  return (ln(w) - (w - 1 - x) / w) / x;
}
