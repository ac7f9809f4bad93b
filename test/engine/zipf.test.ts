import { describe, expect, it } from 'vitest';
import { createStream } from '../../src/engine/random';
import { ZipfKeys } from '../../src/engine/zipf';

const U_MAX = 1 - 2 ** -53;

describe('ZipfKeys.harmonic', () => {
  it('matches reference values (mpmath: ζ(s) - ζ(s, n+1)) to 1e-13 relative', () => {
    const cases: [number, number, number][] = [
      [1e7, 0.99, 18.0662425749696],
      [1e7, 1, 16.6953113658599],
      [1e7, 2, 1.64493396684823],
      [1e7, 0.5, 6323.09512394183],
      [1e5, 0.99, 12.7783380625512],
    ];
    // The references carry 15 significant digits, hence 1e-13 rather than 1e-15.
    for (const [n, s, h] of cases)
      expect(Math.abs(ZipfKeys.harmonic(n, s) / h - 1), `n=${n} s=${s}`).toBeLessThan(1e-13);
  });

  it('is the exact sum for small n, and n for s = 0', () => {
    expect(ZipfKeys.harmonic(4, 1)).toBeCloseTo(1 + 1 / 2 + 1 / 3 + 1 / 4, 15);
    expect(ZipfKeys.harmonic(1e7, 0)).toBeCloseTo(1e7, 6);
    let direct = 0;
    for (let r = 200_000; r >= 1; r--) direct += r ** -1.3;
    expect(Math.abs(ZipfKeys.harmonic(200_000, 1.3) / direct - 1)).toBeLessThan(1e-14);
  });
});

describe('ZipfKeys', () => {
  it('has probabilities that sum to 1 and follow (k+1)^-s', () => {
    const z = new ZipfKeys(1000, 0.8);
    let total = 0;
    for (let k = 0; k < 1000; k++) total += z.probability(k);
    expect(total).toBeCloseTo(1, 13);
    expect(z.probability(9) / z.probability(0)).toBeCloseTo(10 ** -0.8, 13);
    expect(z.probability(-1)).toBe(0);
    expect(z.probability(1000)).toBe(0);
  });

  for (const s of [0.7, 0.99, 1, 1.2]) {
    it(`draws keys with the right frequencies for n = 1e7, s = ${s} (head keys, tail mass, deep tail)`, () => {
      const n = 1e7;
      const z = new ZipfKeys(n, s);
      const draws = 1_000_000;
      const stream = createStream(99, 0, 'zipf', String(s));
      const head = new Float64Array(20);
      let beyondTable = 0;
      let deepTail = 0;
      for (let i = 0; i < draws; i++) {
        const k = z.key(stream.next());
        if (k < 20) head[k]++;
        if (k >= 65536) beyondTable++;
        if (k >= 1e6) deepTail++;
      }
      // Each count is binomial(draws, p): allow 5σ = 5·sqrt(draws·p·(1-p)), plus 1 for discreteness.
      const binomialOk = (count: number, p: number) =>
        Math.abs(count - draws * p) <= 5 * Math.sqrt(draws * p * (1 - p)) + 1;
      for (let k = 0; k < 20; k++) expect(binomialOk(head[k], z.probability(k)), `key ${k}`).toBe(true);
      const h = ZipfKeys.harmonic(n, s);
      const pBeyondTable = 1 - ZipfKeys.harmonic(65536, s) / h;
      const pDeepTail = 1 - ZipfKeys.harmonic(1e6, s) / h;
      expect(binomialOk(beyondTable, pBeyondTable), `tail ${beyondTable} vs ${draws * pBeyondTable}`).toBe(
        true,
      );
      expect(binomialOk(deepTail, pDeepTail), `deep tail ${deepTail} vs ${draws * pDeepTail}`).toBe(true);
    });
  }

  it('is uniform for s = 0', () => {
    const z = new ZipfKeys(10, 0);
    const counts = new Float64Array(10);
    const stream = createStream(1, 0, 'zipf', 'uniform');
    const draws = 200_000;
    for (let i = 0; i < draws; i++) counts[z.key(stream.next())]++;
    // χ² with 9 degrees of freedom: mean 9, σ = sqrt(18) = 4.24; allow mean + 5σ.
    let chi2 = 0;
    for (const c of counts) chi2 += (c - draws / 10) ** 2 / (draws / 10);
    expect(chi2).toBeLessThan(9 + 5 * 4.24);
    expect(new ZipfKeys(1e7, 0).key(0.5)).toBe(5e6);
  });

  it('always returns a whole key in [0, n), monotone in u, at the edges of the table too', () => {
    for (const [n, s] of [
      [1, 1],
      [2, 0],
      [65536, 0.99],
      [65537, 0.99],
      [65537, 3],
      [1e7, 0],
      [1e7, 1],
      [2 ** 40, 1.5],
    ]) {
      const z = new ZipfKeys(n, s);
      let previous = 0;
      for (let i = 0; i <= 4096; i++) {
        const u = i === 4096 ? U_MAX : i / 4096;
        const k = z.key(u);
        expect(Number.isInteger(k) && k >= 0 && k < n, `n=${n} s=${s} u=${u} → ${k}`).toBe(true);
        expect(k).toBeGreaterThanOrEqual(previous);
        previous = k;
      }
      expect(z.key(0)).toBe(0);
    }
    // The tail starts right after the table and reaches the last key.
    const z = new ZipfKeys(1e7, 0);
    expect(z.key(65535.5 / 1e7)).toBe(65535);
    expect(z.key(65536.5 / 1e7)).toBe(65536);
    expect(z.key(65537.5 / 1e7)).toBe(65537);
    expect(z.key(U_MAX)).toBe(1e7 - 1);
  });

  it('rejects invalid sizes and exponents', () => {
    expect(() => new ZipfKeys(0, 1)).toThrow(RangeError);
    expect(() => new ZipfKeys(10.5, 1)).toThrow(RangeError);
    expect(() => new ZipfKeys(10, -0.1)).toThrow(RangeError);
    expect(() => new ZipfKeys(10, Number.NaN)).toThrow(RangeError);
  });
});

describe('ZipfKeys guide table', () => {
  it('gives exactly the key of a search over the whole CDF table', () => {
    for (const [n, s] of [
      [10, 0.99],
      [5000, 0],
      [100_000, 0.99],
      [10_000_000, 1.2],
    ] as const) {
      const z = new ZipfKeys(n, s);
      const cumulative = (z as unknown as { cumulative: Float64Array }).cumulative;
      const total = (z as unknown as { total: number }).total;
      const tableMass = cumulative[cumulative.length - 1];
      const stream = createStream(4, 0, 'zipf', String(n));
      for (let k = 0; k < 200_000; k++) {
        const u = k < 100 ? k / 100 : stream.next();
        const target = u * total;
        if (!(target < tableMass)) continue;
        let lo = 0;
        let hi = cumulative.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cumulative[mid] > target) hi = mid;
          else lo = mid + 1;
        }
        if (z.key(u) !== lo) throw new Error(`n=${n} s=${s} u=${u}: ${z.key(u)} ≠ ${lo}`);
      }
    }
  });
});
