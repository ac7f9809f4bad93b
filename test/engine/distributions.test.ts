import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DistSpec, makeSampler, normalQuantile } from '../../src/engine/distributions';
import { createStream } from '../../src/engine/random';

/** Largest u a stream can produce. */
const U_MAX = 1 - 2 ** -53;

/**
 * Checks the sample mean and cv of n draws against the exact values, with tolerances of 5 standard
 * errors computed from the exact raw moments m1..m4 (delta method for the cv, whose estimator is
 * a function of the first two sample moments). A correct sampler fails a check with probability
 * about 6e-7 (normal approximation); the seed is fixed, so the outcome is reproducible.
 */
function checkMoments(spec: DistSpec, moments: [number, number, number, number], n: number, purpose: string) {
  const sampler = makeSampler(spec);
  const [m1, m2, m3, m4] = moments;
  const cv = Math.sqrt(m2 / (m1 * m1) - 1);
  expect(sampler.mean).toBeCloseTo(m1, 9);
  expect(sampler.cv).toBeCloseTo(cv, 9);
  const stream = createStream(2024, 0, 'distributions', purpose);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = sampler.sample(stream.next());
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  const sampleCv = Math.sqrt(sumSq / n / (mean * mean) - 1);
  const varX = m2 - m1 * m1;
  const varX2 = m4 - m2 * m2;
  const covXX2 = m3 - m1 * m2;
  const seMean = Math.sqrt(varX / n);
  const dM1 = -m2 / (cv * m1 ** 3);
  const dM2 = 1 / (2 * cv * m1 * m1);
  const seCv = Math.sqrt((dM1 * dM1 * varX + 2 * dM1 * dM2 * covXX2 + dM2 * dM2 * varX2) / n);
  expect(Math.abs(mean - m1), `mean ${mean} vs ${m1}`).toBeLessThan(5 * seMean);
  expect(Math.abs(sampleCv - cv), `cv ${sampleCv} vs ${cv}`).toBeLessThan(5 * seCv);
}

const rawMoments = (f: (j: number) => number): [number, number, number, number] => [f(1), f(2), f(3), f(4)];

describe('normalQuantile', () => {
  it('matches reference values (mpmath, 40 digits) to 1e-12', () => {
    const cases: [number, number][] = [
      [0.975, 1.959963984540054],
      [0.025, -1.9599639845400543],
      [0.9, 1.2815515655446006],
      [0.99, 2.3263478740408408],
      [0.999, 3.090232306167813],
      [0.3, -0.5244005127080408],
      [0.7, 0.5244005127080407],
      [1e-4, -3.7190164854556804],
      [0.999999, 4.753424308817088],
      [1e-10, -6.361340902404056],
    ];
    for (const [p, z] of cases)
      expect(Math.abs(normalQuantile(p) - z), `p = ${p}`).toBeLessThan(1e-12 * Math.max(1, Math.abs(z)));
  });

  it('handles the ends and the outside of [0, 1]', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
    expect(Number.isFinite(normalQuantile(Number.MIN_VALUE))).toBe(true);
  });
});

