import { describe, expect, test } from 'vitest';
import type { RateLimiter } from '../../src/components/rateLimiter';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Scenario } from '../../src/scenario/types';

function scenario(input: Record<string, unknown>): Scenario {
  const r = parseScenario({ format: 'scalelab/scenario@1', name: 'rate limiter test', ...input });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

/** client → rateLimiter → appServer (fast, never the bottleneck). */
function limited(
  client: Record<string, unknown>,
  limiter: Record<string, unknown>,
  rest: Record<string, unknown> = {},
) {
  return scenario({
    nodes: [
      { id: 'users', type: 'client', ...client },
      { id: 'rl', type: 'rateLimiter', ...limiter },
      { id: 'app', type: 'appServer', cores: 64, concurrency: 10_000, service: { dist: 'const', value: 1 } },
    ],
    edges: [
      { from: 'users', to: 'rl' },
      { from: 'rl', to: 'app' },
    ],
    ...rest,
  });
}

describe('rateLimiter', () => {
  test('long-run allowed rate is the token rate; the rest are rejected as 429s', () => {
    const RATE = 100;
    const BURST = 10;
    const T = 200; // s
    const run = buildSimulation(
      limited({ rate: [{ at: 0, rps: 2 * RATE }] }, { rate: RATE, burst: BURST }, { duration: `${T}s` }),
    );
    run.runToEnd();
    const r = run.result();
    const rl = r.nodes.rl;
    const allowed = rl.allowed as number;
    // Tokens are conserved: allowed = burst (start) + rate·T − tokens left − tokens wasted on a
    // full bucket. Left ∈ [0, burst]; waste needs 100 ms (10 tokens) without one arrival at
    // 200 rps, probability e^−20 per window: none. So allowed ∈ [rate·T, rate·T + burst].
    expect(allowed).toBeGreaterThanOrEqual(RATE * T);
    expect(allowed).toBeLessThanOrEqual(RATE * T + BURST);
    // Every other arrival was refused at the limiter and counted as rejected at the client.
    expect(rl.limited).toBe(rl.arrivals - allowed);
    expect(rl.rejected).toBe(rl.limited);
    expect(r.requests.rejected).toBe(rl.limited);
    expect(r.requests.failed).toBe(0);
    expect(r.failureReasons).toEqual({ 'rate limited': rl.limited });
    expect(r.nodes.app.arrivals).toBe(allowed);
    // Offered ≈ 2·rate (Poisson, sd √40000 = 200), so about half are refused.
    expect(Math.abs((rl.limited as number) - RATE * T)).toBeLessThan(5 * Math.sqrt(2 * RATE * T) + BURST);
  });

  test('a burst of up to `burst` requests passes at once, then the rate rules', () => {
    // 10 000 rps, evenly spaced (0.1 ms apart), into a full bucket of 50 refilled at 10/s.
    const run = buildSimulation(
      limited(
        { rate: [{ at: 0, rps: 10_000 }], arrivals: 'constant' },
        { rate: 10, burst: 50 },
        { duration: '3s' },
      ),
    );
    const rl = run.nodes.get('rl') as RateLimiter;
    run.advance(5.05); // 50 arrivals (0.1, 0.2, … 5.0 ms); refill meanwhile 10/s × 5 ms = 0.05 token
    expect(rl.allowed).toBe(50);
    expect(rl.limited).toBe(0);
    run.advance(100); // 950 more arrivals; the refill (≤ 1 token) lets at most one through
    expect(rl.allowed).toBeLessThanOrEqual(51);
    expect(rl.limited).toBe(1000 - rl.allowed);
    run.runToEnd();
    // Then exactly the rate: by t = 3 s the bucket has granted 50 + ⌊10 × 3⌋ tokens (arrivals every
    // 0.1 ms leave at most one token unused at the end, and the float slack is 1e−9).
    expect(rl.allowed).toBeGreaterThanOrEqual(50 + 29);
    expect(rl.allowed).toBeLessThanOrEqual(50 + 30);
  });

  test('a spike above the rate is refused only while it lasts', () => {
    // 50 rps, a 10 s spike to 300 rps at 20 s, back to 50 rps at 30 s; limiter 100/s, burst 20.
    const run = buildSimulation(
      limited(
        {
          rate: [
            { at: 0, rps: 50 },
            { at: '20s', rps: 300 },
            { at: '30s', rps: 50 },
          ],
        },
        { rate: 100, burst: 20 },
        { duration: '60s' },
      ),
    );
    run.runToEnd();
    const r = run.result();
    const t = r.series.t;
    const limitedPerSec = r.series.nodes.rl.limited;
    expect(limitedPerSec).toHaveLength(t.length);
    let during = 0;
    for (let i = 0; i < t.length; i++) {
      const end = t[i];
      const start = end - r.series.intervalMs;
      // Outside the spike the offered 50 rps is half the token rate. Before it the bucket stays
      // near full (a refusal needs 20+ arrivals beyond the refill: none). After it the empty
      // bucket refills at a net 50 tokens/s, so refusals can trail by well under 1 s.
      if (end <= 20_000 || start >= 31_000) expect(limitedPerSec[i]).toBe(0);
      if (start >= 20_000 && end <= 30_000) {
        expect(limitedPerSec[i]).toBeGreaterThan(0);
        during += (limitedPerSec[i] * r.series.intervalMs) / 1000;
      }
    }
    // During the spike: ~300 − 100 = 200 refusals per second, less the 20-token burst once.
    // Poisson(3000) arrivals in the spike: sd ≈ 55, so 5 sd ≈ 275.
    expect(Math.abs(during - (2000 - 20))).toBeLessThan(275);
    expect(r.requests.rejected).toBe(r.nodes.rl.limited);
  });

  test('a live change of rate takes effect from then on', () => {
    const run = buildSimulation(
      limited(
        { rate: [{ at: 0, rps: 1000 }], arrivals: 'constant' },
        { rate: 100, burst: 5 },
        { duration: '20s', events: [{ at: '10s', do: 'set', node: 'rl', path: 'rate', value: 300 }] },
      ),
    );
    const rl = run.nodes.get('rl') as RateLimiter;
    run.advance(10_000);
    const before = rl.allowed;
    run.runToEnd();
    // Arrivals every 1 ms always find the bucket short of a token, so it never fills and no
    // token is wasted: the limiter passes the initial burst plus exactly the tokens made, ±1
    // for the fraction of a token left at each end. (With burst 1 it would pass fewer: a
    // 0.3-token refill on top of 0.9 overflows the bucket and is lost.)
    expect(Math.abs(before - (5 + 100 * 10))).toBeLessThanOrEqual(1);
    expect(Math.abs(rl.allowed - before - 300 * 10)).toBeLessThanOrEqual(1);
  });
});
