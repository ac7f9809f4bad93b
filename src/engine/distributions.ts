/**
 * Random variates by inversion: every sample is F⁻¹(u) of exactly one uniform u in [0, 1), so the
 * number of draws taken from a stream never depends on the parameters (streams stay aligned when a
 * user edits a distribution). Only the project's own ln/exp are used, so results are bit-identical
 * on every JavaScript engine.
 */
import { exp, ln, pow } from './fastMath';
import { gammaQuantile, lnGamma } from './gammaQuantile';

/**
 * A distribution of a non-negative quantity (in the engine: a duration in ms).
 * - `exp`: exponential with the given mean (> 0).
 * - `const`: always `value` (≥ 0).
 * - `uniform`: uniform on [min, max], 0 ≤ min ≤ max.
 * - `lognormal`: by mean (> 0) and coefficient of variation cv (0 ≤ cv ≤ 100).
 * - `gamma`: by mean (> 0) and cv (0, or 0.01 ≤ cv ≤ 100); shape 1/cv², so cv = 1/√k is Erlang-k.
 * - `pareto`: bounded Pareto on [L, H] with tail index alpha (> 0), H = maxRatio·L
 *   (1 < maxRatio ≤ 1e12, default 1e4) and L chosen so that the mean is `mean` (> 0).
 */
export type DistSpec =
  | { dist: 'exp'; mean: number }
  | { dist: 'const'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'lognormal'; mean: number; cv: number }
  | { dist: 'gamma'; mean: number; cv: number }
  | { dist: 'pareto'; mean: number; alpha: number; maxRatio?: number };

/** A prepared distribution: `sample(u)` maps a uniform u in [0, 1) to a variate ≥ 0 (no allocation). */
export interface Sampler {
  sample(u: number): number;
  /** Exact mean of the distribution (same unit as the parameters). */
  readonly mean: number;
  /** Exact coefficient of variation (standard deviation / mean; 0 when the mean is 0). */
  readonly cv: number;
}

/** Largest accepted coefficient of variation for lognormal and gamma. */
const MAX_CV = 100;
/**
 * Smallest non-zero gamma cv: the inversion costs O(√shape) = O(1/cv) per draw, and below 1% the
 * distribution is a constant for any practical purpose (use 'const' or 'lognormal').
 */
const MIN_GAMMA_CV = 0.01;
const DEFAULT_PARETO_MAX_RATIO = 1e4;
/** Keeps r^(2-α) in the moment formulas far from overflow for any α > 0. */
const MAX_PARETO_RATIO = 1e12;

class ConstSampler implements Sampler {
  readonly cv = 0;
  constructor(readonly mean: number) {}
  sample(_u: number): number {
    return this.mean;
  }
}

class ExpSampler implements Sampler {
  readonly cv = 1;
  constructor(readonly mean: number) {}
  sample(u: number): number {
    // 1 - u is exact and lies in (0, 1], so u = 0 gives 0 and the result is always finite.
    return 0 - this.mean * ln(1 - u); // 0 - …: u = 0 gives +0, not -0
  }
}

class UniformSampler implements Sampler {
  readonly mean: number;
  readonly cv: number;
  private readonly width: number;
  constructor(
    private readonly min: number,
    max: number,
  ) {
    this.width = max - min;
    this.mean = min + this.width / 2;
    this.cv = this.mean > 0 ? this.width / Math.sqrt(12) / this.mean : 0;
  }
  sample(u: number): number {
    return this.min + this.width * u;
  }
}

class LognormalSampler implements Sampler {
  private readonly mu: number;
  private readonly sigma: number;
  constructor(
    readonly mean: number,
    readonly cv: number,
  ) {
    const sigma2 = ln(1 + cv * cv);
    this.sigma = Math.sqrt(sigma2);
    this.mu = ln(mean) - sigma2 / 2;
  }
  sample(u: number): number {
    // u = 0 gives Φ⁻¹(0) = -∞ and exp(-∞) = 0, the infimum of the support.
    return exp(this.mu + this.sigma * normalQuantile(u));
  }
}

