/**
 * Natural logarithm and exponential built only from IEEE-754 basic operations, so that every
 * JavaScript engine produces bit-identical results (Math.log/exp/pow may differ by an ulp between
 * engines, which would make simulation results engine-dependent).
 *
 * The algorithms are Sun's fdlibm e_log.c and e_exp.c (error < 1 ulp), transcribed for doubles:
 * argument reduction by powers of two and ln 2, then a minimax polynomial on the reduced range.
 * Float bits are read through one shared buffer whose word order is detected once at load time.
 */

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
F64[0] = 1; // 0x3ff00000_00000000: the high word is the non-zero one.
const HI = U32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** POW2[i] = 2^(i - 1074) for i in [0, 2097], exact (built by halving/doubling). */
const POW2_BIAS = 1074;
const POW2 = new Float64Array(1074 + 1024);
{
  let p = 1;
  for (let e = 0; e <= 1023; e++, p *= 2) POW2[e + POW2_BIAS] = p;
  p = 1;
  for (let e = 0; e >= -1074; e--, p /= 2) POW2[e + POW2_BIAS] = p;
}

const LN2_HI = 0.6931471803691238; // 0x3fe62e42 fee00000: k·LN2_HI is exact for |k| < 2^11
const LN2_LO = 1.9082149292705877e-10; // 0x3dea39ef 35793c76
const TWO54 = 18014398509481984;

const LG1 = 0.6666666666666735;
const LG2 = 0.3999999999940942;
const LG3 = 0.2857142874366239;
const LG4 = 0.22222198432149784;
const LG5 = 0.1818357216161805;
const LG6 = 0.15313837699209373;
const LG7 = 0.14798198605116586;

/**
 * Natural logarithm, within 1 ulp of the true value (fdlibm e_log.c).
 * ln(0) = -Infinity, ln(x < 0) = NaN, ln(Infinity) = Infinity, ln(NaN) = NaN.
 *
 * Hot path of every exponential draw, so split in two: this function handles the common case
 * (normal, finite, positive x not within 2^-20 of a power of two) with exactly fdlibm's operations
 * and stays small enough for V8 to inline into the samplers (a non-inlined call boxes its double
 * result on the heap); everything else goes to lnGeneral, the full transcription.
 */
export function ln(x: number): number {
  F64[0] = x;
  const hx = U32[HI] | 0;
  // (2 + hx) & 0xfffff < 3 is fdlibm's "|f| < 2^-20" test (the low 20 bits of a sum depend only on
  // the low 20 bits of hx, so testing before masking is the same).
  if (hx < 0x00100000 || hx >= 0x7ff00000 || (0x000fffff & (2 + hx)) < 3) return lnGeneral(x);
  const m = hx & 0x000fffff;
  const k = (hx >> 20) - 1023 + (((m + 0x95f64) & 0x100000) >> 20);
  const f = x * POW2[POW2_BIAS - k] - 1;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const r = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
  if (((m - 0x6147a) | (0x6b851 - m)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - (hfsq - (s * (hfsq + r) + k * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : k * LN2_HI - (s * (f - r) - k * LN2_LO - f);
}

/** ln for every input (zero, negative, subnormal, infinite, NaN and near powers of two included). */
function lnGeneral(x: number): number {
  F64[0] = x;
  let hx = U32[HI] | 0;
  let k = 0;
  if (hx < 0x00100000) {
    // Zero, negative or subnormal.
    if (((hx & 0x7fffffff) | U32[LO]) === 0) return -Infinity;
    if (hx < 0) return Number.NaN;
    k = -54;
    x *= TWO54;
    F64[0] = x;
    hx = U32[HI] | 0;
  }
  if (hx >= 0x7ff00000) return x + x; // Infinity or NaN
  // Pick the binade so that the reduced value lies in [sqrt(2)/2, sqrt(2)).
  const i = ((hx & 0x000fffff) + 0x95f64) & 0x100000;
  const e = (hx >> 20) - 1023 + (i >> 20);
  k += e;
  hx &= 0x000fffff;
  // x·2^-e has exactly the bits fdlibm writes into the high word, and the product is exact.
  const f = x * POW2[POW2_BIAS - e] - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const r = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - r : dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

const O_THRESHOLD = 709.782712893384; // ln(largest double)
const U_THRESHOLD = -745.1332191019411; // ln(smallest subnormal / 2)
const INV_LN2 = Math.LOG2E; // a constant (the double nearest log2 e), not a computation
const P1 = 0.16666666666666602;
const P2 = -0.0027777777777015593;
const P3 = 0.00006613756321437934;
const P4 = -0.0000016533902205465252;
const P5 = 4.1381367970572385e-8;
const TWO_M1000 = 9.332636185032189e-302; // 2^-1000

/**
 * e^x, within 1 ulp of the true value (fdlibm e_exp.c).
 * Overflows to Infinity above ~709.78, underflows to 0 below ~-745.13; exp(-Infinity) = 0.
 */
export function exp(x: number): number {
  if (!(x < O_THRESHOLD)) return x > O_THRESHOLD ? Infinity : x === O_THRESHOLD ? expReduced(x) : x; // NaN
  if (x < U_THRESHOLD) return 0;
  return expReduced(x);
}

function expReduced(x: number): number {
  const ax = x < 0 ? -x : x;
  let k = 0;
  let hi = 0;
  let lo = 0;
  // The thresholds are fdlibm's high-word tests written as doubles (0x3fd62e43_00000000 etc.),
  // so the branches, and hence the results, match fdlibm (and V8, which uses it) bit for bit.
  if (ax >= 0.3465735912322998) {
    // |x| > ln(2)/2: reduce x = k·ln2 + r with |r| <= ln(2)/2.
    if (ax < 1.0397205352783203) {
      // |x| < 1.5·ln2
      if (x > 0) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = (INV_LN2 * x + (x < 0 ? -0.5 : 0.5)) | 0; // truncation, as C's (int) cast
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < 3.725290298461914e-9) {
    return 1 + x; // |x| < 2^-28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  // Scale by 2^k; each product below is exact except the final subnormal rounding (as in fdlibm).
  if (k >= -1021) return k === 1024 ? y * 2 * POW2[POW2_BIAS + 1023] : y * POW2[POW2_BIAS + k];
  return y * POW2[POW2_BIAS + k + 1000] * TWO_M1000;
}

/**
 * x^y = e^(y·ln x) for x > 0 (pow(0, y) for y > 0 is 0; other x ≤ 0 give NaN).
 * Relative error about (|y·ln x| + 2)·2^-53: fine for the sampling exponents this project uses,
 * not a correctly rounded pow.
 */
export function pow(x: number, y: number): number {
  if (x > 0) return exp(y * ln(x));
  if (x === 0 && y > 0) return 0;
  return Number.NaN;
}
