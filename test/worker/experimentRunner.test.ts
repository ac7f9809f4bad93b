import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Scenario } from '../../src/scenario/types';
import type { FromExperiment, SweepOutcome } from '../../src/worker/experimentProtocol';
import { experimentWindow, MEASURED_CAP_MS } from '../../src/worker/experimentProtocol';
import { ExperimentRunner } from '../../src/worker/experimentRunner';

/** One app server, 4 cores at 10 ms: saturates at 400 req/s; offered 200 req/s. */
function scenario(duration = '40s'): Scenario {
  const r = parseScenario({
    format: 'scalelab/scenario@1',
    name: 'sweep test',
    seed: 3,
    duration,
    warmup: '5s',
    nodes: [
      { id: 'users', type: 'client', rate: 200, timeout: '2s' },
      { id: 'app', type: 'appServer', cores: 4, concurrency: 64, backlog: 64, service: '10ms' },
    ],
    edges: [{ from: 'users', to: 'app' }],
  });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.scenario;
}

/** A runner on a fake clock: each look at the clock advances it `stepMs`, so slices end. */
function setup(stepMs = 1) {
  const posted: FromExperiment[] = [];
  const tasks: (() => void)[] = [];
  let t = 0;
  const runner = new ExperimentRunner(buildSimulation, {
    post: (m) => posted.push(m),
    now: () => (t += stepMs),
    schedule: (fn) => tasks.push(fn),
  });
  const drain = (max = Number.POSITIVE_INFINITY) => {
    for (let i = 0; i < max && tasks.length > 0; i++) tasks.shift()!();
  };
  return { runner, posted, drain, tasks };
}

