/**
 * Exact queueing formulas against textbook values and against independent computations (direct
 * factorial sums, a linear solve of the birth–death chain, numerical convolution). Nothing here is
 * random, so tolerances reflect floating-point and quadrature error only, stated at each use.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jacksonOpen, networkMeanResponse, saturationRate } from '../../src/analysis/networks';
import {
  erlangB,
  erlangC,
  md1,
  mg1,
  mgcApprox,
  mm1,
  mmc,
  mmck,
  mmckDistribution,
} from '../../src/analysis/queueing';

/** Relative closeness: |x − y| ≤ tol·max(|x|, |y|, tiny). */
function expectRel(x: number, y: number, tol: number): void {
  expect(Math.abs(x - y)).toBeLessThanOrEqual(tol * Math.max(Math.abs(x), Math.abs(y), 1e-300));
}

/** Erlang C from the textbook factorial formula (fine for small c). */
function erlangCDirect(a: number, c: number): number {
  let sum = 0;
  let term = 1; // a^k/k!
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = term * (c / (c - a));
  return top / (sum + top);
}

/** Erlang B as (a^c/c!)/Σ a^k/k!, by log-sum-exp (independent of the recursion). */
function erlangBLogSpace(a: number, c: number): number {
  const logs: number[] = [];
  let logTerm = 0;
  for (let k = 0; k <= c; k++) {
    if (k > 0) logTerm += Math.log(a) - Math.log(k);
    logs.push(logTerm);
  }
  const max = Math.max(...logs);
  const sum = logs.reduce((s, l) => s + Math.exp(l - max), 0);
  return Math.exp(logs[c] - max) / sum;
}

/**
 * Stationary distribution of the M/M/c/K chain by solving πQ = 0, Σπ = 1 with Gaussian
 * elimination (partial pivoting) — no product form used.
 */
function birthDeathSolve(lambda: number, mu: number, c: number, K: number): number[] {
  const n = K + 1;
  // Rows are equations: (Qᵀπ)_j = 0 for j < K, the last replaced by Σπ = 1.
  const A: number[][] = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (let i = 0; i <= K; i++) {
    const up = i < K ? lambda : 0;
    const down = Math.min(i, c) * mu;
    A[i][i] -= up + down;
    if (i < K) A[i + 1][i] += up;
    if (i > 0) A[i - 1][i] += down;
  }
  A[K] = new Array<number>(n + 1).fill(1);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r][col]) > Math.abs(A[pivot][col])) pivot = r;
    [A[col], A[pivot]] = [A[pivot], A[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = A[r][col] / A[col][col];
      for (let k = col; k <= n; k++) A[r][k] -= f * A[col][k];
    }
  }
  return A.map((row, i) => row[n] / row[i]);
}

