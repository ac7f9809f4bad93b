import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Series } from '../../src/scenario/resultTypes';
import type { Scenario } from '../../src/scenario/types';
import { SimDriver } from '../../src/worker/driver';
import { failuresByNode, insightOf, offeredFromSeries, theoryView } from '../../src/worker/insight';
import type { FromWorker } from '../../src/worker/protocol';

/** Client → app (4 cores, exp 10 ms) → db (8 connections, exp 5 ms reads): λ = 300/s. */
function scenario(): Scenario {
  const r = parseScenario({
    format: 'scalelab/scenario@1',
    name: 'insight test',
    seed: 5,
    duration: '60s',
    warmup: '10s',
    nodes: [
      { id: 'users', type: 'client', rate: 300, mix: [{ name: 'r', op: 'read', weight: 1 }] },
      { id: 'app', type: 'appServer', cores: 4, concurrency: 256, backlog: 1000, service: '2ms' },
      { id: 'db', type: 'database', connections: 2, service: { read: '5ms', write: '5ms' } },
    ],
    edges: [
      { from: 'users', to: 'app' },
      { from: 'app', to: 'db' },
    ],
  });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.scenario;
}

describe('insight', () => {
  it('counts failures by node and reason since t = 0 (warm-up included)', () => {
    const sim = buildSimulation(scenario());
    sim.advance(2000);
    expect(failuresByNode(sim)).toEqual({});
    sim.applyEdit({ do: 'fail', node: 'db' });
    sim.advance(4000);
    const f = failuresByNode(sim);
    expect(Object.keys(f)).toEqual(['db']);
    expect(f.db['target down']).toBeGreaterThan(0);
  });

  it('has no theory inside the warm-up, and names the database as the bottleneck after it', () => {
    const s = scenario();
    const sim = buildSimulation(s);
    sim.advance(5000);
    expect(insightOf(sim, s).theory).toBeNull();
    sim.runToEnd();
    const view = theoryView(s, sim.result(), true)!;
    expect(view.bottleneck).toBe('db');
    const db = view.rows.find((r) => r.id === 'db')!;
    // ρ = 300/s × 5 ms / 2 = 0.75. The prediction uses the measured rate; the measured utilisation
    // over 50 s (≈ 15 000 exponential services) has a standard error well under 0.02.
    expect(db.predictedUtilization).toBeCloseTo(0.75, 1);
    expect(Math.abs(db.measuredUtilization - db.predictedUtilization)).toBeLessThan(0.04);
    // The db calls nothing: its measured time is comparable; the app's includes the db calls.
    expect(db.includesDownstream).toBe(false);
    expect(view.rows.find((r) => r.id === 'app')!.includesDownstream).toBe(true);
    // Saturation: 2 connections / 5 ms = 400 req/s.
    expect(view.saturationRps).toBeGreaterThan(360);
    expect(view.saturationRps).toBeLessThan(440);
    expect(view.offeredScope).toBe('peak');
  });

  it('takes the offered load from the series: the latest few intervals, or the busiest stretch', () => {
    const series = {
      intervalMs: 1000,
      t: [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000],
      rps: [10, 10, 100, 100, 100, 100, 100, 10],
      errors: [0, 0, 0, 0, 0, 0, 50, 0],
    } as unknown as Series;
    expect(offeredFromSeries(series, 0, false)).toBeCloseTo((100 + 100 + 100 + 150 + 10) / 5);
    expect(offeredFromSeries(series, 0, true)).toBeCloseTo((100 * 4 + 150) / 5);
    // Before the warm-up nothing counts for the peak.
    expect(offeredFromSeries(series, 6500, true)).toBeCloseTo((150 + 10) / 2);
  });

  it('is posted by the driver at a pause and at the end, from the same result as the end', () => {
    const posted: FromWorker[] = [];
    const tasks: (() => void)[] = [];
    let clock = 0;
    const driver = new SimDriver(buildSimulation, {
      post: (m) => posted.push(m),
      now: () => (clock += 1),
      schedule: (fn) => tasks.push(fn),
    });
    driver.handle({ type: 'load', token: 1, scenario: scenario(), seed: 1 });
    driver.handle({ type: 'step', ms: 3000 });
    while (tasks.length > 0) tasks.shift()!();
    const paused = posted.filter((m) => m.type === 'insight');
    expect(paused.length).toBeGreaterThan(0);
    driver.handle({ type: 'setSpeed', speed: 'max' });
    driver.handle({ type: 'play' });
    while (tasks.length > 0) tasks.shift()!();
    const last = posted[posted.length - 1];
    expect(last.type).toBe('insight');
    const result = [...posted].reverse().find((m) => m.type === 'result');
    if (last.type !== 'insight' || result?.type !== 'result') throw new Error('missing messages');
    expect(last.insight.theory?.atMs).toBe(result.result.simulatedMs);
    expect(last.insight.theory?.bottleneck).toBe('db');
  });
});