describe('ExperimentRunner', () => {
  it('sweeps the traffic, reports each run and progress, and finds the knee before saturation', () => {
    const { runner, posted, drain } = setup();
    const s = scenario();
    runner.handle({
      type: 'sweep',
      id: 1,
      scenario: s,
      factors: [0.5, 1, 1.5, 2.5],
      window: { fromMs: s.warmup, toMs: s.duration },
    });
    drain();
    const runs = posted.filter((m) => m.type === 'run');
    expect(runs.map((m) => m.type === 'run' && m.index)).toEqual([0, 1, 2, 3]);
    const progress = posted.flatMap((m) => (m.type === 'progress' ? [m.done] : []));
    expect(progress).toEqual([...progress].sort((a, b) => a - b)); // never goes back
    expect(progress[progress.length - 1]).toBe(4);
    const done = posted.find((m) => m.type === 'done');
    const outcome = (done as { outcome: SweepOutcome }).outcome;
    expect(outcome.kind).toBe('sweep');
    // Offered load follows the factor: 200 req/s × f measured over 35 s, i.e. 3 500–17 500 Poisson
    // arrivals, a relative standard deviation of 1.7% at most; 6% is 3.5 σ.
    for (const p of outcome.points) expect(Math.abs(p.offeredRps / (200 * p.factor) - 1)).toBeLessThan(0.06);
    // 2.5× = 500 req/s exceeds 400 req/s of capacity: it breaks, so the knee is at or before 1.5×.
    expect(outcome.knee).toBeGreaterThanOrEqual(1);
    expect(outcome.knee).toBeLessThanOrEqual(2);
    const over = outcome.points[3];
    expect(over.errorRate > 0.01 || over.p99Ms > 2 * outcome.points[0].p99Ms).toBe(true);
  });

  it('stops on cancel between slices: no more runs, no outcome', () => {
    // 5 ms per look at the clock: chunks stay small, so the job spans many slices.
    const { runner, posted, drain, tasks } = setup(5);
    const s = scenario();
    runner.handle({
      type: 'sweep',
      id: 7,
      scenario: s,
      factors: [1, 2, 3],
      window: { fromMs: s.warmup, toMs: s.duration },
    });
    drain(3);
    expect(tasks.length).toBe(1); // still working
    runner.handle({ type: 'cancel', id: 7 });
    drain();
    expect(posted.some((m) => m.type === 'cancelled' && m.id === 7)).toBe(true);
    expect(posted.some((m) => m.type === 'done')).toBe(false);
    expect(runner.busy).toBe(false);
  });

  it('replicates with independent streams and gives 95% intervals around the mean', () => {
    const { runner, posted, drain } = setup();
    const s = scenario('20s');
    runner.handle({
      type: 'replicate',
      id: 2,
      scenario: s,
      n: 4,
      window: { fromMs: s.warmup, toMs: s.duration },
    });
    drain();
    const done = posted.find((m) => m.type === 'done');
    if (done?.type !== 'done' || done.outcome.kind !== 'replicate') throw new Error('no outcome');
    const o = done.outcome;
    expect(o.runs).toHaveLength(4);
    // Different replications draw different arrivals: the throughputs are not all equal.
    expect(new Set(o.runs.map((r) => r.throughputRps)).size).toBeGreaterThan(1);
    expect(o.throughputRps.low).toBeLessThanOrEqual(o.throughputRps.mean);
    expect(o.throughputRps.high).toBeGreaterThanOrEqual(o.throughputRps.mean);
    expect(o.meanMs.n).toBe(4);
  });

  it('compares A and B on one seed: the same scenario twice gives zero difference', () => {
    const { runner, posted, drain } = setup();
    const s = scenario('15s');
    runner.handle({
      type: 'compare',
      id: 3,
      a: s,
      b: s,
      seed: 11,
      window: { fromMs: s.warmup, toMs: s.duration },
    });
    drain();
    const done = posted.find((m) => m.type === 'done');
    if (done?.type !== 'done' || done.outcome.kind !== 'compare') throw new Error('no outcome');
    expect(done.outcome.seed).toBe(11);
    expect(done.outcome.b).toEqual(done.outcome.a);
  });

  it('reports a run that cannot be built as failed', () => {
    const { runner, posted, drain } = setup();
    const s = scenario();
    const broken = {
      ...s,
      nodes: [...s.nodes, { ...s.nodes[1], id: 'x', type: 'nope' }],
    } as unknown as Scenario;
    runner.handle({
      type: 'replicate',
      id: 4,
      scenario: broken,
      n: 2,
      window: { fromMs: s.warmup, toMs: s.duration },
    });
    drain();
    expect(posted.some((m) => m.type === 'failed' && m.id === 4)).toBe(true);
  });

  it('measures a later window when asked: warm-up moved, run cut', () => {
    const { runner, posted, drain } = setup();
    const s = scenario('60s');
    runner.handle({ type: 'replicate', id: 5, scenario: s, n: 1, window: { fromMs: 30_000, toMs: 50_000 } });
    drain();
    const run = posted.find((m) => m.type === 'run');
    if (run?.type !== 'run') throw new Error('no run');
    expect(run.summary.simulatedMs).toBe(50_000);
    // 200 req/s over the 20 s measured (4 000 Poisson arrivals, 1.6% sd): 6% is ~4 σ.
    expect(Math.abs(run.summary.offeredRps / 200 - 1)).toBeLessThan(0.06);
  });
});