describe('makeSampler: sample mean and cv (≥ 4e5 draws, 5 standard errors)', () => {
  const n = 400_000;
  it('exp', () => {
    const factorial = [1, 1, 2, 6, 24];
    checkMoments(
      { dist: 'exp', mean: 7 },
      rawMoments((j) => factorial[j] * 7 ** j),
      n,
      'exp',
    );
  });

  it('const and uniform', () => {
    const c = makeSampler({ dist: 'const', value: 3 });
    expect([c.sample(0), c.sample(0.7), c.mean, c.cv]).toEqual([3, 3, 3, 0]);
    const [a, b] = [2, 10];
    checkMoments(
      { dist: 'uniform', min: a, max: b },
      rawMoments((j) => (b ** (j + 1) - a ** (j + 1)) / ((j + 1) * (b - a))),
      n,
      'uniform',
    );
  });

  it('lognormal', () => {
    for (const cv of [0.3, 1]) {
      const sigma2 = Math.log(1 + cv * cv);
      const mu = Math.log(20) - sigma2 / 2;
      checkMoments(
        { dist: 'lognormal', mean: 20, cv },
        rawMoments((j) => Math.exp(j * mu + (j * j * sigma2) / 2)),
        n,
        `lognormal ${cv}`,
      );
    }
  });

  it('gamma, including shapes below 1 and large shapes', () => {
    for (const cv of [0.05, 0.5, 2]) {
      const k = 1 / (cv * cv);
      const theta = 10 / k;
      const rising = (j: number) => {
        let r = 1;
        for (let i = 0; i < j; i++) r *= k + i;
        return r;
      };
      checkMoments(
        { dist: 'gamma', mean: 10, cv },
        rawMoments((j) => theta ** j * rising(j)),
        n,
        `gamma ${cv}`,
      );
    }
  });

  it('bounded pareto (exact moments of the truncated distribution)', () => {
    const r = 1e4;
    for (const alpha of [1.5, 4.5]) {
      // Mean of the bounded Pareto on [L, rL] per unit L, solved for L so the mean is 5.
      const unitMoment = (j: number) => ((alpha / (j - alpha)) * (r ** (j - alpha) - 1)) / (1 - r ** -alpha);
      const low = 5 / unitMoment(1);
      // For alpha = 1.5 the 4th moment is huge (the cv's standard error is ~60%): that check is
      // weak by nature; the mean, with a 5.7·√(1/n) relative standard error, is the real test.
      checkMoments(
        { dist: 'pareto', mean: 5, alpha },
        rawMoments((j) => low ** j * unitMoment(j)),
        2_000_000,
        `pareto ${alpha}`,
      );
      const sampler = makeSampler({ dist: 'pareto', mean: 5, alpha });
      expect(sampler.sample(0)).toBeCloseTo(low, 12);
      // The largest draw is F⁻¹(1 - 2^-53): H itself when the mass near H exceeds 2^-53 (α = 1.5:
      // 1 - F(x) ≈ α·(H - x)/H·r^-α), well below H when r^-α < 2^-53 (α = 4.5, r^-α = 1e-18).
      const top = sampler.sample(U_MAX) / (r * low);
      expect(top).toBeLessThanOrEqual(1 + 1e-12);
      if (alpha === 1.5) expect(top).toBeGreaterThan(1 - 1e-6);
    }
    // alpha = 1 and 2 make the textbook formulas 0/0; ours stay finite and continuous there.
    const at1 = makeSampler({ dist: 'pareto', mean: 5, alpha: 1 });
    const near1 = makeSampler({ dist: 'pareto', mean: 5, alpha: 1 + 1e-9 });
    expect(at1.sample(0)).toBeCloseTo(near1.sample(0), 8);
    expect(at1.sample(0)).toBeCloseTo((5 * (r - 1)) / (r * Math.log(r)), 12); // L = mean·(r-1)/(r·ln r)
    expect(makeSampler({ dist: 'pareto', mean: 5, alpha: 2 }).cv).toBeCloseTo(
      makeSampler({ dist: 'pareto', mean: 5, alpha: 2 + 1e-9 }).cv,
      7,
    );
  });
});

describe('gamma inversion accuracy', () => {
  /** Erlang-k CDF pieces in closed form: P = e^-x Σ_{j≥k} x^j/j!, Q = e^-x Σ_{j<k} x^j/j!. */
  function erlangTails(k: number, x: number) {
    let term = Math.exp(-x);
    let q = 0;
    for (let j = 0; j < k; j++) {
      q += term;
      term *= x / (j + 1);
    }
    let p = 0;
    for (let j = k; term > p * 1e-18; j++) {
      p += term;
      term *= x / (j + 1);
    }
    let density = Math.exp(-x);
    for (let j = 1; j < k; j++) density *= x / j;
    return { p, q, density };
  }

  it('solves P(k, x) = u to 1e-10 relative in x for Erlang shapes (closed-form CDF)', () => {
    const us = [1e-12, 1e-6, 1e-3, 0.5, 1 - 1e-3, 1 - 1e-6, 1 - 1e-12];
    for (let i = 1; i < 1000; i++) us.push(i / 1000);
    for (const k of [2, 3, 5, 10, 40]) {
      const sampler = makeSampler({ dist: 'gamma', mean: k, cv: 1 / Math.sqrt(k) }); // scale 1 (to 1e-16)
      for (const u of us) {
        const x = sampler.sample(u);
        const { p, q, density } = erlangTails(k, x);
        // The residual on the small tail, divided by the density, is the error in x.
        const residual = u <= 0.5 ? p - u : 1 - u - q;
        expect(Math.abs(residual / density / x), `k = ${k}, u = ${u}`).toBeLessThan(1e-10);
      }
    }
  });

  it('matches reference quantiles (mpmath bisection) for non-integer shapes to 1e-10', () => {
    const cases: [number, number, number][] = [
      [2, 0.1, 0.00006750062385633966],
      [2, 0.9, 0.7503928722368357],
      [2, 0.999999, 10.68781757641098],
      [0.3, 0.01, 4.843493269373976],
      [0.3, 0.5, 10.779614360465922],
      [0.3, 0.99, 20.294915573350156],
      [0.05, 0.2, 383.0777353382394],
      [0.05, 0.95, 433.4557010546897],
      [0.6, 1e-12, 0.00008272204440074018],
    ];
    for (const [cv, u, x] of cases) {
      const k = 1 / (cv * cv);
      const sampler = makeSampler({ dist: 'gamma', mean: k, cv }); // scale 1
      expect(Math.abs(sampler.sample(u) / x - 1), `cv = ${cv}, u = ${u}`).toBeLessThan(1e-10);
    }
  });

  it('reduces to the exponential at cv = 1 (identical draws)', () => {
    const gamma = makeSampler({ dist: 'gamma', mean: 4, cv: 1 });
    const exponential = makeSampler({ dist: 'exp', mean: 4 });
    for (let i = 0; i < 1000; i++) expect(gamma.sample(i / 1000)).toBe(exponential.sample(i / 1000));
  });
});

