/**
 * Alert rules: validation with paths and sentences, and firing/resolving at the times the rule's
 * definition implies on scripted profiles (constant arrivals and constant service times, so every
 * window's count is known exactly), and no effect on the rest of the result.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errors, expectProblem, failAndRecover, minimal, ok, runToResult as run } from './helpers';

/** Constant 100 req/s, 1000 req/s from 30 s to 60 s; an app server far from busy (1 ms const). */
function stepLoad(alerts: unknown[], extra: Record<string, unknown> = {}) {
  return {
    format: 'scalelab/scenario@1',
    name: 'step in load',
    duration: '90s',
    nodes: [
      {
        id: 'users',
        type: 'client',
        arrivals: 'constant',
        rate: [
          { at: 0, rps: 100 },
          { at: '30s', rps: 1000 },
          { at: '60s', rps: 100 },
        ],
      },
      {
        id: 'app',
        type: 'appServer',
        cores: 64,
        concurrency: 1000,
        service: { read: { dist: 'const', value: '1ms' }, write: { dist: 'const', value: '1ms' } },
      },
    ],
    edges: [{ from: 'users', to: 'app' }],
    alerts,
    ...extra,
  };
}

describe('alert rules: validation', () => {
  it('accepts the DESIGN shape with durations and fills in the defaults', () => {
    const s = ok(
      stepLoad([
        {
          name: 'errors',
          metric: 'errorRate',
          node: 'app',
          op: '>',
          value: 0.01,
          window: '1m',
          for: '30s',
          every: '1s',
        },
        { name: 'slow', metric: 'p99Ms', op: '>', value: 300 },
      ]),
    ).scenario;
    expect(s.alerts).toEqual([
      {
        name: 'errors',
        metric: 'errorRate',
        node: 'app',
        op: '>',
        value: 0.01,
        window: 60_000,
        for: 30_000,
        every: 1000,
      },
      { name: 'slow', metric: 'p99Ms', op: '>', value: 300, window: 60_000, for: 0, every: 1000 },
    ]);
  });

  it('leaves a scenario without rules without the field', () => {
    expect(ok(minimal()).scenario.alerts).toBeUndefined();
  });

  it('refuses bad rules with a path and a sentence each', () => {
    const base = { name: 'a', op: '>', value: 1 };
    const input = stepLoad([
      { ...base, name: 'q', metric: 'queue' },
      { ...base, name: 'u', metric: 'utilization', node: 'ap' },
      { ...base, name: 'l', metric: 'lagMs', node: 'app' },
      { ...base, name: 'o', metric: 'oldestJobMs', node: 'app' },
      { ...base, name: 'e', metric: 'errorRate', value: 5 },
      { ...base, name: 'f', metric: 'p99Ms', every: '10ms' },
      { ...base, name: 'f', metric: 'p99Ms', window: '2h' },
      { ...base, name: 'w', metric: 'utilization', node: 'users' },
    ]);
    const messages = errors(input).map((p) => p.message);
    expect(messages).toEqual([
      "alerts[0].node: is required: queue is a node's figure",
      'alerts[1].node: no node has the id "ap"; did you mean "app"?',
      'alerts[2].node: lagMs needs a database replica, got "app" (its type is appServer)',
      'alerts[3].node: oldestJobMs needs a queue, got "app" (its type is appServer)',
      'alerts[4].value: errorRate is a fraction from 0 to 1, got 5',
      'alerts[5].every: must be at least 100ms, got 10ms',
      'alerts[6].name: must be unique among the alerts, got "f" twice',
      'alerts[6].window: must span at most 3600 evaluations (every 1s), got 2h',
      'alerts[7].node: utilization needs a node that serves requests, not a client, got "users" (its type is client)',
    ]);
  });

  it('refuses a bad metric and op by name', () => {
    expectProblem(
      stepLoad([{ name: 'x', metric: 'p98Ms', op: '>', value: 1 }]),
      'alerts[0].metric: must be one of "p50Ms", "p99Ms", "errorRate", "throughputRps", "utilization", "queue", "lagMs", "oldestJobMs", got "p98Ms"; did you mean "p99Ms"?',
    );
    expect(errors(stepLoad([{ name: 'x', metric: 'p99Ms', op: '>=', value: 1 }]))[0].path).toBe(
      'alerts[0].op',
    );
  });
});