describe('experimentWindow', () => {
  const min = 60_000;
  const client = (rate: unknown) => ({ id: 'users', type: 'client', rate });
  const windowOf = (duration: string, warmup: string, rate: unknown, events: unknown[] = []) => {
    const r = parseScenario({
      format: 'scalelab/scenario@1',
      name: 'window',
      duration,
      warmup,
      nodes: [client(rate), { id: 'app', type: 'appServer' }],
      edges: [{ from: 'users', to: 'app' }],
      events,
    });
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
    return experimentWindow(r.scenario);
  };

  it('runs a short scenario whole', () => {
    expect(windowOf('2m', '30s', 100)).toEqual({ fromMs: 30_000, toMs: 2 * min });
  });

  it('measures the first two minutes after the warm-up when the traffic is flat', () => {
    expect(windowOf('10m', '30s', 100)).toEqual({ fromMs: 30_000, toMs: 30_000 + MEASURED_CAP_MS });
  });

  it('moves to a late surge (Black Friday: 100 → 540 req/s ramped over 5–6 min)', () => {
    const rate = [
      { at: 0, rps: 100, ramp: '1m' },
      { at: '5m', rps: 540, ramp: '1m' },
    ];
    // From 6 min on every window is at the peak; the earliest of them.
    expect(windowOf('20m', '2m', rate)).toEqual({ fromMs: 6 * min, toMs: 8 * min });
  });

  it('ends at the end of a ramp that peaks at the end of the run (the Reddit steps)', () => {
    const rate = [
      { at: 0, rps: 385, ramp: '30s' },
      { at: '2m', rps: 800, ramp: '4m' },
    ];
    expect(windowOf('7m', '30s', rate)).toEqual({ fromMs: 5 * min, toMs: 7 * min });
  });

  it('covers a whole one-minute spike, starting as early as possible', () => {
    const rate = [
      { at: 0, rps: 300, ramp: '20s' },
      { at: '2m', rps: 1500, ramp: '5s' },
      { at: '3m', rps: 300, ramp: '5s' },
    ];
    // The spike ends with its ramp down at 3 min 5 s: the earliest window holding all of it.
    expect(windowOf('5m', '30s', rate)).toEqual({ fromMs: 65_000, toMs: 185_000 });
  });

  it('follows events that raise the traffic', () => {
    const events = [{ at: '8m', do: 'set', node: 'users', path: 'trafficScale', value: 3 }];
    expect(windowOf('10m', '30s', 100, events)).toEqual({ fromMs: 8 * min, toMs: 10 * min });
  });

  it('under flat traffic, starts at a failure instead of ending before it', () => {
    const events = [
      { at: '5m', do: 'fail', node: 'app' },
      { at: '6m', do: 'recover', node: 'app' },
    ];
    expect(windowOf('10m', '30s', 100, events)).toEqual({
      fromMs: 5 * min,
      toMs: 7 * min,
      trouble: { at: 5 * min, do: 'fail', node: 'app' },
    });
  });

  it('holds as many failures and slowdowns as it can (the circuit-breaker preset: slow 1:30, fail 2:30)', () => {
    const events = [
      { at: '90s', do: 'slow', node: 'app', factor: 10 },
      { at: '150s', do: 'fail', node: 'app' },
      { at: '210s', do: 'recover', node: 'app' },
      { at: '210s', do: 'slow', node: 'app', factor: 1 },
    ];
    // Starting at the slowdown holds both; a later start would hold the failure alone.
    expect(windowOf('5m', '30s', 100, events)).toEqual({
      fromMs: 90_000,
      toMs: 210_000,
      trouble: { at: 90_000, do: 'slow', node: 'app', factor: 10 },
    });
  });

  it('holds a failure too late to start at (the last two minutes), and ignores speed-ups', () => {
    const events = [
      { at: '570s', do: 'fail', node: 'app' },
      { at: '2m', do: 'slow', node: 'app', factor: 0.5 },
    ];
    expect(windowOf('10m', '30s', 100, events)).toEqual({
      fromMs: 8 * min,
      toMs: 10 * min,
      trouble: { at: 9.5 * min, do: 'fail', node: 'app' },
    });
  });

  it('lets traffic decide first: a surge beats an early failure', () => {
    const rate = [
      { at: 0, rps: 100, ramp: '1m' },
      { at: '5m', rps: 540, ramp: '1m' },
    ];
    const events = [{ at: '2m', do: 'fail', node: 'app' }];
    expect(windowOf('20m', '2m', rate, events)).toEqual({ fromMs: 6 * min, toMs: 8 * min });
  });
});
