import { describe, expect, it } from 'vitest';
import { exp, ln, pow } from '../../src/engine/fastMath';
import { RandomStream } from '../../src/engine/random';

const bits = new DataView(new ArrayBuffer(8));

/** Position of a double on the number line of doubles (so adjacent doubles differ by 1). */
function ordinal(x: number): bigint {
  bits.setFloat64(0, x);
  const raw = bits.getBigInt64(0);
  return raw < 0n ? -(raw & 0x7fffffffffffffffn) : raw;
}

function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

/** Fixed-seed points; the generator itself is tested in random.test.ts. */
const rng = new RandomStream(0x1234, 0x5678, 0x9abc, 0xdef0);

function maxUlps(points: Float64Array, ours: (x: number) => number, reference: (x: number) => number) {
  let worst = 0;
  let worstAt = 0;
  for (const x of points) {
    const d = ulpDistance(ours(x), reference(x));
    if (d > worst) {
      worst = d;
      worstAt = x;
    }
  }
  return { worst, worstAt };
}

describe('ln', () => {
  it('is within 1 ulp of Math.log over 1.2e6 points spanning all binades', () => {
    const points = new Float64Array(1_200_000);
    for (let i = 0; i < points.length; i++) {
      const kind = i % 3;
      if (kind === 0) {
        // Any binade, subnormals included: 2^e with e in [-1074, 1023], random mantissa.
        const e = Math.floor(rng.next() * 2098) - 1074;
        points[i] = (1 + rng.next()) * 2 ** e;
      } else if (kind === 1) {
        // Near 1, where ln cancels: 1 ± 2^-k for k up to 60.
        points[i] = 1 + (rng.next() - 0.5) * 2 ** -Math.floor(rng.next() * 60);
      } else {
        points[i] = rng.next() * 1000;
      }
    }
    const { worst, worstAt } = maxUlps(points, ln, Math.log);
    expect(worst, `at x = ${worstAt}`).toBeLessThanOrEqual(1);
  });

  it('handles the edge cases', () => {
    expect(ln(0)).toBe(-Infinity);
    expect(ln(-0)).toBe(-Infinity);
    expect(ln(-1)).toBeNaN();
    expect(ln(-Infinity)).toBeNaN();
    expect(ln(Number.NaN)).toBeNaN();
    expect(ln(Infinity)).toBe(Infinity);
    expect(ln(1)).toBe(0);
    expect(ln(Number.MIN_VALUE)).toBe(-744.4400719213812);
    expect(ln(Number.MAX_VALUE)).toBe(709.782712893384);
  });

  it('gives the correctly rounded values of well-known logarithms', () => {
    expect(ln(2)).toBe(Math.LN2);
    expect(ln(10)).toBe(Math.LN10);
    expect(ln(Math.E)).toBe(1);
    expect(ln(0.5)).toBe(-Math.LN2);
  });
});

describe('exp', () => {
  it('is within 1 ulp of Math.exp over 1.2e6 points of [-745, 709.78]', () => {
    const points = new Float64Array(1_200_000);
    for (let i = 0; i < points.length; i++) {
      const kind = i % 3;
      if (kind === 0) points[i] = -745.2 + rng.next() * (709.78 + 745.2);
      else if (kind === 1) points[i] = (rng.next() - 0.5) * 2 ** -Math.floor(rng.next() * 60);
      else points[i] = (rng.next() - 0.5) * 100;
    }
    const { worst, worstAt } = maxUlps(points, exp, Math.exp);
    expect(worst, `at x = ${worstAt}`).toBeLessThanOrEqual(1);
  });

  it('handles overflow, underflow and specials', () => {
    expect(exp(709.79)).toBe(Infinity);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-745.2)).toBe(0);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Number.NaN)).toBeNaN();
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(709.782712893384)).toBe(1.7976931348622732e308);
    expect(exp(-745.1332191019411)).toBe(5e-324); // the smallest subnormal
    // fdlibm (like V8) rounds e^1 up to the next double: 1 ulp, within its documented error.
    expect(ulpDistance(exp(1), Math.E)).toBeLessThanOrEqual(1);
  });
});

describe('pow', () => {
  it('is exp(y·ln x) for x > 0, within the error that composition implies', () => {
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next() * 100 + 1e-3;
      const y = (rng.next() - 0.5) * 10;
      const expected = x ** y;
      // Relative error bound: (|y ln x| + 2)·2^-53 from the rounding of y·ln x, plus one ulp each.
      const bound = (Math.abs(y * Math.log(x)) + 4) * 2 ** -52;
      expect(Math.abs(pow(x, y) - expected) / expected).toBeLessThanOrEqual(bound);
    }
  });

  it('handles zero and negative bases', () => {
    expect(pow(0, 2)).toBe(0);
    expect(pow(0, -1)).toBeNaN();
    expect(pow(-2, 2)).toBeNaN();
    expect(pow(2, 0)).toBe(1);
  });
});
