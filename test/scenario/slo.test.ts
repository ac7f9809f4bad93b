/**
 * The scenario's SLO: its error budget on a scripted run matches a hand computation (constant
 * arrivals and constant service times, so every count is known exactly), latency over the
 * threshold counts as bad, the schema refuses bad values with paths, and a scenario without `slo`
 * gives exactly the result it gave before (with and without, byte for byte apart from `slo`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errors, failAndRecover, minimal, ok, runToResult as run } from './helpers';

/** The shared failure window (db down 20–40 s, 3 ms requests) with a 10 s warm-up and `slo`. */
const failWindow = (slo: unknown) => failAndRecover({ warmup: '10s', slo });

describe('slo: the error budget', () => {
  it('matches the hand computation on a failure window', () => {
    const r = run(failWindow({ objective: 0.9, latency: '5ms' }));
    const slo = r.slo!;
    // Measured window 10..60 s at 200 req/s: 10 000 requests; the 20..40 s outage fails 4 000.
    expect(slo.requests).toBe(10_000);
    expect(slo.failed).toBe(4000);
    expect(slo.slow).toBe(0); // 3 ms ≤ 5 ms
    expect(slo.bad).toBe(4000);
    expect(slo.good).toBe(6000);
    // Budget (1 − 0.9) × 10 000 = 1 000 bad requests; 4 000 used it four times over.
    expect(slo.budget).toBeCloseTo(1000, 9);
    expect(slo.budgetUsed).toBeCloseTo(4, 9);
    expect(slo.burnRate).toBeCloseTo(4, 9);
    expect(slo.met).toBe(false);
    // 1 000 failures at 200/s after the outage began at 20 s: gone at 25 s.
    expect(slo.exhaustedAtMs).toBe(25_000);
    // The same counts the rest of the result reports.
    expect(slo.failed).toBe(r.requests.failed + r.requests.timedOut + r.requests.rejected);
    expect(r.errorRate).toBeCloseTo(0.4, 12);
    // Series: 100 ms intervals after the warm-up (10.1 s .. 60 s); during the outage every
    // request is bad, so the burn is 1 / (1 − 0.9) = 10; outside it, 0.
    const s = slo.series;
    expect(s.t.length).toBe(500);
    expect(s.t[0]).toBe(10_100);
    const at = (ms: number) => s.t.indexOf(ms);
    expect(s.burnRate[at(15_000)]).toBe(0);
    expect(s.burnRate[at(30_000)]).toBeCloseTo(10, 9);
    expect(s.burnRate[at(50_000)]).toBe(0);
    expect(s.budgetUsed[at(20_000)]).toBe(0);
    expect(s.budgetUsed[at(25_000)]).toBeCloseTo(1, 9);
    expect(s.budgetUsed[at(30_000)]).toBeCloseTo(2, 9);
    expect(s.budgetUsed[s.t.length - 1]).toBeCloseTo(4, 9);
    // Never decreasing: bad requests only accumulate.
    for (let i = 1; i < s.t.length; i++) expect(s.budgetUsed[i]).toBeGreaterThanOrEqual(s.budgetUsed[i - 1]);
  });

  it('counts completions over the latency threshold as bad', () => {
    // Every completion takes 3 ms: a 2 ms threshold makes all 6 000 of them slow.
    const slo = run(failWindow({ objective: 0.5, latency: '2ms' })).slo!;
    expect(slo.slow).toBe(6000);
    expect(slo.failed).toBe(4000);
    expect(slo.good).toBe(0);
    expect(slo.budget).toBe(5000);
    expect(slo.budgetUsed).toBe(2);
    // 5 000 bad at 200/s from 10 s: 35 s.
    expect(slo.exhaustedAtMs).toBe(35_000);
  });

  it('without a latency only failures are bad, and a budget that lasts is met', () => {
    const slo = run(failWindow({ objective: 0.5 })).slo!;
    expect(slo.latencyMs).toBeNull();
    expect(slo.slow).toBe(0);
    expect(slo.budgetUsed).toBeCloseTo(0.8, 12);
    expect(slo.met).toBe(true);
    expect(slo.exhaustedAtMs).toBeNull();
  });

  it('changes nothing else in the result (with and without slo, byte for byte)', () => {
    const preset = JSON.parse(
      readFileSync(new URL('../../presets/circuit-breaker.json', import.meta.url), 'utf8'),
    );
    const { slo: _presetSlo, ...bare } = preset;
    const plain = run(bare);
    expect('slo' in plain).toBe(false);
    const watched = run({ ...bare, slo: { objective: 0.99, latency: '300ms' } });
    expect(watched.slo!.bad).toBeGreaterThan(0);
    const { slo, run: _w, ...rest } = watched;
    const { run: _p, ...plainRest } = plain;
    expect(JSON.stringify(rest)).toBe(JSON.stringify(plainRest));
    // Deterministic: the same figures again.
    expect(run({ ...bare, slo: { objective: 0.99, latency: '300ms' } }).slo).toEqual(slo);
  });
});

describe('slo: validation', () => {
  it('accepts the shape with a duration and leaves a scenario without it without the field', () => {
    expect(ok({ ...minimal(), slo: { objective: 0.999, latency: '300ms' } }).scenario.slo).toEqual({
      objective: 0.999,
      latency: 300,
    });
    expect(ok({ ...minimal(), slo: { objective: 0.99, latency: 250 } }).scenario.slo?.latency).toBe(250);
    expect(ok(minimal()).scenario.slo).toBeUndefined();
  });

  it('refuses bad values with a path and a sentence each', () => {
    const messages = (slo: unknown) => errors({ ...minimal(), slo }).map((p) => p.message);
    expect(messages({ objective: 1, latency: '0ms' })).toEqual([
      'slo.objective: must be a fraction between 0 and 1 (not 0 or 1), such as 0.999 for 99.9%, got 1',
      'slo.latency: must be a duration > 0, got "0ms"',
    ]);
    expect(messages({ objective: 99.9 })[0]).toBe(
      'slo.objective: must be a fraction between 0 and 1 (not 0 or 1), such as 0.999 for 99.9%, got 99.9',
    );
    expect(messages({ latency: '300ms' })[0]).toMatch(/^slo\.objective: /);
    expect(messages({ objective: 0.99, latencyMs: 300 })[0]).toMatch(/^slo\.latencyMs: /);
    expect(messages('99.9%')[0]).toMatch(/^slo: /);
    expect(messages({ objective: '<b>x</b>' })[0]).toContain('got "<b>x</b>"');
  });
});
