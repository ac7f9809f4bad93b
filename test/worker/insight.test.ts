import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Scenario } from '../../src/scenario/types';
import { SimDriver } from '../../src/worker/driver';
import { failuresByNode, insightOf, theoryView } from '../../src/worker/insight';
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
    // ρ = 300/s × 5 ms / 2 = 0.75. The prediction uses the clients' measured rate; the measured utilisation
    // over 50 s (≈ 15 000 exponential services) has a standard error well under 0.02.
    expect(db.predictedUtilization).toBeCloseTo(0.75, 1);
    expect(Math.abs(db.measuredUtilization - db.predictedUtilization)).toBeLessThan(0.04);
    // The db calls nothing: its measured time is comparable; the app's includes the db calls.
    expect(db.includesDownstream).toBe(false);
    expect(view.rows.find((r) => r.id === 'app')!.includesDownstream).toBe(true);
    // Saturation: 2 connections / 5 ms = 400 req/s, exactly (the model, not a measurement).
    expect(view.saturationRps).toBeCloseTo(400, 9);
    expect(view.offeredScope).toBe('peak');
  });

  it('compares saturation with the load offered now while running, and with the peak when finished', () => {
    const s = scenario();
    const sim = buildSimulation(s);
    sim.advance(20_000);
    const live = insightOf(sim, s).theory!;
    expect(live.offeredScope).toBe('now');
    expect(live.offeredRps).toBe(300);
    // The traffic slider: ×2 from now on; the figure follows it at once (it is the profile's rate).
    sim.applyEdit({ do: 'set', node: 'users', path: 'trafficScale', value: 2 });
    expect(insightOf(sim, s).theory!.offeredRps).toBe(600);
    // The rows' load is what the clients sent over the window: 300/s, measured (Poisson noise
    // over 10 s of 300/s: σ ≈ 0.6%).
    expect(live.windowRps).toBeGreaterThan(290);
    expect(live.windowRps).toBeLessThan(310);
    expect(live.window).toEqual({ fromMs: 10_000, toMs: 20_000 });
    expect(live.retryFactor).toBe(1);
    const done = theoryView(s, sim.result(), true)!;
    expect(done.offeredScope).toBe('peak');
    expect(done.offeredRps).toBe(300);
  });

  it('never contradicts its rows: the bottleneck has the highest demand, the lowest saturation and ρ', () => {
    const s = scenario();
    const sim = buildSimulation(s);
    sim.runToEnd();
    const view = theoryView(s, sim.result(), true)!;
    const bySat = [...view.rows].sort((a, b) => a.saturationRps - b.saturationRps);
    const byRho = [...view.rows].sort((a, b) => b.predictedUtilization - a.predictedUtilization);
    expect(bySat[0].id).toBe(view.bottleneck);
    expect(byRho[0].id).toBe(view.bottleneck);
    expect(view.saturationRps).toBe(bySat[0].saturationRps);
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

describe('theory on the social-news presets (the panel named the app while the DB went first)', () => {
  for (const [file, peak] of [
    ['reddit-1-one-box.json', 160],
    ['reddit-3-memcached.json', 520],
  ] as const) {
    it(`${file}: names the database mid-run and at the end, at the scenario's peak of ${peak}/s`, () => {
      const parsed = parseScenario(
        JSON.parse(readFileSync(new URL(`../../presets/${file}`, import.meta.url), 'utf8')),
      );
      if (!parsed.ok) throw new Error('invalid preset');
      const s = parsed.scenario;
      const sim = buildSimulation(s);
      sim.advance(s.duration / 2);
      const mid = insightOf(sim, s).theory!;
      expect(mid.bottleneck).toBe('db');
      sim.runToEnd();
      const end = theoryView(s, sim.result(), true)!;
      expect(end.bottleneck).toBe('db');
      expect(end.offeredScope).toBe('peak');
      expect(end.offeredRps).toBe(peak);
      // Retries are reported apart, not folded into the offered load.
      expect(end.retryFactor).toBeGreaterThan(1);
      const db = end.rows.find((r) => r.id === 'db')!;
      for (const r of end.rows) expect(r.predictedUtilization).toBeLessThanOrEqual(db.predictedUtilization);
    });
  }
});