class GammaSampler implements Sampler {
  private readonly shape: number;
  private readonly scale: number;
  private readonly lnGammaShape: number;
  constructor(
    readonly mean: number,
    readonly cv: number,
  ) {
    this.shape = 1 / (cv * cv);
    this.scale = mean * cv * cv;
    this.lnGammaShape = lnGamma(this.shape);
  }
  sample(u: number): number {
    return this.scale * gammaQuantile(u, this.shape, this.lnGammaShape);
  }
}

/** Bounded Pareto on [L, H]: F(x) = (1 - (L/x)^α) / (1 - (L/H)^α). */
class ParetoSampler implements Sampler {
  readonly mean: number;
  readonly cv: number;
  private readonly low: number;
  private readonly massBelowHigh: number; // 1 - (L/H)^α
  private readonly negInvAlpha: number;
  constructor(mean: number, alpha: number, maxRatio: number) {
    const lnRatio = ln(maxRatio);
    this.massBelowHigh = -expm1(-alpha * lnRatio);
    // E[X^j] = L^j·α·∫_0^{ln r} e^{(j-α)t} dt / (1 - r^-α), with the integral written to stay
    // accurate near α = j (where the textbook α/(α-j)·(1 - r^{j-α}) form cancels).
    const m1 = (alpha * lnRatio * expm1OverX((1 - alpha) * lnRatio)) / this.massBelowHigh;
    const m2 = (alpha * lnRatio * expm1OverX((2 - alpha) * lnRatio)) / this.massBelowHigh;
    this.low = mean / m1;
    this.mean = mean;
    this.cv = Math.sqrt(Math.max(0, m2 / (m1 * m1) - 1));
    this.negInvAlpha = -1 / alpha;
  }
  sample(u: number): number {
    // 1 - u·(1 - r^-α) ≥ 1 - u > 0, so the result is finite and within [L, H].
    return this.low * pow(1 - u * this.massBelowHigh, this.negInvAlpha);
  }
}

/** e^x - 1, accurate near 0 (a series there, where the direct form loses digits). */
function expm1(x: number): number {
  return x * expm1OverX(x);
}

/** (e^x - 1)/x, 1 at x = 0. Series for |x| < 1e-4: the next term, x⁴/120, is below 1e-18. */
function expm1OverX(x: number): number {
  if (Math.abs(x) < 1e-4) return 1 + x * (0.5 + x * (1 / 6 + x / 24));
  return (exp(x) - 1) / x;
}

function requireNumber(ok: boolean, dist: string, what: string, value: unknown): void {
  if (!ok) throw new RangeError(`${dist}: ${what}, got ${String(value)}`);
}

/**
 * Prepares a sampler for a distribution.
 * @throws RangeError with a plain sentence when a parameter is out of range.
 */
export function makeSampler(spec: DistSpec): Sampler {
  switch (spec.dist) {
    case 'exp':
      requireNumber(isPositive(spec.mean), 'exp', 'mean must be a finite number > 0', spec.mean);
      return new ExpSampler(spec.mean);
    case 'const':
      requireNumber(isNonNegative(spec.value), 'const', 'value must be a finite number ≥ 0', spec.value);
      return new ConstSampler(spec.value);
    case 'uniform':
      requireNumber(isNonNegative(spec.min), 'uniform', 'min must be a finite number ≥ 0', spec.min);
      requireNumber(
        isNonNegative(spec.max) && spec.max >= spec.min,
        'uniform',
        'max must be ≥ min',
        spec.max,
      );
      return new UniformSampler(spec.min, spec.max);
    case 'lognormal':
    case 'gamma': {
      const { dist, mean, cv } = spec;
      requireNumber(isPositive(mean), dist, 'mean must be a finite number > 0', mean);
      requireNumber(isNonNegative(cv) && cv <= MAX_CV, dist, `cv must be a number in [0, ${MAX_CV}]`, cv);
      // A cv so small that ln(1 + cv²) rounds to 0 is a constant (and would make 0·Φ⁻¹(0) = NaN).
      if (cv === 0 || (dist === 'lognormal' && ln(1 + cv * cv) === 0)) return new ConstSampler(mean);
      if (dist === 'lognormal') return new LognormalSampler(mean, cv);
      requireNumber(cv >= MIN_GAMMA_CV, dist, `cv must be 0 or a number in [${MIN_GAMMA_CV}, ${MAX_CV}]`, cv);
      // Shape 1 is the exponential: same draws, far cheaper than the general inversion.
      return cv === 1 ? new ExpSampler(mean) : new GammaSampler(mean, cv);
    }
    case 'pareto': {
      const maxRatio = spec.maxRatio ?? DEFAULT_PARETO_MAX_RATIO;
      requireNumber(isPositive(spec.mean), 'pareto', 'mean must be a finite number > 0', spec.mean);
      requireNumber(isPositive(spec.alpha), 'pareto', 'alpha must be a finite number > 0', spec.alpha);
      requireNumber(
        isPositive(maxRatio) && maxRatio > 1 && maxRatio <= MAX_PARETO_RATIO,
        'pareto',
        `maxRatio must be a number in (1, ${MAX_PARETO_RATIO}]`,
        maxRatio,
      );
      return new ParetoSampler(spec.mean, spec.alpha, maxRatio);
    }
    default: {
      const unknown: { dist?: unknown } = spec;
      throw new RangeError(`unknown distribution ${JSON.stringify(unknown.dist)}`);
    }
  }
}

