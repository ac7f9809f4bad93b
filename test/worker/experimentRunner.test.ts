import { describe, expect, it } from 'vitest';
import { InlinePool } from '../../src/experiments/inlinePool';
import { planSweep } from '../../src/experiments/plans';
import { runTask } from '../../src/experiments/run';
import { ExperimentCancelled, runExperiment } from '../../src/experiments/runner';
import { experimentWindow, MEASURED_CAP_MS } from '../../src/experiments/window';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Scenario } from '../../src/scenario/types';
import { poolSize, type RunWorkerLike, WebWorkerPool } from '../../src/worker/experimentPool';
import type { FromRunWorker, ToRunWorker } from '../../src/worker/experimentProtocol';
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

/** A worker's runner on a fake clock: each look at the clock advances it `stepMs`, so slices end. */
function setup(stepMs = 1) {
  const posted: FromRunWorker[] = [];
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

/** Web Workers of the pool, in process: each runs its messages through its own ExperimentRunner. */
class FakeRunWorker implements RunWorkerLike {
  private listener: ((e: MessageEvent<FromRunWorker>) => void) | null = null;
  readonly received: ToRunWorker[] = [];
  private readonly runner = new ExperimentRunner(buildSimulation, {
    post: (m) => setTimeout(() => this.listener?.({ data: m } as MessageEvent<FromRunWorker>), 0),
    now: () => performance.now(),
    schedule: (fn) => setTimeout(fn, 0),
  });
  postMessage(m: ToRunWorker) {
    this.received.push(m);
    this.runner.handle(m);
  }
  addEventListener(_: 'message', l: (e: MessageEvent<FromRunWorker>) => void) {
    this.listener = l;
  }
}

describe('experiment worker (one run in slices)', () => {
  it('runs a task in slices with progress, and its output is the same as a run in one go', () => {
    const { runner, posted, drain } = setup(5);
    const s = scenario();
    const task = { scenario: s, options: { durationMs: 30_000, warmupMs: 10_000 } };
    runner.handle({ type: 'run', id: 1, task });
    drain();
    const progress = posted.flatMap((m) => (m.type === 'progress' ? [m.fraction] : []));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b)); // never goes back
    const done = posted.find((m) => m.type === 'done');
    if (done?.type !== 'done') throw new Error('no output');
    expect(done.output.summary.simulatedMs).toBe(30_000);
    expect(JSON.stringify(done.output)).toBe(JSON.stringify(runTask(buildSimulation, task)));
  });

  it('drops the run on cancel between slices: no output', () => {
    const { runner, posted, drain, tasks } = setup(5);
    runner.handle({ type: 'run', id: 7, task: { scenario: scenario(), options: {} } });
    drain(3);
    expect(tasks.length).toBe(1); // still working
    runner.handle({ type: 'cancel' });
    drain();
    expect(posted.some((m) => m.type === 'done')).toBe(false);
    expect(runner.busy).toBe(false);
  });

  it('reports a run that cannot be built as failed', () => {
    const { runner, posted, drain } = setup();
    const s = scenario();
    const broken = {
      ...s,
      nodes: [...s.nodes, { ...s.nodes[1], id: 'x', type: 'nope' }],
    } as unknown as Scenario;
    runner.handle({ type: 'run', id: 4, task: { scenario: broken, options: {} } });
    drain();
    expect(posted.some((m) => m.type === 'failed' && m.id === 4)).toBe(true);
  });
});

describe("the app's pool of experiment workers", () => {
  it('sizes to the cores less one, 1..8', () => {
    expect(poolSize(2)).toBe(1);
    expect(poolSize(1)).toBe(1);
    expect(poolSize(4)).toBe(3);
    expect(poolSize(32)).toBe(8);
    expect(poolSize(undefined)).toBe(1);
  });

  it('hands runs out one at a time over its workers; the outcome equals the in-process one', async () => {
    const s = scenario('20s');
    const spec = {
      scenario: s,
      window: { fromMs: s.warmup, toMs: s.duration },
      grid: { factors: [0.5, 1, 1.5, 2.5] },
    };
    const workers: FakeRunWorker[] = [];
    const pool = new WebWorkerPool(() => {
      const w = new FakeRunWorker();
      workers.push(w);
      return w;
    }, 3);
    const progress: number[] = [];
    const pooled = await runExperiment(planSweep(spec), pool, { onProgress: (d) => progress.push(d) }).done;
    const inline = await runExperiment(planSweep(spec), new InlinePool(buildSimulation, 1)).done;
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(inline));
    expect(workers).toHaveLength(3);
    // Every worker got runs, never two at once (each run message follows the previous output).
    for (const w of workers) expect(w.received.filter((m) => m.type === 'run').length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(pooled.points.length);
  });

  it('calls no callback before runExperiment returns (the store keys its updates by the id it returns)', async () => {
    const s = scenario('10s');
    let returned = false;
    const early: string[] = [];
    const spec = { scenario: s, window: { fromMs: s.warmup, toMs: s.duration }, grid: { factors: [1] } };
    const exp = runExperiment(planSweep(spec), new InlinePool(buildSimulation, 1), {
      onProgress: () => {
        if (!returned) early.push('progress');
      },
    });
    returned = true;
    await exp.done;
    expect(early).toEqual([]);
  });

  it('cancel stops every worker at once and the experiment ends cancelled', async () => {
    const s = scenario('60s');
    const workers: FakeRunWorker[] = [];
    const pool = new WebWorkerPool(() => {
      const w = new FakeRunWorker();
      workers.push(w);
      return w;
    }, 2);
    const spec = {
      scenario: s,
      window: { fromMs: s.warmup, toMs: s.duration },
      grid: { factors: [1, 2, 3, 4] },
    };
    const exp = runExperiment(planSweep(spec), pool);
    exp.cancel();
    await expect(exp.done).rejects.toBeInstanceOf(ExperimentCancelled);
    for (const w of workers) expect(w.received.at(-1)).toEqual({ type: 'cancel' });
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