describe('alert rules: when they fire and resolve', () => {
  it('a step in load: throughput over 500 req/s over 10 s fires at 35 s and clears at 66 s', () => {
    // Window (t-10 s, t]: 100·(40-t) + 1000·(t-30) completions from 30 s; > 5000 first at t = 35.
    // After 60 s: 1000·(70-t) + 100·(t-60) > 5000 last at t = 65, so it resolves at 66 s.
    const r = run(stepLoad([{ name: 'busy', metric: 'throughputRps', op: '>', value: 500, window: '10s' }]));
    expect(r.alerts).toEqual([{ name: 'busy', firedAtMs: 35_000, resolvedAtMs: 66_000 }]);
  });

  it('`for` delays the firing by exactly its length; resolving does not wait', () => {
    const r = run(
      stepLoad([{ name: 'busy', metric: 'throughputRps', op: '>', value: 500, window: '10s', for: '10s' }]),
    );
    expect(r.alerts).toEqual([{ name: 'busy', firedAtMs: 45_000, resolvedAtMs: 66_000 }]);
  });

  it('a rule held too briefly for its `for` never fires', () => {
    const r = run(
      stepLoad([{ name: 'busy', metric: 'throughputRps', op: '>', value: 500, window: '10s', for: '40s' }]),
    );
    expect(r.alerts).toEqual([]);
  });

  it('a `<` rule still firing at the end has resolvedAtMs null; every 5 s evaluates on multiples of 5 s', () => {
    // Under 200 req/s over 5 s: the last 5 s windows before 30 s and from 65 s (the window (60, 65]).
    const r = run(
      stepLoad([{ name: 'quiet', metric: 'throughputRps', op: '<', value: 200, window: '5s', every: '5s' }]),
    );
    expect(r.alerts).toEqual([
      { name: 'quiet', firedAtMs: 5000, resolvedAtMs: 35_000 },
      { name: 'quiet', firedAtMs: 65_000, resolvedAtMs: null },
    ]);
  });

  it('none before the warm-up ends: the first evaluation is the first multiple of `every` after it', () => {
    const r = run(
      stepLoad([{ name: 'any', metric: 'throughputRps', op: '>', value: 0, window: '10s' }], {
        warmup: '12.5s',
      }),
    );
    expect(r.alerts).toEqual([{ name: 'any', firedAtMs: 13_000, resolvedAtMs: null }]);
  });

  it('a failure and recovery: error rate over 50% over 5 s fires at 23 s and clears at 43 s', () => {
    // db down from 20 s: window (t-5, t] is (t-20)/5 failed: 0.6 at t = 23; after 40 s, 0.4 at t = 43.
    const r = run(
      failAndRecover({
        alerts: [
          { name: 'errors', metric: 'errorRate', op: '>', value: 0.5, window: '5s' },
          {
            name: 'db errors',
            metric: 'errorRate',
            node: 'db',
            op: '>',
            value: 0.5,
            window: '5s',
            for: '2s',
          },
          { name: 'db idle', metric: 'throughputRps', node: 'db', op: '<', value: 1, window: '1s' },
          { name: 'db busy', metric: 'utilization', node: 'db', op: '>', value: 0.9 },
        ],
      }),
    );
    expect(r.alerts).toEqual([
      { name: 'db idle', firedAtMs: 21_000, resolvedAtMs: 41_000 },
      { name: 'errors', firedAtMs: 23_000, resolvedAtMs: 43_000 },
      { name: 'db errors', firedAtMs: 25_000, resolvedAtMs: 43_000 },
    ]);
  });

  it('p99 and queue on a saturating station: fires when the backlog builds, clears when it drains', () => {
    // One core at 5 ms const serves 200/s; 1000/s from 30 s builds a queue of 800 per second.
    const input = stepLoad([
      { name: 'p99', metric: 'p99Ms', op: '>', value: 50, window: '5s' },
      { name: 'queue', metric: 'queue', node: 'app', op: '>', value: 10, window: '1s' },
    ]);
    (input.nodes[1] as Record<string, unknown>).cores = 1;
    (input.nodes[1] as Record<string, unknown>).concurrency = 100_000;
    (input.nodes[1] as Record<string, unknown>).backlog = 100_000;
    (input.nodes[1] as Record<string, unknown>).service = { read: { dist: 'const', value: '5ms' } };
    const r = run(input);
    // The queue passes 10 waiting within the first second of the step.
    const queue = r.alerts!.filter((a) => a.name === 'queue');
    expect(queue.length).toBe(1);
    expect(queue[0].firedAtMs).toBe(31_000);
    // 24 000 queued by 60 s drain at 100/s net: still firing at the end (90 s).
    expect(queue[0].resolvedAtMs).toBeNull();
    const p99 = r.alerts!.filter((a) => a.name === 'p99');
    expect(p99.length).toBe(1);
    expect(p99[0].firedAtMs).toBeGreaterThan(30_000);
    expect(p99[0].firedAtMs).toBeLessThanOrEqual(31_000);
  });

  it('changes nothing else in the result (with and without rules, byte for byte)', () => {
    const preset = JSON.parse(
      readFileSync(new URL('../../presets/circuit-breaker.json', import.meta.url), 'utf8'),
    );
    const { alerts: _presetRules, ...bare } = preset;
    const plain = run(bare);
    expect(plain.alerts).toBeUndefined();
    const withRules = {
      ...bare,
      alerts: [
        { name: 'p99', metric: 'p99Ms', op: '>', value: 300, window: '30s', for: '10s' },
        { name: 'errors', metric: 'errorRate', node: 'api', op: '>', value: 0.05, window: '1m' },
        { name: 'busy', metric: 'utilization', node: 'payments', op: '>', value: 0.8, every: '250ms' },
      ],
    };
    const watched = run(withRules);
    expect(watched.alerts!.length).toBeGreaterThan(0);
    const { alerts, run: _w, ...rest } = watched;
    const { run: _p, ...plainRest } = plain;
    expect(JSON.stringify(rest)).toBe(JSON.stringify(plainRest));
    // Deterministic: the same firings again.
    expect(run(withRules).alerts).toEqual(alerts);
  });
});