/** Composite Simpson's rule with `m` (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, m: number): number {
  const h = (b - a) / m;
  let s = f(a) + f(b);
  for (let i = 1; i < m; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe('mm1', () => {
  it('matches the textbook figures at λ = 0.5/ms, μ = 1/ms', () => {
    const q = mm1(0.5, 1);
    expect(q.stable).toBe(true);
    expect(q.rho).toBe(0.5);
    expect(q.pWait).toBe(0.5);
    expectRel(q.meanResponse, 2, 1e-15);
    expectRel(q.meanWait, 1, 1e-15);
    expectRel(q.meanQueue, 0.5, 1e-15);
    expectRel(q.meanInSystem, 1, 1e-15);
    // W ~ Exp(0.5): median ln 2 / 0.5; Wq median 0 since P(Wq = 0) = 0.5.
    expectRel(q.responseQuantile(0.5), 2 * Math.LN2, 1e-14);
    expect(q.waitQuantile(0.5)).toBe(0);
    // P(Wq > t) = 0.5 e^{−0.5 t} = 0.01 ⇒ t = 2 ln 50.
    expectRel(q.waitQuantile(0.99), 2 * Math.log(50), 1e-14);
  });

  it('reports saturation instead of throwing', () => {
    for (const lambda of [1, 1.5]) {
      const q = mm1(lambda, 1);
      expect(q.stable).toBe(false);
      expect(q.meanResponse).toBe(Number.POSITIVE_INFINITY);
      expect(q.meanQueue).toBe(Number.POSITIVE_INFINITY);
      expect(q.responseQuantile(0.5)).toBe(Number.POSITIVE_INFINITY);
    }
  });

  it('rejects invalid arguments', () => {
    expect(() => mm1(-1, 1)).toThrow(RangeError);
    expect(() => mm1(0.5, 0)).toThrow(RangeError);
    expect(() => mm1(Number.NaN, 1)).toThrow(RangeError);
    expect(() => mm1(0.5, 1).responseQuantile(1.5)).toThrow(RangeError);
  });
});

describe('Erlang B and C', () => {
  it('matches textbook and direct values', () => {
    // a = 3, c = 4: 13.5 / 26.5 by hand (Σ_{k<4} 3^k/k! = 13, (81/24)·4 = 13.5).
    expect(erlangC(3, 4)).toBeCloseTo(0.5094, 4);
    expectRel(erlangC(3, 4), 13.5 / 26.5, 1e-14);
    // a = 5, c = 5: (3125/120) / 91.41666… = 0.28487…
    expect(erlangB(5, 5)).toBeCloseTo(0.2849, 4);
    for (const [a, c] of [
      [0.3, 1],
      [2.5, 3],
      [7.9, 10],
      [15, 20],
    ]) {
      expectRel(erlangC(a, c), erlangCDirect(a, c), 1e-12);
      expectRel(erlangB(a, c), erlangBLogSpace(a, c), 1e-12);
    }
  });

  it('stays finite and exact for c in the thousands', () => {
    // Direct a^c/c! overflows here; the recursion and a log-space sum must agree.
    // 1e-10: the log-space reference adds c logarithms, each rounded to ~1e-16 relative.
    for (const [a, c] of [
      [900, 1000],
      [2000, 2000],
      [1900, 2000],
    ]) {
      expectRel(erlangB(a, c), erlangBLogSpace(a, c), 1e-10);
      expect(Number.isFinite(erlangC(a, c))).toBe(true);
    }
    expect(erlangC(2000, 2000)).toBe(1);
  });
});

describe('mmc', () => {
  it('equals mm1 when c = 1', () => {
    for (const lambda of [0.01, 0.3, 0.9, 0.999]) {
      const a = mmc(lambda, 1, 1);
      const b = mm1(lambda, 1);
      for (const key of ['rho', 'pWait', 'meanWait', 'meanResponse', 'meanQueue', 'meanInSystem'] as const) {
        expectRel(a[key], b[key], 1e-12);
      }
      for (const q of [0.1, 0.5, 0.9, 0.99, 0.9999]) {
        expectRel(a.responseQuantile(q), b.responseQuantile(q), 1e-10);
        expectRel(a.waitQuantile(q) + 1, b.waitQuantile(q) + 1, 1e-12);
      }
    }
  });

  it('has the Erlang C textbook figures at a = 3, c = 4', () => {
    const q = mmc(3, 1, 4);
    const C = 13.5 / 26.5;
    expectRel(q.pWait, C, 1e-14);
    expectRel(q.meanWait, C / 1, 1e-14); // θ = cμ − λ = 1
    expectRel(q.meanResponse, C + 1, 1e-14);
    expectRel(q.meanQueue, 3 * C, 1e-14);
    expect(q.rho).toBe(0.75);
    expect(mmc(4, 1, 4).stable).toBe(false);
  });

  it('response CDF equals the numerical convolution of wait and service', () => {
    // Simpson with 4000 intervals on smooth exponentials: error ~h⁴·max|f⁗| < 1e-12.
    for (const [lambda, mu, c] of [
      [3, 1, 4],
      [1, 1, 2], // θ = cμ − λ = μ: the degenerate (Erlang-2) case
      [0.5, 0.2, 4],
      [7.5, 1, 8],
    ]) {
      const q = mmc(lambda, mu, c);
      const theta = c * mu - lambda;
      for (const t of [0.1, 1, 3, 10, 30]) {
        const queued = simpson((y) => theta * Math.exp(-theta * y) * -Math.expm1(-mu * (t - y)), 0, t, 4000);
        const expected = (1 - q.pWait) * -Math.expm1(-mu * t) + q.pWait * queued;
        expect(Math.abs(q.responseCdf(t) - expected)).toBeLessThan(1e-10);
      }
    }
  });

  it('response CDF has mean W (checks the CDF against the Erlang C mean)', () => {
    // ∫ P(W > t) dt over [0, 200/min rate] (tail < e^{-50}), Simpson error < 1e-9 relative.
    for (const [lambda, mu, c] of [
      [3, 1, 4],
      [1, 1, 2],
      [1.2, 1, 2],
    ]) {
      const q = mmc(lambda, mu, c);
      const end = 50 / Math.min(mu, c * mu - lambda);
      const mean = simpson((t) => 1 - q.responseCdf(t), 0, end, 20000);
      expectRel(mean, q.meanResponse, 1e-9);
    }
  });

  it('is continuous through the degenerate case θ = μ', () => {
    const at = mmc(1, 1, 2).responseQuantile(0.99);
    // Moving λ by 1e-9 moves the quantile by O(1e-9): the formula must not blow up near θ = μ.
    expectRel(mmc(1 + 1e-9, 1, 2).responseQuantile(0.99), at, 1e-7);
    expectRel(mmc(1 - 1e-9, 1, 2).responseQuantile(0.99), at, 1e-7);
  });

  it('quantiles invert their CDFs', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 0.001, max: 0.99999, noNaN: true }),
        (rho, mu, c, p) => {
          const q = mmc(rho * c * mu, mu, c);
          const t = q.responseQuantile(p);
          // Bisection stops at 1e-12 relative; the CDF's slope is at most ~μ·t-scale, so 1e-9.
          expect(Math.abs(q.responseCdf(t) - p)).toBeLessThan(1e-9);
          const w = q.waitQuantile(p);
          if (w === 0) expect(q.waitCdf(0)).toBeGreaterThanOrEqual(p - 1e-15);
          else expect(Math.abs(q.waitCdf(w) - p)).toBeLessThan(1e-12);
        },
      ),
      { seed: 20240601, numRuns: 300 },
    );
  });
});

describe('mmck', () => {
  it('agrees with a direct solve of the birth–death chain', () => {
    // Gaussian elimination on ≤ 13 equations with well-scaled rates: error ~1e-13.
    for (const [lambda, mu, c, K] of [
      [0.8, 1, 1, 5],
      [3, 1, 4, 12],
      [9, 1, 4, 10],
      [2, 0.5, 3, 3],
    ]) {
      const p = mmckDistribution(lambda, mu, c, K);
      const ref = birthDeathSolve(lambda, mu, c, K);
      for (let n = 0; n <= K; n++) expect(Math.abs(p[n] - ref[n])).toBeLessThan(1e-12);
      const f = mmck(lambda, mu, c, K);
      const L = ref.reduce((s, x, n) => s + n * x, 0);
      expectRel(f.meanInSystem, L, 1e-11);
      expectRel(f.blocking, ref[K], 1e-11);
      expectRel(f.meanResponse, L / (lambda * (1 - ref[K])), 1e-11);
      // Busy servers computed from the chain equal throughput/μ (a flow-balance identity).
      const busy = ref.reduce((s, x, n) => s + Math.min(n, c) * x, 0);
      expectRel(f.utilization, busy / c, 1e-11);
    }
  });

  it('reduces to Erlang B when K = c', () => {
    for (const [a, c] of [
      [5, 5],
      [3, 4],
      [50, 40],
    ]) {
      const f = mmck(a, 1, c, c);
      expectRel(f.blocking, erlangB(a, c), 1e-12);
      expect(f.meanQueue).toBe(0);
      expect(f.pWait).toBe(0);
      expectRel(f.meanResponse, 1, 1e-12);
    }
  });

  it('approaches M/M/c as K grows', () => {
    // Blocking at K = 2000, ρ = 0.75 is ~0.75^2000 ≈ 0, so the figures match to rounding.
    const big = mmck(3, 1, 4, 2000);
    const inf = mmc(3, 1, 4);
    expect(big.blocking).toBeLessThan(1e-200);
    expectRel(big.meanResponse, inf.meanResponse, 1e-12);
    expectRel(big.meanQueue, inf.meanQueue, 1e-12);
    expectRel(big.pWait, inf.pWait, 1e-12);
  });

  it('handles K = 10^5 and c = 1000 without overflow', () => {
    const p = mmckDistribution(1.2, 0.001, 1000, 100_000);
    const total = p.reduce((s, x) => s + x, 0);
    expect(Math.abs(total - 1)).toBeLessThan(1e-9);
    const f = mmck(1.2, 0.001, 1000, 100_000);
    // Offered 1200 erlangs on 1000 servers: nearly all busy, the excess 1/6 blocked.
    expect(f.utilization).toBeLessThanOrEqual(1);
    expectRel(f.utilization, 1, 1e-9);
    expectRel(f.blocking, 1 - 1000 / 1200, 1e-9);
    expect(Number.isFinite(f.meanResponse)).toBe(true);
    const light = mmck(0.5, 0.001, 1000, 100_000);
    expectRel(light.meanResponse, mmc(0.5, 0.001, 1000).meanResponse, 1e-9);
  });

  it('has sensible figures with no traffic', () => {
    const f = mmck(0, 2, 3, 10);
    expect(f.blocking).toBe(0);
    expect(f.meanResponse).toBe(0.5);
    expect(f.meanInSystem).toBe(0);
  });
});

describe('mg1, md1, mgcApprox', () => {
  it('M/D/1 has Wq = ρ/(2μ(1 − ρ))', () => {
    for (const rho of [0.1, 0.5, 0.9]) {
      const d = 4; // ms
      const q = md1(rho / d, d);
      expectRel(q.meanWait, rho / ((2 / d) * (1 - rho)), 1e-14);
      expectRel(q.meanResponse, q.meanWait + d, 1e-14);
      expectRel(q.meanQueue, (rho / d) * q.meanWait, 1e-14);
    }
  });

  it('M/G/1 with cv = 1 equals M/M/1', () => {
    const a = mg1(0.7, 1, 1);
    const b = mm1(0.7, 1);
    expectRel(a.meanWait, b.meanWait, 1e-14);
    expectRel(a.meanInSystem, b.meanInSystem, 1e-14);
    expect(mg1(1, 1, 0.5).stable).toBe(false);
  });

  it('the M/G/c approximation is exact where it should be', () => {
    // c = 1: Allen–Cunneen reduces to Pollaczek–Khinchine; cv = 1: to M/M/c.
    expectRel(mgcApprox(0.6, 1, 2, 1).meanWait, mg1(0.6, 1, 2).meanWait, 1e-12);
    expectRel(mgcApprox(3, 1, 1, 4).meanWait, mmc(3, 1, 4).meanWait, 1e-12);
    expectRel(mgcApprox(3, 1, 0, 4).meanWait, mmc(3, 1, 4).meanWait / 2, 1e-12);
    expect(mgcApprox(3, 1, 0, 4).approximate).toBe(true);
    expect(mgcApprox(5, 1, 0, 4).stable).toBe(false);
  });
});

describe('networks', () => {
  it('sums visit-weighted station responses', () => {
    // Tandem: app (λ = 0.1/ms, 5 ms, 1 core) then db visited twice (λ = 0.2/ms, 2 ms, 2 conns).
    const [app, db] = jacksonOpen([
      { lambda: 0.1, meanS: 5, c: 1 },
      { lambda: 0.2, meanS: 2, c: 2 },
    ]);
    expectRel(app.meanResponse, 1 / (0.2 - 0.1), 1e-14);
    expectRel(db.meanResponse, mmc(0.2, 0.5, 2).meanResponse, 1e-14);
    const total = networkMeanResponse([
      { station: app, visitsPerRequest: 1 },
      { station: db, visitsPerRequest: 2 },
    ]);
    expectRel(total, app.meanResponse + 2 * db.meanResponse, 1e-14);
    const saturatedUnvisited = { meanResponse: Number.POSITIVE_INFINITY };
    expect(networkMeanResponse([{ station: saturatedUnvisited, visitsPerRequest: 0 }])).toBe(0);
  });

  it('finds the saturation rate and the bottleneck', () => {
    const s = saturationRate([
      { visitsPerRequest: 1, meanS: 8, c: 4 }, // 0.5/ms
      { visitsPerRequest: 0.9, meanS: 4, c: 20 }, // 5.56/ms
      { visitsPerRequest: 0.1, meanS: 10, c: 1 }, // 1/ms
      { visitsPerRequest: 0, meanS: 10, c: 1 }, // never visited
    ]);
    expect(s.bottleneck).toBe(0);
    expectRel(s.ratePerMs, 0.5, 1e-15);
    expect(s.perStation[3]).toBe(Number.POSITIVE_INFINITY);
    // At that rate the bottleneck's M/M/c is exactly at ρ = 1.
    expect(mmc(s.ratePerMs * 1, 1 / 8, 4).rho).toBe(1);
    expect(saturationRate([]).bottleneck).toBe(-1);
  });
});