function isPositive(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

function isNonNegative(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

// AS241 (Wichura 1988, PPND16) coefficients; relative accuracy about 1e-16.
const A0 = 3.3871328727963665;
const A1 = 133.14166789178438;
const A2 = 1971.5909503065513;
const A3 = 13731.69376550946;
const A4 = 45921.95393154987;
const A5 = 67265.7709270087;
const A6 = 33430.57558358813;
const A7 = 2509.0809287301227;
const B1 = 42.31333070160091;
const B2 = 687.1870074920579;
const B3 = 5394.196021424751;
const B4 = 21213.794301586597;
const B5 = 39307.89580009271;
const B6 = 28729.085735721943;
const B7 = 5226.495278852854;
const C0 = 1.4234371107496835;
const C1 = 4.630337846156546;
const C2 = 5.769497221460691;
const C3 = 3.6478483247632045;
const C4 = 1.2704582524523684;
const C5 = 0.2417807251774506;
const C6 = 0.022723844989269184;
const C7 = 0.0007745450142783414;
const D1 = 2.053191626637759;
const D2 = 1.6763848301838038;
const D3 = 0.6897673349851;
const D4 = 0.14810397642748008;
const D5 = 0.015198666563616457;
const D6 = 0.0005475938084995345;
const D7 = 1.0507500716444169e-9;
const E0 = 6.657904643501103;
const E1 = 5.463784911164114;
const E2 = 1.7848265399172913;
const E3 = 0.29656057182850487;
const E4 = 0.026532189526576124;
const E5 = 0.0012426609473880784;
const E6 = 0.000027115555687434876;
const E7 = 2.0103343992922881e-7;
const F1 = 0.599832206555888;
const F2 = 0.1369298809227358;
const F3 = 0.014875361290850615;
const F4 = 0.0007868691311456133;
const F5 = 0.000018463183175100548;
const F6 = 1.421511758316446e-7;
const F7 = 2.0442631033899397e-15;

/**
 * Φ⁻¹(p), the standard normal quantile, by AS241 (PPND16), using only basic operations, sqrt and
 * the project's ln. Φ⁻¹(0) = -∞, Φ⁻¹(1) = +∞, NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q * (((((((A7 * r + A6) * r + A5) * r + A4) * r + A3) * r + A2) * r + A1) * r + A0)) /
      (((((((B7 * r + B6) * r + B5) * r + B4) * r + B3) * r + B2) * r + B1) * r + 1)
    );
  }
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  let r = q < 0 ? p : 1 - p;
  if (r === 0) return q < 0 ? -Infinity : Infinity;
  r = Math.sqrt(-ln(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((C7 * r + C6) * r + C5) * r + C4) * r + C3) * r + C2) * r + C1) * r + C0) /
      (((((((D7 * r + D6) * r + D5) * r + D4) * r + D3) * r + D2) * r + D1) * r + 1);
  } else {
    r -= 5;
    value =
      (((((((E7 * r + E6) * r + E5) * r + E4) * r + E3) * r + E2) * r + E1) * r + E0) /
      (((((((F7 * r + F6) * r + F5) * r + F4) * r + F3) * r + F2) * r + F1) * r + 1);
  }
  return q < 0 ? -value : value;
}
