import { describe, expect, it } from 'vitest';
import { mmc } from '../../src/analysis/queueing';
import { type Database, shardOf } from '../../src/components/database';
import { RowLocks } from '../../src/components/rowLocks';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Result } from '../../src/scenario/resultTypes';
import type { Scenario } from '../../src/scenario/types';

type Json = Record<string, unknown>;

/**
 * client → app → db. The app server has a tiny constant CPU time and effectively unlimited cores,
 * slots and backlog, so it only delays every request by 1 µs: a Poisson stream stays Poisson and
 * the database sees the client's arrivals.
 */
function scenario(opts: {
  rps: number;
  mix: Json[];
  db: Json;
  duration: string;
  warmup: string;
  events?: Json[];
}): Scenario {
  const parsed = parseScenario({
    format: 'scalelab/scenario@1',
    name: 'database test',
    seed: 7,
    duration: opts.duration,
    warmup: opts.warmup,
    nodes: [
      { id: 'users', type: 'client', rate: [{ at: 0, rps: opts.rps }], timeout: '1h', mix: opts.mix },
      {
        id: 'app',
        type: 'appServer',
        cores: 256,
        concurrency: 10_000_000,
        backlog: 10_000_000,
        service: { dist: 'const', value: 0.001 },
      },
      { id: 'db', type: 'database', ...opts.db },
    ],
    edges: [
      { from: 'users', to: 'app' },
      { from: 'app', to: 'db' },
    ],
    events: opts.events ?? [],
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

interface DbResult {
  utilization: number;
  meanQueue: number;
  arrivals: number;
  completions: number;
  failures: Record<string, number>;
  latencyMs: { mean: number };
  reads: number;
  writes: number;
  pWait: number;
  lockWaits: number;
  lockWaitMs: { mean: number; max: number };
  shards?: number[];
}

function run(s: Scenario, replication = 0): { result: Result; db: DbResult; node: Database } {
  const sim = buildSimulation(s, { replication });
  sim.runToEnd();
  const result = sim.result();
  return { result, db: result.nodes.db as unknown as DbResult, node: sim.nodes.get('db') as Database };
}

/** Mean and standard error over independent replications. */
function acrossReplications(xs: number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

const reads = (keys = { count: 10_000, zipf: 0 }) => [{ name: 'read', op: 'read', weight: 1, keys }];
const writes = (keys: Json) => [{ name: 'write', op: 'write', weight: 1, keys }];

describe('database primary as an M/M/c station', () => {
  // λ = 320/s, S = 10 ms exponential, c = 4 connections: ρ = λS/c = 0.8.
  const lambda = 320 / 1000;
  const meanS = 10;
  const c = 4;
  const theory = mmc(lambda, 1 / meanS, c);
  const s = scenario({
    rps: 320,
    mix: reads(),
    db: { connections: c, backlog: 10_000_000, service: { read: '10ms' }, locks: 'none' },
    duration: '210s',
    warmup: '10s',
  });
  const reps = Array.from({ length: 10 }, (_, r) => run(s, r).db);

  it('matches utilisation λS/c, Erlang C P(wait), W and Lq', () => {
    // Ten independent replications: the spread between them estimates each figure's standard
    // error without assuming anything about the autocorrelation inside a run. With 9 degrees of
    // freedom, |mean − truth| ≤ 4.78·se holds with probability 0.999 (two-sided Student t).
    const T999_DF9 = 4.78;
    const figures = [
      { name: 'utilization', sim: reps.map((d) => d.utilization), exact: theory.rho, teeth: 0.02 },
      {
        name: 'P(wait)',
        sim: reps.map((d) => d.pWait),
        exact: theory.pWait,
        teeth: 0.03,
      },
      { name: 'W', sim: reps.map((d) => d.latencyMs.mean), exact: theory.meanResponse, teeth: 0.05 },
      { name: 'Lq', sim: reps.map((d) => d.meanQueue), exact: theory.meanQueue, teeth: 0.12 },
    ];
    for (const f of figures) {
      const { mean, se } = acrossReplications(f.sim);
      // The test has teeth: the interval is narrow enough (measured half-widths: utilisation 0.7%,
      // P(wait) 1.4%, W 4.2%, Lq 10% of the exact value) that c ± 1 or a service time 5% off would fail it.
      expect(T999_DF9 * se, `${f.name} interval too wide`).toBeLessThan(f.teeth * f.exact);
      expect(Math.abs(mean - f.exact), `${f.name}: sim ${mean} vs theory ${f.exact}`).toBeLessThan(
        T999_DF9 * se,
      );
    }
    // A single 200 s run: the busy-connection integral is a compound Poisson sum of service times,
    // Var = λT·E[S²] = 2λT·S², so sd(utilisation) = ρ·√(2/(λT)) = 0.8·√(2/64000) ≈ 0.0045; 4 sd.
    expect(Math.abs(reps[0].utilization - 0.8)).toBeLessThan(0.018);
    expect(reps[0].reads).toBe(reps[0].completions);
  });
});

describe('row locks', () => {
  // Every write hits key 0. S_write = 10 ms exponential, 20 connections, offered 200/s: without
  // locks ρ = 200·0.01/20 = 0.1; with row locks the writes run one at a time, capped at 1/S = 100/s.
  const base = { rps: 200, mix: writes({ count: 1, zipf: 0 }), duration: '60s', warmup: '10s' };
  const db = { connections: 20, backlog: 10_000_000, service: { write: '10ms' } };

  it('serialise writes to one key: throughput 1/S_write however many connections', () => {
    const { db: d, node } = run(scenario({ ...base, db: { ...db, locks: 'row' } }));
    const perSec = d.completions / 50;
    // Saturated, the lock holder works back to back: completions over 50 s are a Poisson count
    // with mean 5000 (sd 71, 1.4%); 5% is 3.5 sd.
    expect(Math.abs(perSec - 100) / 100).toBeLessThan(0.05);
    expect(d.writes).toBe(d.completions);
    expect(d.lockWaits).toBeGreaterThan(0);
    expect(d.lockWaitMs.mean).toBeGreaterThan(10);
    // Sessions waiting for the row hold their connections: the pool is exhausted.
    expect(d.utilization).toBeGreaterThan(0.99);
    // One locked key at most, whatever the backlog.
    expect(node.locks.size).toBeLessThanOrEqual(1);
  });

  it('with locks "none" the same writes run in parallel', () => {
    const { db: d } = run(scenario({ ...base, db: { ...db, locks: 'none' } }));
    // Completions ≈ arrivals over 50 s: Poisson(10000), sd 1%; 5% is 5 sd.
    expect(Math.abs(d.completions / 50 - 200) / 200).toBeLessThan(0.05);
    expect(d.lockWaits).toBe(0);
    // ρ = 0.1 per connection; the compound-Poisson sd is 0.1·√(2/10000) ≈ 0.0014: 0.01 is 7 sd.
    expect(Math.abs(d.utilization - 0.1)).toBeLessThan(0.01);
  });

  it('keep no state for free keys', () => {
    // Zipf writes over 1000 keys at ρ ≈ 0.5 on 20 connections: many lines form and end.
    const { db: d, node } = run(
      scenario({
        rps: 1000,
        mix: writes({ count: 1000, zipf: 1.1 }),
        db: { connections: 20, service: { write: '10ms' }, locks: 'row' },
        duration: '20s',
        warmup: '2s',
      }),
    );
    expect(d.lockWaits).toBeGreaterThan(0);
    // Every key in the map has a write holding a connection, so at most `connections` entries.
    expect(node.locks.size).toBeLessThanOrEqual(20);
    expect(node.locks.waiting).toBeLessThanOrEqual(20);
  });
});

describe('RowLocks', () => {
  it('grants in arrival order per key and forgets a key once its line is empty', () => {
    const l = new RowLocks();
    expect(l.acquire(5, 1)).toBe(true);
    expect(l.acquire(5, 2)).toBe(false);
    expect(l.acquire(6, 3)).toBe(true);
    expect(l.acquire(5, 200)).toBe(false); // grows the id table
    expect(l.waiting).toBe(2);
    expect(l.release(5, 1)).toBe(2);
    expect(l.release(5, 2)).toBe(200);
    expect(l.release(5, 200)).toBe(-1);
    expect(l.release(6, 3)).toBe(-1);
    expect(l.size).toBe(0);
    expect(l.waiting).toBe(0);
  });
});

describe('shards', () => {
  it('the key hash spreads keys evenly and is fixed', () => {
    const counts = [0, 0, 0, 0];
    for (let k = 0; k < 100_000; k++) counts[shardOf(k, 4)]++;
    // A random assignment would give 25000 ± 137 per shard; allow 4 sd.
    for (const n of counts) expect(Math.abs(n - 25_000)).toBeLessThan(550);
    expect(shardOf(12345, 7)).toBe(shardOf(12345, 7));
    expect(shardOf(-1, 1)).toBe(0);
  });

  it('two shards halve the load on each', () => {
    // 400 reads/s uniform over 10000 keys, S = 10 ms, 8 connections: one shard ρ = 0.5, two ρ = 0.25.
    const common = { rps: 400, mix: reads(), duration: '110s', warmup: '10s' };
    const one = run(scenario({ ...common, db: { connections: 8, service: { read: '10ms' }, shards: 1 } })).db;
    const two = run(scenario({ ...common, db: { connections: 8, service: { read: '10ms' }, shards: 2 } })).db;
    // sd of a utilisation estimate over 100 s: ρ·√(2/(λT)); for a shard λT ≈ 20000 → 0.0025 at
    // ρ = 0.25, plus the hash's split of 10000 keys (±0.5% of the load, ±0.00125). 0.015 ≈ 5 sd.
    expect(Math.abs(one.utilization - 0.5)).toBeLessThan(0.015);
    expect(one.shards).toBeUndefined();
    expect(two.shards).toHaveLength(2);
    for (const u of two.shards!) expect(Math.abs(u - 0.25)).toBeLessThan(0.015);
    // The node figure is the mean over shards (same connections each).
    expect(two.utilization).toBeCloseTo((two.shards![0] + two.shards![1]) / 2, 9);
  });

  it('cost counts every shard', () => {
    const r = run(
      scenario({ rps: 10, mix: reads(), db: { shards: 3, costPerHour: 0.5 }, duration: '2s', warmup: '0s' }),
    );
    expect(r.node.costPerHour()).toBeCloseTo(1.5, 12);
  });
});

describe('a failed primary', () => {
  it('fails writes with "target down", counted at the primary, and serves again after recovery', () => {
    // 200 writes/s over many keys, S = 10 ms; down from 20 s to 25 s.
    const { result, db: d } = run(
      scenario({
        rps: 200,
        mix: writes({ count: 100_000, zipf: 0 }),
        db: { connections: 20, service: { write: '10ms' } },
        duration: '40s',
        warmup: '5s',
        events: [
          { at: '20s', do: 'fail', node: 'db' },
          { at: '25s', do: 'recover', node: 'db' },
        ],
      }),
    );
    const down = d.failures['target down'];
    // About 200/s × 5 s = 1000 arrivals fail (Poisson, sd 32) plus the ~2 in service; ±15%.
    expect(down).toBeGreaterThan(850);
    expect(down).toBeLessThan(1150);
    expect(result.failureReasons['target down']).toBe(down);
    expect(result.nodes.app.failures['target down'] ?? 0).toBe(0);
    expect(result.requests.failed).toBe(down);
    // It serves again: 30 of the 35 measured seconds up, 200/s (Poisson sd ≈ 1.3%).
    expect(Math.abs(d.writes / 30 - 200) / 200).toBeLessThan(0.06);
    const r = result.requests;
    expect(r.arrived + r.retries).toBe(r.completed + r.failed + r.timedOut + r.rejected + r.inFlight);
  });

  it('fails queries that were in service at the failure even after a quick recovery', () => {
    // Constant 50 ms writes at 200/s: about 10 in service at any time. Down for 1 µs, during which
    // essentially nothing arrives; the ~10 in service still fail when they end.
    const { db: d } = run(
      scenario({
        rps: 200,
        mix: writes({ count: 100_000, zipf: 0 }),
        db: { connections: 100, service: { write: { dist: 'const', value: 50 } } },
        duration: '12s',
        warmup: '1s',
        events: [
          { at: '10s', do: 'fail', node: 'db' },
          { at: 10_000.001, do: 'recover', node: 'db' },
        ],
      }),
    );
    const down = d.failures['target down'];
    // In service = arrivals in the last 50 ms: Poisson(10); 1..30 covers it with margin.
    expect(down).toBeGreaterThanOrEqual(1);
    expect(down).toBeLessThanOrEqual(30);
  });
});

describe('live changes', () => {
  it('more connections (a `set` event) drain a saturated primary', () => {
    // 300 reads/s × 10 ms = 3 erlangs on 2 connections: the queue grows at ~100/s until 10 s, then
    // 20 connections (ρ = 0.15) empty it within a fraction of a second.
    const sim = buildSimulation(
      scenario({
        rps: 300,
        mix: reads(),
        db: { connections: 2, backlog: 10_000_000, service: { read: '10ms' } },
        duration: '20s',
        warmup: '1s',
        events: [
          { at: '10s', do: 'set', node: 'db', path: 'connections', value: 20 },
          { at: '10s', do: 'set', node: 'db', path: 'service.read', value: '5ms' },
        ],
      }),
    );
    sim.advance(10_000);
    const node = sim.nodes.get('db') as Database;
    expect(node.stats.queue.value).toBeGreaterThan(500);
    sim.runToEnd();
    expect(node.stats.queue.value).toBeLessThan(20);
    expect(node.stats.capacity.value).toBe(20);
  });
});

describe('determinism', () => {
  it('same scenario and seed give the same result', () => {
    const s = scenario({
      rps: 300,
      mix: [
        { name: 'r', op: 'read', weight: 3, keys: { count: 100, zipf: 1 } },
        { name: 'w', op: 'write', weight: 1, keys: { count: 100, zipf: 1 } },
      ],
      db: { connections: 4, shards: 2, service: { read: '5ms', write: '10ms' } },
      duration: '10s',
      warmup: '1s',
    });
    const a = run(s).result;
    const b = run(s).result;
    expect(JSON.stringify({ ...a, run: null })).toBe(JSON.stringify({ ...b, run: null }));
  });
});
