import { describe, expect, test } from 'vitest';
import { REASONS, Reason } from '../../src/components/call';
import type { LoadBalancer } from '../../src/components/loadBalancer';
import { buildSimulation, type RunningSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Result } from '../../src/scenario/resultTypes';
import type { Scenario } from '../../src/scenario/types';

function scenario(input: Record<string, unknown>): Scenario {
  const r = parseScenario({ format: 'scalelab/scenario@1', name: 'lb test', ...input });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

// ----- policies at 80% load ---------------------------------------------------------------------
// 8 app instances with 1 core each, exponential 10 ms service: capacity 800 rps; 640 rps offered.
const SERVICE_MS = 10;
const INSTANCES = 8;
const RPS = 640;
const SEEDS = [1, 2, 3];

function policyRun(policy: string, seed: number): Result {
  const s = scenario({
    seed,
    duration: '220s',
    warmup: '20s',
    nodes: [
      { id: 'users', type: 'client', rate: [{ at: 0, rps: RPS }], timeout: '60s' },
      { id: 'lb', type: 'loadBalancer', policy },
      {
        id: 'app',
        type: 'appServer',
        instances: INSTANCES,
        cores: 1,
        concurrency: 10_000,
        service: `${SERVICE_MS}ms`,
      },
    ],
    edges: [
      { from: 'users', to: 'lb' },
      { from: 'lb', to: 'app' },
    ],
  });
  const run = buildSimulation(s);
  run.runToEnd();
  return run.result();
}

const cache = new Map<string, Result>();
function policyResult(policy: string, seed: number): Result {
  const key = `${policy}/${seed}`;
  let r = cache.get(key);
  if (!r) {
    r = policyRun(policy, seed);
    cache.set(key, r);
  }
  return r;
}

/** Half-width of the batch-means 95% interval of the mean latency. */
function halfWidth(r: Result): number {
  return (r.latencyMeanCi95Ms[1] - r.latencyMeanCi95Ms[0]) / 2;
}

/** Mean sojourn of GI/M/1 with Erlang-k interarrivals (rate λ per ms) and service rate μ per ms. */
function erlangKM1Sojourn(k: number, lambda: number, mu: number): number {
  // σ is the root in (0, 1) of σ = A*(μ(1−σ)), A*(s) = (kλ/(kλ+s))^k the interarrival LST.
  let sigma = 0.5;
  for (let i = 0; i < 10_000; i++) sigma = ((k * lambda) / (k * lambda + mu * (1 - sigma))) ** k;
  return 1 / (mu * (1 - sigma));
}

describe('balancing policies at 80% load', () => {
  test('random: each instance is an M/M/1 at ρ = 0.8 (mean 50 ms, p99 = 50·ln 100 ms)', () => {
    for (const seed of SEEDS) {
      const r = policyResult('random', seed);
      expect(r.requests.failed + r.requests.rejected + r.requests.timedOut).toBe(0);
      // A Poisson stream split uniformly at random stays Poisson: sojourn ~ exp(mean S/(1−ρ)).
      // The LB's constant 0.05 ms service adds to it. Tolerance: 2 × the batch-means 95%
      // half-width (~2.5 ms here), a miss would be a > 4σ event.
      const mean = SERVICE_MS / (1 - 0.8) + 0.05;
      expect(Math.abs(r.latencyMs.mean - mean)).toBeLessThan(2 * halfWidth(r));
      // p99 of an exponential with mean 50 ms is 230 ms; the p99 of ~128k autocorrelated samples
      // moved ±4% between seeds, so ±12% is 3 spreads.
      expect(r.latencyMs.p99 / (mean * Math.log(100))).toBeGreaterThan(0.88);
      expect(r.latencyMs.p99 / (mean * Math.log(100))).toBeLessThan(1.12);
      // Shares: each target's count is Binomial(n, 1/8): sd ≈ √(n·7/64) ≈ 120 for n = 128k; 5 sd.
      const counts = Object.values(r.nodes.lb.targets as Record<string, number>);
      expect(counts).toHaveLength(INSTANCES);
      const n = counts.reduce((a, b) => a + b, 0);
      for (const c of counts) expect(Math.abs(c - n / INSTANCES)).toBeLessThan(5 * Math.sqrt((n * 7) / 64));
    }
  });

  test('power-of-two choices cuts p99 far below random', () => {
    for (const seed of SEEDS) {
      const random = policyResult('random', seed);
      const p2c = policyResult('power-of-two', seed);
      // Measured: random p99 ≈ 225–240 ms, p2c ≈ 80–82 ms (ratio ≈ 0.35). Each p99 moves ~±4%
      // between seeds, so a ratio below 0.5 holds with a margin of > 8 spreads.
      expect(p2c.latencyMs.p99).toBeLessThan(0.5 * random.latencyMs.p99);
      expect(p2c.latencyMs.mean + 2 * halfWidth(p2c)).toBeLessThan(
        random.latencyMs.mean - 2 * halfWidth(random),
      );
      // Ties go to the first target drawn, so no instance is favoured: same Binomial bound as random.
      const counts = Object.values(p2c.nodes.lb.targets as Record<string, number>);
      const n = counts.reduce((a, b) => a + b, 0);
      for (const c of counts) expect(Math.abs(c - n / INSTANCES)).toBeLessThan(5 * Math.sqrt((n * 7) / 64));
    }
  });

  test('round-robin beats random, and matches Erlang-8/M/1 per instance', () => {
    // Every 8th arrival of a Poisson stream: Erlang-8 interarrivals, more regular than Poisson.
    const theory = erlangKM1Sojourn(INSTANCES, RPS / INSTANCES / 1000, 1 / SERVICE_MS) + 0.05;
    for (const seed of SEEDS) {
      const random = policyResult('random', seed);
      const rr = policyResult('round-robin', seed);
      // Intervals that do not overlap: RR ≈ 29.7 ms vs random ≈ 49–51 ms, half-widths ~1–2.5 ms.
      expect(rr.latencyMs.mean + 2 * halfWidth(rr)).toBeLessThan(
        random.latencyMs.mean - 2 * halfWidth(random),
      );
      expect(Math.abs(rr.latencyMs.mean - theory)).toBeLessThan(2 * halfWidth(rr));
      // Cyclic: the counts differ by at most one.
      const counts = Object.values(rr.nodes.lb.targets as Record<string, number>);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  test('least-connections beats random and power-of-two', () => {
    for (const seed of SEEDS) {
      const random = policyResult('random', seed);
      const lc = policyResult('least-connections', seed);
      const p2c = policyResult('power-of-two', seed);
      // Measured means: LC ≈ 14.5–14.7 ms, p2c ≈ 21 ms, random ≈ 49–51 ms; half-widths ≤ 2.5 ms.
      expect(lc.latencyMs.mean + 2 * halfWidth(lc)).toBeLessThan(
        random.latencyMs.mean - 2 * halfWidth(random),
      );
      expect(lc.latencyMs.mean + 2 * halfWidth(lc)).toBeLessThan(p2c.latencyMs.mean - 2 * halfWidth(p2c));
      expect(lc.latencyMs.p99).toBeLessThan(0.5 * random.latencyMs.p99);
    }
  });

  test('same seed, same result', () => {
    const a = policyRun('power-of-two', 7);
    const b = policyRun('power-of-two', 7);
    expect(JSON.stringify({ ...a, run: null })).toBe(JSON.stringify({ ...b, run: null }));
  });
});

// ----- health checks ----------------------------------------------------------------------------

/** Times (end of the sampling step) at which the counter grew. */
function growthTimes(samples: [number, number][]): number[] {
  const out: number[] = [];
  for (let i = 1; i < samples.length; i++) if (samples[i][1] > samples[i - 1][1]) out.push(samples[i][0]);
  return out;
}

describe('health checks', () => {
  const INTERVAL = 5000;
  const UNHEALTHY_AFTER = 2;
  const HEALTHY_AFTER = 2;
  const FAIL_AT = 10_000;
  const RECOVER_AT = 40_000;

  function twoAppRun(): RunningSimulation {
    const s = scenario({
      seed: 3,
      duration: '70s',
      nodes: [
        { id: 'users', type: 'client', rate: [{ at: 0, rps: 200 }] },
        {
          id: 'lb',
          type: 'loadBalancer',
          policy: 'round-robin',
          healthCheck: { interval: INTERVAL, unhealthyAfter: UNHEALTHY_AFTER, healthyAfter: HEALTHY_AFTER },
        },
        { id: 'app1', type: 'appServer', cores: 4, service: '5ms' },
        { id: 'app2', type: 'appServer', cores: 4, service: '5ms' },
      ],
      edges: [
        { from: 'users', to: 'lb' },
        { from: 'lb', to: 'app1' },
        { from: 'lb', to: 'app2' },
      ],
      events: [
        { at: FAIL_AT, do: 'fail', node: 'app2' },
        { at: RECOVER_AT, do: 'recover', node: 'app2' },
      ],
    });
    return buildSimulation(s);
  }

  test('a dead target fails requests only until the probes notice, and is used again after recovery', () => {
    const run = twoAppRun();
    const lb = run.nodes.get('lb') as LoadBalancer;
    const app2 = run.nodes.get('app2')!;
    const target2 = lb.targets.all.find((t) => t.node === app2)!;
    const samples: { t: number; down: number; sent: number; healthy: number }[] = [];
    for (let t = 100; t <= 70_000; t += 100) {
      run.advance(t);
      samples.push({
        t,
        down: app2.stats.failuresByReason[Reason.targetDown],
        sent: target2.sent,
        healthy: lb.healthyTargets,
      });
    }
    const failTimes = growthTimes(samples.map((s) => [s.t, s.down]));
    // A scenario event runs last at its instant (as a live edit does, so a replay matches the
    // session), so the probe at 10 s still finds app2 up; the failed probes at 15 s and 20 s take
    // it out. The brief's bound is [fail, fail + unhealthyAfter × interval + interval].
    expect(failTimes.length).toBeGreaterThan(0);
    expect(failTimes[0]).toBeGreaterThan(FAIL_AT);
    expect(failTimes[0]).toBeLessThanOrEqual(FAIL_AT + 100);
    expect(failTimes[failTimes.length - 1]).toBe(FAIL_AT + UNHEALTHY_AFTER * INTERVAL);
    expect(failTimes[failTimes.length - 1]).toBeLessThanOrEqual(FAIL_AT + (UNHEALTHY_AFTER + 1) * INTERVAL);
    // Every request sent to app2 while it was dead failed there, and nothing else failed.
    const at = (t: number) => samples[Math.round(t / 100) - 1];
    const sentWhileDead = at(30_000).sent - at(FAIL_AT).sent;
    expect(at(70_000).down).toBe(sentWhileDead);
    // Round-robin over 2 targets: half of ~200 rps × 10 s ≈ 1000 (Poisson(2000)/2: sd ≈ 22).
    expect(sentWhileDead).toBeGreaterThan(900);
    expect(sentWhileDead).toBeLessThan(1100);
    expect(at(FAIL_AT + UNHEALTHY_AFTER * INTERVAL).healthy).toBe(1);
    // Out of rotation: nothing is sent to app2 between detection and the recovery probes.
    expect(at(RECOVER_AT).sent).toBe(at(FAIL_AT + UNHEALTHY_AFTER * INTERVAL).sent);
    // Back after healthyAfter good probes (40 s, 45 s), within one more interval at most.
    const backBy = RECOVER_AT + (HEALTHY_AFTER + 1) * INTERVAL;
    expect(at(RECOVER_AT + (HEALTHY_AFTER - 1) * INTERVAL - 100).sent).toBe(at(RECOVER_AT).sent);
    expect(at(backBy).sent).toBeGreaterThan(at(RECOVER_AT).sent);
    expect(at(backBy).healthy).toBe(2);
    const res = run.result();
    expect(res.requests.failed).toBe(sentWhileDead);
    expect(res.failureReasons).toEqual({ 'target down': sentWhileDead });
    expect(res.nodes.lb.healthyTargets).toBe(2);
    expect(res.series.nodes.lb.healthyTargets).toContain(1);
  });

  test('no healthy target left: "no route" at the balancer', () => {
    const s = scenario({
      duration: '30s',
      nodes: [
        { id: 'users', type: 'client', rate: [{ at: 0, rps: 100 }] },
        { id: 'lb', type: 'loadBalancer', healthCheck: { interval: '1s', unhealthyAfter: 1 } },
        { id: 'app', type: 'appServer' },
      ],
      edges: [
        { from: 'users', to: 'lb' },
        { from: 'lb', to: 'app' },
      ],
      events: [{ at: '10s', do: 'fail', node: 'app' }],
    });
    const run = buildSimulation(s);
    run.runToEnd();
    const r = run.result();
    const lbFailures = r.nodes.lb.failures as Record<string, number>;
    // ~100 rps × 20 s after detection; all of them "no route", none counted twice.
    expect(lbFailures[REASONS[Reason.noRoute]]).toBeGreaterThan(1700);
    expect(r.requests.failed).toBe(
      lbFailures['no route'] + ((r.nodes.app.failures as Record<string, number>)['target down'] ?? 0),
    );
    expect(r.nodes.lb.healthyTargets).toBe(0);
  });

  test('new instances join the rotation only after they pass a probe', () => {
    const s = scenario({
      duration: '30s',
      nodes: [
        { id: 'users', type: 'client', rate: [{ at: 0, rps: 400 }] },
        { id: 'lb', type: 'loadBalancer', healthCheck: { interval: '5s', healthyAfter: 1 } },
        { id: 'app', type: 'appServer', instances: 2 },
      ],
      edges: [
        { from: 'users', to: 'lb' },
        { from: 'lb', to: 'app' },
      ],
      events: [{ at: '12s', do: 'set', node: 'app', path: 'instances', value: 4 }],
    });
    const run = buildSimulation(s);
    const lb = run.nodes.get('lb') as LoadBalancer;
    const sentTo = (name: string) => lb.targets.all.find((t) => t.name === name)?.sent ?? 0;
    run.advance(14_900);
    expect(lb.targets.all.map((t) => t.name)).toEqual(['app#0', 'app#1', 'app#2', 'app#3']);
    expect(sentTo('app#2') + sentTo('app#3')).toBe(0);
    expect(lb.healthyTargets).toBe(2);
    run.advance(15_100);
    // Probe at 15 s: healthy; then round-robin gives each of the 4 about a quarter.
    expect(lb.healthyTargets).toBe(4);
    run.runToEnd();
    const r = run.result();
    const targets = r.nodes.lb.targets as Record<string, number>;
    // 400 rps × 15 s / 4 ≈ 1500 each for the new ones (Poisson sd ≈ 40).
    expect(targets['app#2']).toBeGreaterThan(1300);
    expect(targets['app#3']).toBeGreaterThan(1300);
    expect(r.requests.failed).toBe(0);
  });

  test('a node of another kind is one target; a removed edge takes its target out at once', () => {
    const s = scenario({
      duration: '20s',
      nodes: [
        { id: 'users', type: 'client', rate: [{ at: 0, rps: 300 }] },
        { id: 'lb', type: 'loadBalancer' },
        { id: 'app', type: 'appServer', instances: 2 },
        { id: 'rl', type: 'rateLimiter', rate: 10_000 },
        { id: 'app2', type: 'appServer' },
      ],
      edges: [
        { from: 'users', to: 'lb' },
        { from: 'lb', to: 'app' },
        { from: 'lb', to: 'rl' },
        { from: 'rl', to: 'app2' },
      ],
      events: [{ at: '10s', do: 'remove-edge', edge: { from: 'lb', to: 'rl' } }],
    });
    const run = buildSimulation(s);
    const lb = run.nodes.get('lb') as LoadBalancer;
    run.advance(10_000);
    const rlBefore = run.nodes.get('rl')!.stats.arrivals;
    const appBefore = run.nodes.get('app')!.stats.arrivals;
    // Round-robin over 3 targets (app#0, app#1, rl): exactly a third each, up to the cycle's remainder.
    expect(rlBefore).toBeGreaterThan(900);
    expect(Math.abs(appBefore - 2 * rlBefore)).toBeLessThanOrEqual(2);
    run.runToEnd();
    const r = run.result();
    const targets = r.nodes.lb.targets as Record<string, number>;
    expect(Object.keys(targets)).toEqual(['app#0', 'app#1', 'rl']);
    // After the edge is gone, everything goes to the app instances; nothing failed on the way.
    expect(targets.rl).toBe(rlBefore);
    expect(targets['app#0'] + targets['app#1']).toBe(r.nodes.app.arrivals);
    expect(r.nodes.rl.arrivals).toBe(rlBefore);
    expect(r.nodes.app2.arrivals).toBe(rlBefore);
    expect(lb.healthyTargets).toBe(2);
    expect(r.requests.failed + r.requests.rejected).toBe(0);
  });
});
