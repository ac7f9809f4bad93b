import { describe, expect, it } from 'vitest';
import { mm1 } from '../../src/analysis/queueing';
import type { Database } from '../../src/components/database';
import type { Replica } from '../../src/components/replica';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Result } from '../../src/scenario/resultTypes';
import type { Scenario } from '../../src/scenario/types';

type Json = Record<string, unknown>;

/**
 * client → app → primary (writes) and → replica (reads). The app server only delays requests by a
 * constant 1 µs (unlimited cores and slots) and the primary has 1000 connections and no locks, so
 * it is an M/M/∞ station: its commits leave as a Poisson stream (the output of M/G/∞ fed by Poisson
 * is Poisson), which makes the replica's apply thread an M/M/1 queue when applyService is exp.
 */
function scenario(opts: {
  writeRps: number;
  readRps: number;
  rep: Json;
  duration: string;
  warmup: string;
  events?: Json[];
  appToPrimary?: boolean;
}): Scenario {
  const keys = { count: 1000, zipf: 0.99 };
  const parsed = parseScenario({
    format: 'scalelab/scenario@1',
    name: 'replica test',
    seed: 11,
    duration: opts.duration,
    warmup: opts.warmup,
    nodes: [
      {
        id: 'users',
        type: 'client',
        rate: [{ at: 0, rps: opts.writeRps + opts.readRps }],
        timeout: '1h',
        mix: [
          { name: 'write', op: 'write', weight: opts.writeRps, keys },
          { name: 'read', op: 'read', weight: opts.readRps, keys },
        ],
      },
      {
        id: 'app',
        type: 'appServer',
        cores: 256,
        concurrency: 10_000_000,
        backlog: 10_000_000,
        service: { dist: 'const', value: 0.001 },
      },
      {
        id: 'db',
        type: 'database',
        connections: 1000,
        locks: 'none',
        service: { read: '4ms', write: '10ms' },
      },
      { id: 'rep', type: 'database', role: 'replica', primary: 'db', connections: 1000, ...opts.rep },
    ],
    edges: [
      { from: 'users', to: 'app' },
      ...(opts.appToPrimary === false ? [] : [{ from: 'app', to: 'db' }]),
      { from: 'app', to: 'rep' },
      { from: 'db', to: 'rep' },
    ],
    events: opts.events ?? [],
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

interface RepResult {
  arrivals: number;
  completions: number;
  failures: Record<string, number>;
  reads: number;
  lagMs: { mean: number; p50: number; p99: number; max: number };
  staleReads: number;
  applyBacklog: number;
  applyUtilization: number;
  utilization: number;
}

function run(s: Scenario, replication = 0) {
  const sim = buildSimulation(s, { replication });
  const replica = sim.nodes.get('rep') as Replica;
  const primary = sim.nodes.get('db') as Database;
  sim.runToEnd();
  const result: Result = sim.result();
  return {
    result,
    rep: result.nodes.rep as unknown as RepResult,
    lagSeries: result.series.nodes.rep.lagMs,
    staleSeries: result.series.nodes.rep.staleReads,
    replica,
    primary,
  };
}

function acrossReplications(xs: number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('replication lag when the apply thread keeps up', () => {
  // Writes commit at 200/s (Poisson), apply exp 2 ms: the apply thread is M/M/1 with ρ = 0.4, so
  // lag = replicationDelay + sojourn, sojourn ~ Exp(μ − λ) with mean 1/(0.5 − 0.2) = 3.33 ms.
  const delay = 5;
  const theory = mm1(0.2, 0.5);
  const s = scenario({
    writeRps: 200,
    readRps: 200,
    rep: { replicationDelay: delay, applyService: '2ms' },
    duration: '110s',
    warmup: '10s',
  });
  const reps = Array.from({ length: 8 }, (_, r) => run(s, r));

  it('mean lag = delay + M/M/1 sojourn; median = delay + ln 2/(μ − λ); apply utilisation = ρ', () => {
    // Eight independent replications; |mean − truth| ≤ 5.41·se with probability 0.999 (Student t,
    // 7 degrees of freedom, two-sided).
    const T999_DF7 = 5.41;
    const lag = acrossReplications(reps.map((r) => r.rep.lagMs.mean));
    expect(T999_DF7 * lag.se).toBeLessThan(0.03 * (delay + theory.meanResponse)); // teeth: ±3%
    expect(Math.abs(lag.mean - (delay + theory.meanResponse))).toBeLessThan(T999_DF7 * lag.se);
    const p50 = acrossReplications(reps.map((r) => r.rep.lagMs.p50));
    const p50Exact = delay + theory.responseQuantile(0.5);
    // The histogram adds at most 0.39% to each run's percentile, a bias on top of the noise.
    expect(Math.abs(p50.mean - p50Exact)).toBeLessThan(T999_DF7 * p50.se + 0.0039 * p50Exact);
    expect(T999_DF7 * p50.se).toBeLessThan(0.03 * p50Exact);
    const util = acrossReplications(reps.map((r) => r.rep.applyUtilization));
    expect(Math.abs(util.mean - theory.rho)).toBeLessThan(T999_DF7 * util.se);
    expect(T999_DF7 * util.se).toBeLessThan(0.04 * theory.rho);
  });

  it('the apply thread does not count as query utilisation', () => {
    // Reads: 200/s × 4 ms over 1000 connections = 0.0008; the apply thread alone would add 0.0004.
    const r = reps[0].rep;
    expect(r.utilization).toBeLessThan(0.001);
    expect(r.utilization).toBeGreaterThan(0.0006);
    expect(r.reads).toBe(r.completions);
  });

  it('the lag series stays flat and some reads are stale (Zipf keys, ~8 ms windows)', () => {
    const series = reps[0].lagSeries;
    expect(Math.max(...series.slice(20))).toBeLessThan(50);
    expect(reps[0].rep.staleReads).toBeGreaterThan(0);
    // Pending keys are bounded by the writes not yet applied.
    expect(reps[0].replica.pendingKeys).toBeLessThanOrEqual(reps[0].replica.unapplied);
  });
});

describe('replication lag when writes outpace the apply thread', () => {
  // Writes 600/s, apply exp 2 ms: ρ = 1.2. The apply thread finishes ~t/2ms writes by time t, and
  // the oldest unapplied one committed at about t/ρ, so the lag shown at time t is ≈ t·(1 − 1/ρ).
  const r = run(
    scenario({
      writeRps: 600,
      readRps: 200,
      rep: { replicationDelay: 1, applyService: '2ms' },
      duration: '60s',
      warmup: '5s',
    }),
  );

  it('grows without bound; stale reads pile up', () => {
    const lag = r.lagSeries;
    const t = r.result.series.t;
    // Over the first second the lag is at most ≈ 1000 ms/6 ≈ 170 ms (mean ≈ 85 ms).
    const start = mean(lag.filter((_, i) => t[i] <= 1000));
    const end = lag[lag.length - 1];
    expect(end).toBeGreaterThan(20 * start);
    // Expected 60 000 ms · (1 − 1/1.2) = 10 000 ms. Its noise: the apply count by 60 s (sd √30000
    // ≈ 173 writes) and the commit count (sd √36000 ≈ 190), ≈ 257 writes ≈ 430 ms; 15% is 3.5 sd.
    expect(Math.abs(end - 10_000) / 10_000).toBeLessThan(0.15);
    // Backlog now: arrived − applied ≈ 36000 − 30000 = 6000 ± 257; 15% is 3.5 sd.
    expect(Math.abs(r.rep.applyBacklog - 6000) / 6000).toBeLessThan(0.15);
    expect(r.rep.applyUtilization).toBeGreaterThan(0.99);
    expect(r.rep.staleReads).toBeGreaterThan(0);
    // Stale reads rise as the backlog covers more of the key space.
    const stale = r.staleSeries;
    expect(mean(stale.slice(-50))).toBeGreaterThan(mean(stale.slice(0, 50)));
    expect(r.replica.pendingKeys).toBeLessThanOrEqual(1000);
  });
});

describe('a failed replica', () => {
  // Replica down from 20 s to 25 s: reads sent there fail; writes keep arriving and queue up.
  const r = run(
    scenario({
      writeRps: 200,
      readRps: 200,
      rep: { replicationDelay: 1, applyService: '1ms' },
      duration: '60s',
      warmup: '5s',
      events: [
        { at: '20s', do: 'fail', node: 'rep' },
        { at: '25s', do: 'recover', node: 'rep' },
      ],
    }),
  );

  it('fails reads there, then the lag spikes to the outage length and recovers', () => {
    // ~200 reads/s for 5 s fail at the replica (Poisson 1000, sd 32).
    const down = r.rep.failures['target down'];
    expect(down).toBeGreaterThan(850);
    expect(down).toBeLessThan(1150);
    expect(r.result.failureReasons['target down']).toBe(down);
    // The oldest unapplied write at recovery committed just after the failure: lag ≈ 5 s. The
    // backlog (≈1000 writes) drains at 1/ms − 0.2/ms = 0.8/ms, in about 1.25 s.
    expect(r.rep.lagMs.max).toBeGreaterThan(4900);
    expect(r.rep.lagMs.max).toBeLessThan(5200);
    const t = r.result.series.t;
    const before = r.lagSeries.filter((_, i) => t[i] > 10_000 && t[i] <= 20_000);
    const after = r.lagSeries.filter((_, i) => t[i] > 30_000);
    expect(Math.max(...before)).toBeLessThan(50);
    expect(Math.max(...after)).toBeLessThan(50);
    expect(Math.max(...r.lagSeries)).toBeGreaterThan(4000);
    expect(r.rep.applyBacklog).toBeLessThan(50);
  });
});

describe('live changes and the live view', () => {
  it('a faster apply thread (a `set` event) catches up; the live view shows lag and backlog', () => {
    // ρ = 1.2 until 20 s (lag ≈ 20 s/6 ≈ 3.3 s, backlog ≈ 2000), then apply 0.5 ms (ρ = 0.3).
    const s = scenario({
      writeRps: 600,
      readRps: 100,
      rep: { replicationDelay: 1, applyService: '2ms' },
      duration: '40s',
      warmup: '1s',
      events: [{ at: '20s', do: 'set', node: 'rep', path: 'applyService', value: '0.5ms' }],
    });
    const sim = buildSimulation(s);
    sim.advance(20_000);
    const live = sim.snapshot().nodes.rep.extra;
    expect(live.lagMs).toBeGreaterThan(2000);
    expect(live.applyBacklog).toBeGreaterThan(1000);
    // The live lag is the mean over the writes applied since the previous snapshot: look at 39–40 s.
    sim.advance(39_000);
    sim.snapshot();
    sim.runToEnd();
    const end = sim.snapshot().nodes.rep.extra;
    expect(end.lagMs).toBeLessThan(50);
    expect(end.applyBacklog).toBeLessThan(50);
  });
});

describe('wiring', () => {
  it('an app server wired only to a replica writes to its primary', () => {
    const r = run(
      scenario({
        writeRps: 100,
        readRps: 100,
        rep: {},
        duration: '10s',
        warmup: '1s',
        appToPrimary: false,
      }),
    );
    const db = r.result.nodes.db as unknown as { writes: number };
    expect(db.writes).toBeGreaterThan(700);
    expect(r.rep.reads).toBeGreaterThan(700);
    expect(r.result.requests.failed).toBe(0);
    expect(r.replica.primaryNode).toBe(r.primary);
    expect(r.primary.replicas).toEqual([r.replica]);
  });

  it('a replica removed during the run stops receiving writes', () => {
    const s = scenario({
      writeRps: 100,
      readRps: 0.001,
      rep: {},
      duration: '10s',
      warmup: '1s',
      events: [{ at: '5s', do: 'remove-node', node: 'rep' }],
    });
    const r = run(s);
    expect(r.primary.replicas).toEqual([]);
    // A removed replica is failed and stops applying; only the few writes in transit or in the
    // apply thread at 5 s stay unapplied, not the ~500 committed afterwards.
    expect(r.replica.unapplied).toBeLessThan(20);
  });
});
