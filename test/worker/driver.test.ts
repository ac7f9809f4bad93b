import { describe, expect, it } from 'vitest';
import type { LiveEdit, LiveSnapshot, Simulation } from '../../src/scenario/simulationTypes';
import type { Scenario } from '../../src/scenario/types';
import { type DriverHost, SimDriver, SLICE_MS } from '../../src/worker/driver';
import type { FromWorker } from '../../src/worker/protocol';

/** A simulation with one event per simulated ms that costs `costMs` of (fake) wall time. */
class FakeSim implements Simulation {
  nowMs = 0;
  applied: { at: number; edit: LiveEdit }[] = [];
  constructor(
    readonly endMs: number,
    private readonly clock: { t: number },
    private readonly costMs: number,
  ) {}
  get finished() {
    return this.nowMs >= this.endMs;
  }
  advance(untilMs: number): number {
    const until = Math.min(untilMs, this.endMs);
    const n = Math.max(0, Math.floor(until) - Math.floor(this.nowMs));
    this.clock.t += n * this.costMs;
    this.nowMs = Math.max(this.nowMs, until);
    return n;
  }
  runToEnd() {
    this.advance(this.endMs);
  }
  snapshot(): LiveSnapshot {
    return { nowMs: this.nowMs, endMs: this.endMs, finished: this.finished } as LiveSnapshot;
  }
  applyEdit(edit: LiveEdit) {
    if (edit.node === 'nope') throw new Error('nope: no such node');
    this.applied.push({ at: this.nowMs, edit });
  }
  result() {
    return { run: { wallMs: 0, eventsPerSec: 0 } } as ReturnType<Simulation['result']>;
  }
}

function setup(endMs: number, costMs: number) {
  const clock = { t: 0 };
  const posted: FromWorker[] = [];
  const tasks: { at: number; fn: () => void }[] = [];
  let longest = 0;
  const host: DriverHost = {
    post: (m) => posted.push(m),
    now: () => clock.t,
    schedule: (fn, delay) => tasks.push({ at: clock.t + delay, fn }),
  };
  let sim: FakeSim | null = null;
  const driver = new SimDriver(() => (sim = new FakeSim(endMs, clock, costMs)), host);
  /** Runs scheduled tasks in time order, measuring each one's wall time. */
  const run = (maxTasks = 100_000) => {
    for (let i = 0; i < maxTasks && tasks.length > 0; i++) {
      tasks.sort((a, b) => a.at - b.at);
      const task = tasks.shift()!;
      clock.t = Math.max(clock.t, task.at);
      const t0 = clock.t;
      task.fn();
      longest = Math.max(longest, clock.t - t0);
    }
  };
  driver.handle({ type: 'load', token: 1, scenario: {} as Scenario, seed: 1 });
  return { driver, clock, posted, run, sim: () => sim!, longest: () => longest };
}

describe('SimDriver', () => {
  it('runs to the end at max speed in slices of at most SLICE_MS (plus one chunk)', () => {
    const t = setup(60_000, 0.01);
    t.driver.handle({ type: 'setSpeed', speed: 'max' });
    t.driver.handle({ type: 'play' });
    t.run();
    expect(t.sim().nowMs).toBe(60_000);
    const statuses = t.posted.filter((m) => m.type === 'status').map((m) => (m as { status: string }).status);
    expect(statuses).toEqual(['ready', 'running', 'finished']);
    expect(t.posted.some((m) => m.type === 'result')).toBe(true);
    // A chunk targets ~4 ms and halves above 8 ms, so a slice overshoots SLICE_MS by less than 10 ms.
    expect(t.longest()).toBeLessThan(SLICE_MS + 10);
  });

  it('follows the clock at 1×', () => {
    const t = setup(60_000, 0.001);
    t.driver.handle({ type: 'play' });
    const start = t.clock.t;
    t.run(20); // 20 ticks of ~16 ms
    const wall = t.clock.t - start;
    expect(t.sim().nowMs).toBeGreaterThan(0);
    expect(t.sim().nowMs).toBeLessThanOrEqual(wall + 1);
  });

  it('steps one simulated second and pauses', () => {
    const t = setup(60_000, 0.001);
    t.driver.handle({ type: 'step' });
    t.run();
    expect(t.sim().nowMs).toBe(1000);
    expect(t.posted.at(-1)).toMatchObject({ type: 'status', status: 'paused', nowMs: 1000 });
  });

  it('applies an edit at the current time, and a scheduled edit exactly when it is due', () => {
    const t = setup(60_000, 0.001);
    t.driver.handle({ type: 'step', ms: 2500 });
    t.run();
    t.driver.handle({ type: 'edit', id: 1, edit: { do: 'fail', node: 'db' } });
    t.driver.handle({ type: 'edit', id: 2, edit: { do: 'recover', node: 'db' }, atMs: 7000 });
    t.driver.handle({ type: 'edit', id: 3, edit: { do: 'fail', node: 'nope' } });
    expect(t.posted.filter((m) => m.type === 'edited')).toEqual([
      { type: 'edited', id: 1, ok: true, atMs: 2500 },
      { type: 'edited', id: 2, ok: true, atMs: 7000 },
      { type: 'edited', id: 3, ok: false, message: 'nope: no such node' },
    ]);
    t.driver.handle({ type: 'setSpeed', speed: 'max' });
    t.driver.handle({ type: 'play' });
    t.run();
    expect(t.sim().applied.map((a) => [a.at, a.edit.do])).toEqual([
      [2500, 'fail'],
      [7000, 'recover'],
    ]);
  });

  it('stops advancing on pause', () => {
    const t = setup(600_000, 0.01);
    t.driver.handle({ type: 'setSpeed', speed: 'max' });
    t.driver.handle({ type: 'play' });
    t.run(3);
    t.driver.handle({ type: 'pause' });
    const at = t.sim().nowMs;
    t.run();
    expect(t.sim().nowMs).toBe(at);
    expect(at).toBeLessThan(600_000);
  });
});
