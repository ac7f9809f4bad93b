import { describe, expect, it } from 'vitest';
import { cheLruHitRatio, ttlHitRatio, zipfProbabilities } from '../../src/analysis/cacheTheory';
import type { Cache } from '../../src/components/cache';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Result } from '../../src/scenario/resultTypes';

/** Cache-node figures of the result. */
interface CacheFigures {
  hitRatio: number;
  gets: number;
  hits: number;
  misses: number;
  sets: number;
  invalidates: number;
  evictions: number;
  expirations: number;
  coalesced: number;
  coalescedMisses: number;
  downMisses: number;
  entries: number;
  arrivals: number;
  failures: Record<string, number>;
}

interface Setup {
  rps: number;
  keys: { count: number; zipf: number };
  cache: Record<string, unknown>;
  /** DB read time, ms (constant). */
  dbMs?: number;
  duration?: string;
  warmup?: string;
  events?: unknown[];
  seed?: number;
}

/**
 * users → app → cache-aside over cache + db. The app, cache and DB are given constant, tiny service
 * times and ample servers, so no queue forms and the cache sees the client's Poisson stream of
 * Zipf keys (the independent reference model the theory assumes).
 */
function scenario(s: Setup) {
  const r = parseScenario({
    format: 'scalelab/scenario@1',
    name: 'cache test',
    seed: s.seed ?? 1,
    duration: s.duration ?? '60s',
    warmup: s.warmup ?? '10s',
    nodes: [
      {
        id: 'users',
        type: 'client',
        rate: [{ at: 0, rps: s.rps }],
        mix: [{ name: 'page', op: 'read', weight: 1, keys: s.keys }],
      },
      {
        id: 'app',
        type: 'appServer',
        cores: 64,
        concurrency: 100_000,
        service: { dist: 'const', value: 0.01 },
      },
      { id: 'cache', type: 'cache', cores: 64, service: { dist: 'const', value: 0.01 }, ...s.cache },
      {
        id: 'db',
        type: 'database',
        connections: 10_000,
        locks: 'none',
        service: { dist: 'const', value: s.dbMs ?? 0.05 },
      },
    ],
    edges: [
      { from: 'users', to: 'app' },
      { from: 'app', to: 'cache' },
      { from: 'app', to: 'db' },
    ],
    events: s.events ?? [],
  });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario;
}

function run(s: Setup): { result: Result; cache: CacheFigures; dbReads: number } {
  const sim = buildSimulation(scenario(s));
  sim.runToEnd();
  const result = sim.result();
  const nodes = result.nodes as unknown as Record<string, CacheFigures>;
  return { result, cache: nodes.cache, dbReads: nodes.db.arrivals };
}

/**
 * Standard error of the measured hit ratio by batch means: the per-interval hit ratios after the
 * warm-up, grouped into 20 consecutive batches. Hits of successive gets are correlated through the
 * cache state (for seconds at these rates), so σ/√n over gets would understate the error; batches
 * of several seconds each are long against that correlation, so their means are nearly independent.
 */
function batchStdError(result: Result, warmupMs: number): number {
  const t = result.series.t;
  const ratios = result.series.nodes.cache.hitRatio.filter((_, i) => t[i] > warmupMs);
  const k = 20;
  const size = Math.floor(ratios.length / k);
  const means: number[] = [];
  for (let b = 0; b < k; b++) {
    const part = ratios.slice(b * size, (b + 1) * size);
    means.push(part.reduce((x, y) => x + y, 0) / part.length);
  }
  const m = means.reduce((x, y) => x + y, 0) / k;
  const variance = means.reduce((x, y) => x + (y - m) ** 2, 0) / (k - 1);
  return Math.sqrt(variance / k);
}