describe('makeSampler: robustness', () => {
  it('returns finite values ≥ 0 for every u in [0, 1) and any valid parameters', () => {
    const positive = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
    const cv = fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 100, noNaN: true }));
    const spec: fc.Arbitrary<DistSpec> = fc.oneof(
      positive.map((mean): DistSpec => ({ dist: 'exp', mean })),
      fc.double({ min: 0, max: 1e6, noNaN: true }).map((value): DistSpec => ({ dist: 'const', value })),
      fc
        .tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }))
        .map(([a, b]): DistSpec => ({ dist: 'uniform', min: Math.min(a, b), max: Math.max(a, b) })),
      fc
        .tuple(positive, fc.double({ min: 0, max: 100, noNaN: true }))
        .map(([mean, c]): DistSpec => ({ dist: 'lognormal', mean, cv: c })),
      fc.tuple(positive, cv).map(([mean, c]): DistSpec => ({ dist: 'gamma', mean, cv: c })),
      fc
        .tuple(
          positive,
          fc.double({ min: 0.05, max: 20, noNaN: true }),
          fc.double({ min: 1.001, max: 1e12, noNaN: true }),
        )
        .map(([mean, alpha, maxRatio]): DistSpec => ({ dist: 'pareto', mean, alpha, maxRatio })),
    );
    const u = fc.oneof(
      fc.constantFrom(0, U_MAX, 0.5, 2 ** -53),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    );
    fc.assert(
      fc.property(spec, u, (s, v) => {
        const x = makeSampler(s).sample(v);
        return Number.isFinite(x) && x >= 0;
      }),
      { numRuns: 20_000, seed: 12345 },
    );
  });

  it('is monotone in u (inversion), so nearby uniforms give nearby variates', () => {
    for (const s of [
      { dist: 'lognormal', mean: 5, cv: 2 },
      { dist: 'gamma', mean: 5, cv: 0.7 },
      { dist: 'pareto', mean: 5, alpha: 1.2 },
    ] as DistSpec[]) {
      const sampler = makeSampler(s);
      let previous = sampler.sample(0);
      for (let i = 1; i < 10_000; i++) {
        const x = sampler.sample(i / 10_000);
        expect(x).toBeGreaterThanOrEqual(previous);
        previous = x;
      }
    }
  });

  it('rejects invalid parameters with a RangeError naming the problem', () => {
    const bad: unknown[] = [
      { dist: 'exp', mean: 0 },
      { dist: 'exp', mean: Number.NaN },
      { dist: 'const', value: -1 },
      { dist: 'uniform', min: 3, max: 2 },
      { dist: 'uniform', min: -1, max: 2 },
      { dist: 'lognormal', mean: 1, cv: -0.1 },
      { dist: 'gamma', mean: 1, cv: 101 },
      { dist: 'gamma', mean: 1, cv: 0.005 },
      { dist: 'gamma', mean: Infinity, cv: 1 },
      { dist: 'pareto', mean: 1, alpha: 0 },
      { dist: 'pareto', mean: 1, alpha: 1.5, maxRatio: 1 },
      { dist: 'weibull', mean: 1 },
    ];
    for (const spec of bad)
      expect(() => makeSampler(spec as DistSpec), JSON.stringify(spec)).toThrow(RangeError);
    expect(() => makeSampler({ dist: 'gamma', mean: 1, cv: 101 })).toThrow(
      /gamma: cv must be a number in \[0, 100\], got 101/,
    );
  });

  it('pins a few draws bit for bit (results files depend on them)', () => {
    expect(makeSampler({ dist: 'exp', mean: 10 }).sample(0.3)).toBe(3.5667494393873245);
    expect(makeSampler({ dist: 'lognormal', mean: 10, cv: 1.5 }).sample(0.3)).toBe(3.1391045108227074);
    expect(makeSampler({ dist: 'gamma', mean: 10, cv: 0.5 }).sample(0.3)).toBe(6.909277606531614);
    expect(makeSampler({ dist: 'pareto', mean: 10, alpha: 1.5 }).sample(0.999)).toBe(336.4759443159969);
    expect(Object.is(makeSampler({ dist: 'exp', mean: 10 }).sample(0), 0)).toBe(true);
  });
});
