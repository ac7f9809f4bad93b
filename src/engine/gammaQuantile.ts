/**
 * Quantile of the standard gamma distribution (shape a, scale 1): the inverse of the regularized
 * lower incomplete gamma function P(a, x). After Numerical Recipes 3rd ed. §6.2 (gammp, invgammp,
 * gammpapprox), with two changes for accuracy in the upper tail: the residual is taken on the
 * smaller tail (Q = 1 - P is computed directly, never as 1 - P), and the Halley iteration is run
 * on that tail. Only the project's ln/exp are used, so results are identical on every engine.
 * Relative accuracy of the returned x is about 1e-13 or better (see test/engine/distributions).
 */
import { exp, ln, pow } from './fastMath';

const EPS = 2.220446049250313e-16;
const FPMIN = 2.2250738585072014e-308 / EPS;

// Lanczos approximation (NR3 gammln, g = 607/128, 14 terms): ln Γ to about 1e-15 relative.
const LANCZOS = [
  57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202, 0.00003399464998481189,
  0.00004652362892704858, -0.00009837447530487956, 0.0001580887032249125, -0.00021026444172410488,
  0.00021743961811521265, -0.0001643181065367639, 0.00008441822398385275, -0.000026190838401581408,
  0.0000036899182659531625,
];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  let y = x;
  const tmp0 = x + 5.2421875;
  const tmp = (x + 0.5) * ln(tmp0) - tmp0;
  let ser = 0.9999999999999971;
  for (let j = 0; j < 14; j++) ser += LANCZOS[j] / ++y;
  return tmp + ln((2.5066282746310007 * ser) / x);
}

/** P(a, x) by its power series; converges quickly for x < a + 1. */
function lowerSeries(a: number, x: number, lnGammaA: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < 100000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * exp(-x + a * ln(x) - lnGammaA);
}

/** Q(a, x) by its continued fraction (modified Lentz); converges quickly for x > a + 1. */
function upperFraction(a: number, x: number, lnGammaA: number): number {
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= EPS) break;
  }
  return exp(-x + a * ln(x) - lnGammaA) * h;
}

/** Q(a, x) when `upper`, else P(a, x), computing the smaller of the two directly. */
function regularizedGamma(a: number, x: number, lnGammaA: number, upper: boolean): number {
  if (x <= 0) return upper ? 1 : 0;
  let tail: number;
  let tailIsUpper: boolean;
  if (x < a + 1) {
    tail = lowerSeries(a, x, lnGammaA);
    tailIsUpper = false;
  } else {
    tail = upperFraction(a, x, lnGammaA);
    tailIsUpper = true;
  }
  return tailIsUpper === upper ? tail : 1 - tail;
}

/** Halley steps stop once a step is below this fraction of x; the next error is then ~1e-24. */
const STEP_TOLERANCE = 1e-9;
const MAX_STEPS = 20;
/** ln(1e-12): below this, the two-term expansion near 0 is exact to double precision. */
const LN_SMALL_X = -27.631021115928547;

/**
 * The u-quantile of Gamma(shape a, scale 1): the x with P(a, x) = u, for u in [0, 1).
 * `lnGammaA` is lnGamma(a), passed in so that a sampler computes it once.
 */
export function gammaQuantile(u: number, a: number, lnGammaA: number): number {
  if (u <= 0) return 0;
  // Near 0, P(a, x) = x^a/Γ(a+1)·(1 - a·x/(a+1) + O(x²)), so x0 = (u·Γ(a+1))^(1/a) is the answer
  // to relative O(x0), and x0·(1 + x0/(a+1)) to O(x0²). This also keeps the Halley steps away
  // from subnormal x, where the density x^(a-1)·e^-x/Γ(a) overflows for a < 1.
  const lnLeading = (ln(u) + lnGammaA + ln(a)) / a;
  if (lnLeading < LN_SMALL_X) {
    const x0 = exp(lnLeading);
    return x0 + (x0 * x0) / (a + 1);
  }
  // Work on the smaller tail: for u > 1/2, solve Q(a, x) = 1 - u (exact for u ≥ 1/2).
  const upper = u > 0.5;
  const p = upper ? 1 - u : u;
  const a1 = a - 1;
  let lna1 = 0;
  let afac = 0;
  let x: number;
  if (a > 1) {
    lna1 = ln(a1);
    afac = exp(a1 * (lna1 - 1) - lnGammaA);
    // Wilson–Hilferty start from z ≈ Φ⁻¹(u) (Abramowitz & Stegun 26.2.22, |error| < 3e-3).
    const t = Math.sqrt(-2 * ln(p));
    const tailDeviate = t - (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481));
    const z = upper ? tailDeviate : -tailDeviate;
    const w = 1 - 1 / (9 * a) + z / (3 * Math.sqrt(a));
    x = w > 0 ? a * w * w * w : 0;
    // Deep in the lower tail Wilson–Hilferty fails; there P(a, x) ≤ x^a/Γ(a+1) makes
    // (u·Γ(a+1))^(1/a) a lower bound of the answer, and a close one when x << a.
    if (!upper) x = Math.max(x, exp(lnLeading));
  } else {
    const t = 1 - a * (0.253 + a * 0.12);
    if (!upper && p < t) x = pow(p / t, 1 / a);
    else if (upper) x = u < t ? pow(u / t, 1 / a) : 1 - ln(p / (1 - t));
    else x = 1 - ln((1 - p) / (1 - t));
  }
  for (let j = 0; j < MAX_STEPS; j++) {
    if (x <= 0) return 0;
    // err = P(x) - u, from whichever tail is accurate.
    const err = upper
      ? p - regularizedGamma(a, x, lnGammaA, true)
      : regularizedGamma(a, x, lnGammaA, false) - p;
    const density = a > 1 ? afac * exp(-(x - a1) + a1 * (ln(x) - lna1)) : exp(-x + a1 * ln(x) - lnGammaA);
    // x so deep in a tail that P is flat to double precision: nothing left to correct.
    if (density === 0 || density === Infinity) return x;
    const newton = err / density;
    const step = newton / (1 - 0.5 * Math.min(1, newton * (a1 / x - 1)));
    x -= step;
    if (x <= 0) x = 0.5 * (x + step);
    if (Math.abs(step) < STEP_TOLERANCE * x) break;
  }
  return x;
}