describe('cache', () => {
  it('LRU under Zipf keys matches Che’s approximation', () => {
    const keys = { count: 10_000, zipf: 0.8 };
    const { result, cache, dbReads } = run({ rps: 5000, keys, cache: { capacity: 1000 } });
    const che = cheLruHitRatio(zipfProbabilities(keys.count, keys.zipf), 1000);
    const se = batchStdError(result, 10_000);
    // Che's approximation itself is off by up to ~1% (absolute) for caches of 10^3 keys over 10^4
    // (Fricker, Robert & Roberts 2012); add 4 batch-means standard errors of the estimate.
    // Cache-aside writes the key one DB read (0.05 ms) after its miss; the hottest key (p ≈ 3.7%,
    // 185 req/s) sees 0.009 requests in that gap, and the hot keys almost never miss: negligible.
    expect(Math.abs(cache.hitRatio - che)).toBeLessThan(0.01 + 4 * se);
    expect(se).toBeLessThan(0.003); // the run is long enough for the comparison to mean something
    expect(cache.gets).toBeGreaterThan(200_000);
    expect(cache.hits + cache.misses).toBe(cache.gets);
    expect(cache.entries).toBe(1000);
    expect(cache.evictions).toBeGreaterThan(0);
    // Every miss reads the DB once and sets once; window edges move each count by a request or so.
    expect(Math.abs(dbReads - cache.misses)).toBeLessThanOrEqual(2);
    expect(Math.abs(cache.sets - cache.misses)).toBeLessThanOrEqual(2);
    expect(result.requests.failed).toBe(0);
  });

  it('a TTL cache that never evicts matches Σ p_i·λ_iT/(1+λ_iT)', () => {
    const keys = { count: 10_000, zipf: 0.8 };
    const rps = 3000;
    const ttl = 500;
    const { result, cache } = run({ rps, keys, cache: { capacity: 10_000, ttl } });
    const theory = ttlHitRatio(zipfProbabilities(keys.count, keys.zipf), rps / 1000, ttl);
    const se = batchStdError(result, 10_000);
    // The formula is exact for Poisson requests when the entry is written at the miss. Here it is
    // written one cache-aside round later (get 0.01 + DB 0.05 + set 0.01 ms = 0.07 ms), so each
    // cycle of a key is T + 0.07 ms long with extra misses in that gap: a relative change of about
    // 0.07/500 = 1.4e-4 in each key's ratio, far inside 4 batch-means standard errors.
    expect(Math.abs(cache.hitRatio - theory)).toBeLessThan(4 * se + 2e-4);
    expect(se).toBeLessThan(0.003);
    expect(cache.evictions).toBe(0);
    // Every key's entry ends by expiry: one expiration per set that was not refreshed in time.
    expect(cache.expirations).toBeGreaterThan(0.9 * cache.sets);
  });

  it('hitRatio replaces the key model with a fixed probability', () => {
    const { cache, dbReads } = run({
      rps: 2000,
      keys: { count: 100, zipf: 0.99 },
      cache: { capacity: 10, hitRatio: 0.3 },
    });
    // Each get hits independently with p = 0.3 from the cache's own stream: binomial, σ = √(p(1−p)/n).
    const sigma = Math.sqrt((0.3 * 0.7) / cache.gets);
    expect(Math.abs(cache.hitRatio - 0.3)).toBeLessThan(4 * sigma);
    expect(cache.entries).toBe(0); // the store is not used
    expect(Math.abs(dbReads - cache.misses)).toBeLessThanOrEqual(2);
  });

  describe('coalesce: one hot key expiring under load', () => {
    // 2000 req/s on one key, TTL 1 s, DB read 20 ms: after each expiry the key is missing for
    // one round of cache-aside, d = get 0.01 + DB 20 + set 0.01 = 20.02 ms, during which
    // λd = 40.04 further gets arrive (Poisson: the client's stream shifted by constant times).
    const setup = (coalesce: boolean): Setup => ({
      rps: 2000,
      keys: { count: 1, zipf: 0 },
      cache: { capacity: 10, ttl: 1000, coalesce },
      dbMs: 20,
    });

    it('off: each expiry sends ≈ 1 + λd reads to the DB (the stampede)', () => {
      const { cache, dbReads } = run(setup(false));
      const perExpiry = dbReads / cache.expirations;
      // Per expiry: 1 + Poisson(40.04) reads, σ ≈ 6.3; over ≥ 45 expiries the mean's σ is < 1,
      // plus at most one expiry of window-edge slack (~2%): ±4 covers both.
      expect(cache.expirations).toBeGreaterThan(45);
      expect(Math.abs(perExpiry - 41.04)).toBeLessThan(4);
      expect(cache.coalesced).toBe(0);
    });

    it('on: each expiry sends one read to the DB; the others wait and are answered as hits', () => {
      const { result, cache, dbReads } = run(setup(true));
      expect(cache.expirations).toBeGreaterThan(45);
      // Exactly one read per expiry; the measured window can cut one cycle at either end.
      expect(Math.abs(dbReads - cache.expirations)).toBeLessThanOrEqual(1);
      expect(Math.abs(cache.coalesced / cache.expirations - 40.04)).toBeLessThan(4);
      expect(cache.misses).toBe(dbReads);
      expect(cache.coalescedMisses).toBe(0); // no writes, no fetch slower than the safety timeout
      expect(result.requests.failed).toBe(0);
    });
  });

  /** One key, coalesce on, a DB read of `dbMs`; reads and (when writeWeight > 0) writes. */
  function oneKey(dbMs: number, writeWeight: number, rps: number) {
    const key = { count: 1, zipf: 0 };
    const mix = [{ name: 'read', op: 'read', weight: 10 - writeWeight, keys: key }];
    if (writeWeight > 0) mix.push({ name: 'write', op: 'write', weight: writeWeight, keys: key });
    const r = parseScenario({
      format: 'scalelab/scenario@1',
      name: 'one key, coalesced',
      duration: '30s',
      nodes: [
        { id: 'users', type: 'client', rate: [{ at: 0, rps }], mix, timeout: '60s' },
        {
          id: 'app',
          type: 'appServer',
          cores: 64,
          concurrency: 100_000,
          service: { dist: 'const', value: 0.01 },
        },
        { id: 'cache', type: 'cache', coalesce: true, ttl: 1000, service: { dist: 'const', value: 0.01 } },
        {
          id: 'db',
          type: 'database',
          connections: 10_000,
          locks: 'none',
          service: { dist: 'const', value: dbMs },
        },
      ],
      edges: [
        { from: 'users', to: 'app' },
        { from: 'app', to: 'cache' },
        { from: 'app', to: 'db' },
      ],
    });
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const sim = buildSimulation(r.scenario);
    sim.runToEnd();
    const res = sim.result();
    return {
      res,
      cache: res.nodes.cache as unknown as CacheFigures,
      dbReads: (res.nodes.db as unknown as { arrivals: number }).arrivals,
    };
  }

  it('coalesce: an invalidate answers the waiting gets as misses, and they read the DB', () => {
    const { res, cache, dbReads } = oneKey(20, 1, 1000);
    expect(res.requests.failed).toBe(0);
    expect(cache.coalesced).toBeGreaterThan(1000);
    // Writes arrive at 100/s; a fetch is in flight ~20 ms of each cycle, so some writes land in it.
    expect(cache.coalescedMisses).toBeGreaterThan(0);
    expect(cache.coalescedMisses).toBeLessThan(cache.coalesced);
    // Every miss — leader or released waiter — is one DB read (writes are DB arrivals too).
    // Writes still at the DB when the run ends have not invalidated yet: at most those in flight.
    expect(dbReads - cache.invalidates - cache.misses).toBeGreaterThanOrEqual(0);
    expect(dbReads - cache.invalidates - cache.misses).toBeLessThanOrEqual(res.requests.inFlight);
    expect(cache.hits + cache.misses).toBe(cache.gets);
  });

  it('coalesce: a fetch that never comes back releases its waiters as misses after the safety timeout', () => {
    // The DB read takes 15 s, longer than the 10 s safety timeout: the first miss leads a flight;
    // the ≈ 10 req/s × 10 s gets that join it are answered as misses at 10 s and read the DB.
    const { res, cache, dbReads } = oneKey(15_000, 0, 10);
    expect(cache.coalescedMisses).toBeGreaterThan(60); // Poisson(~100), σ = 10
    expect(cache.coalescedMisses).toBeLessThan(140);
    expect(dbReads).toBe(cache.misses);
    expect(res.requests.failed).toBe(0);
    // A released waiter waited exactly until the timeout: ≤ 10 s + the get's own service.
    expect(res.nodes.cache.latencyMs.max).toBeLessThan(10_000.1);
    expect(res.nodes.cache.latencyMs.max).toBeGreaterThan(9_000);
  });

  it('down: every get misses, requests still succeed via the DB, and it comes back cold', () => {
    const keys = { count: 10_000, zipf: 0.8 };
    const s = scenario({
      rps: 2000,
      keys,
      cache: { capacity: 1000 },
      duration: '60s',
      warmup: '0s',
      events: [
        { at: '20s', do: 'fail', node: 'cache' },
        { at: '40s', do: 'recover', node: 'cache' },
      ],
    });
    const sim = buildSimulation(s);
    const node = sim.nodes.get('cache') as Cache;
    sim.advance(19_999);
    expect(node.store.size).toBe(1000);
    sim.advance(39_999);
    expect(node.store.size).toBe(0);
    sim.advance(40_001);
    expect(node.store.size).toBeLessThan(10); // ~2 requests/ms: a few sets in the first ms
    sim.runToEnd();
    const res = sim.result();
    const cache = res.nodes.cache as unknown as CacheFigures;
    expect(res.requests.failed).toBe(0);
    expect(res.requests.completed).toBe(res.requests.arrived - res.requests.inFlight);
    expect(cache.failures).toEqual({});
    // 20 s down at 2000 req/s: ≈ 40 000 gets answered as misses (Poisson, σ = 200).
    expect(Math.abs(cache.downMisses - 40_000)).toBeLessThan(1000);
    const t = res.series.t;
    const hr = res.series.nodes.cache.hitRatio;
    const during = hr.filter((_, i) => t[i] > 20_000 && t[i] <= 40_000);
    expect(Math.max(...during)).toBe(0);
    // Steady state before the failure vs the first interval after recovery: cold, then climbing.
    const che = cheLruHitRatio(zipfProbabilities(keys.count, keys.zipf), 1000);
    const before = hr.filter((_, i) => t[i] > 15_000 && t[i] <= 20_000);
    const meanBefore = before.reduce((x, y) => x + y, 0) / before.length;
    expect(Math.abs(meanBefore - che)).toBeLessThan(0.03); // 5 s ≈ 10^4 gets: σ ≈ 0.005 + Che's 1%
    const firstAfter = hr[t.findIndex((x) => x > 40_000)];
    expect(firstAfter).toBeLessThan(0.6 * che);
    const late = hr.filter((_, i) => t[i] > 55_000);
    expect(late.reduce((x, y) => x + y, 0) / late.length).toBeGreaterThan(0.9 * che);
  });

  it('the same scenario and seed give the same figures', () => {
    const a = run({
      rps: 1000,
      keys: { count: 1000, zipf: 0.9 },
      cache: { capacity: 100, ttl: 300, coalesce: true },
      duration: '10s',
      warmup: '1s',
    });
    const b = run({
      rps: 1000,
      keys: { count: 1000, zipf: 0.9 },
      cache: { capacity: 100, ttl: 300, coalesce: true },
      duration: '10s',
      warmup: '1s',
    });
    expect(JSON.stringify(a.result.nodes)).toBe(JSON.stringify(b.result.nodes));
  });
});
