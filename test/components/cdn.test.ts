import { describe, expect, it } from 'vitest';
import { cheLruHitRatio, ttlHitRatio, zipfProbabilities } from '../../src/analysis/cacheTheory';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Result } from '../../src/scenario/resultTypes';

interface Figures {
  arrivals: number;
  failures: Record<string, number>;
  hitRatio: number;
  hits: number;
  misses: number;
  originRequests: number;
  entries: number;
}

const KEYS = { count: 10_000, zipf: 0.8 };

/**
 * users → [cdn →] app → db: 80 % static requests over Zipf keys, 20 % reads. The app's CPU time is
 * a constant 0.01 ms and the DB's 0.05 ms with ample servers, so a CDN miss is fetched and stored
 * within ~0.02 ms of the lookup and the CDN sees the client's Poisson stream of keys.
 */
function run(opts: {
  cdn?: Record<string, unknown>;
  rps?: number;
  events?: unknown[];
  duration?: string;
}): Result {
  const withCdn = opts.cdn !== undefined;
  const r = parseScenario({
    format: 'scalelab/scenario@1',
    name: 'cdn test',
    duration: opts.duration ?? '60s',
    warmup: '10s',
    nodes: [
      {
        id: 'users',
        type: 'client',
        rate: [{ at: 0, rps: opts.rps ?? 4000 }],
        mix: [
          { name: 'asset', op: 'static', weight: 8, keys: KEYS },
          { name: 'page', op: 'read', weight: 2, keys: KEYS },
        ],
      },
      ...(withCdn ? [{ id: 'cdn', type: 'cdn', service: { dist: 'const', value: 1 }, ...opts.cdn }] : []),
      {
        id: 'app',
        type: 'appServer',
        cores: 64,
        concurrency: 100_000,
        service: { dist: 'const', value: 0.01 },
      },
      {
        id: 'db',
        type: 'database',
        connections: 10_000,
        locks: 'none',
        service: { dist: 'const', value: 0.05 },
      },
    ],
    edges: [
      ...(withCdn
        ? [
            { from: 'users', to: 'cdn' },
            { from: 'cdn', to: 'app' },
          ]
        : [{ from: 'users', to: 'app' }]),
      { from: 'app', to: 'db' },
    ],
    events: opts.events ?? [],
  });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  const sim = buildSimulation(r.scenario);
  sim.runToEnd();
  return sim.result();
}

function node(res: Result, id: string): Figures {
  return res.nodes[id] as unknown as Figures;
}

/** Batch-means standard error of the CDN hit ratio (20 batches of the post-warm-up series). */
function batchStdError(res: Result): number {
  const t = res.series.t;
  const ratios = res.series.nodes.cdn.hitRatio.filter((_, i) => t[i] > 10_000);
  const k = 20;
  const size = Math.floor(ratios.length / k);
  const means: number[] = [];
  for (let b = 0; b < k; b++)
    means.push(ratios.slice(b * size, (b + 1) * size).reduce((x, y) => x + y, 0) / size);
  const m = means.reduce((x, y) => x + y, 0) / k;
  return Math.sqrt(means.reduce((x, y) => x + (y - m) ** 2, 0) / (k - 1) / k);
}

describe('cdn', () => {
  it('static hit ratio follows Che’s approximation and takes that share of load off the origin', () => {
    const res = run({ cdn: { capacity: 1000 } });
    const cdn = node(res, 'cdn');
    const app = node(res, 'app');
    const che = cheLruHitRatio(zipfProbabilities(KEYS.count, KEYS.zipf), 1000);
    // Che's error for 10^3 of 10^4 Zipf(0.8) keys is ≲ 1 % absolute, plus 4 batch-means errors.
    const se = batchStdError(res);
    expect(Math.abs(cdn.hitRatio - che)).toBeLessThan(0.01 + 4 * se);
    expect(se).toBeLessThan(0.003);
    // The origin sees the misses and every non-static request (window edges: a few calls).
    expect(Math.abs(cdn.originRequests - (cdn.arrivals - cdn.hits))).toBeLessThanOrEqual(5);
    expect(Math.abs(app.arrivals - cdn.originRequests)).toBeLessThanOrEqual(5);
    // Without the CDN the origin takes everything: the reduction is the static share × hit ratio.
    const bare = node(run({}), 'app');
    const reduction = 1 - app.arrivals / bare.arrivals;
    // Both runs draw the same arrivals (common random numbers); the reduction's scatter is the hit
    // ratio's, scaled by the static share 0.8, plus the static share's own binomial σ ≈ 0.0009.
    expect(Math.abs(reduction - 0.8 * cdn.hitRatio)).toBeLessThan(4 * 0.0009 + 4 * se);
    expect(res.requests.failed).toBe(0);
  });

  it('non-static requests pass through to the origin without edge time', () => {
    const res = run({ cdn: { capacity: 1000, hitRatio: 1 } });
    const cdn = node(res, 'cdn');
    const db = node(res, 'db');
    // Every static request hits; the only origin requests are the reads, each a DB read.
    expect(cdn.misses).toBe(0);
    expect(Math.abs(db.arrivals - cdn.originRequests)).toBeLessThanOrEqual(5);
    // Reads are 20 % of requests: binomial σ = √(0.16/n).
    const share = cdn.originRequests / cdn.arrivals;
    expect(Math.abs(share - 0.2)).toBeLessThan(4 * Math.sqrt(0.16 / cdn.arrivals));
    // Static requests spend the const 1 ms edge time; reads only app (0.01) + DB (0.05) time.
    expect(res.latencyMs.p50).toBeGreaterThan(0.99);
    expect(res.latencyMs.p50).toBeLessThan(1.01);
    expect(res.latencyMs.p999 < 1.1 && res.latencyMs.mean < 1).toBe(true);
  });

  it('hitRatio replaces the key model with a fixed probability', () => {
    const res = run({ cdn: { capacity: 10, hitRatio: 0.6 }, duration: '30s' });
    const cdn = node(res, 'cdn');
    const n = cdn.hits + cdn.misses;
    expect(Math.abs(cdn.hitRatio - 0.6)).toBeLessThan(4 * Math.sqrt((0.6 * 0.4) / n));
    expect(cdn.entries).toBe(0);
  });

  it('objects live ttl from their store: an unbounded edge matches Σ p_i·λ_iT/(1+λ_iT)', () => {
    const ttl = 500;
    const res = run({ cdn: { capacity: 1_000_000, ttl }, rps: 4000 });
    const cdn = node(res, 'cdn');
    // Static requests are 80 % of 4000/s = 3.2/ms. The lookup comes after the (constant) edge time,
    // which only shifts the Poisson stream; the store follows its miss by ~0.02 ms of origin time,
    // a relative 4e-5 of T in each key's cycle — hence the 1e-4 beside 4 batch-means errors.
    const theory = ttlHitRatio(zipfProbabilities(KEYS.count, KEYS.zipf), 3.2, ttl);
    expect(Math.abs(cdn.hitRatio - theory)).toBeLessThan(4 * batchStdError(res) + 1e-4);
  });

  it('origin failures pass up unchanged and are counted at the origin, not the edge', () => {
    const res = run({
      cdn: { capacity: 1000 },
      duration: '20s',
      events: [
        { at: '12s', do: 'fail', node: 'app' },
        { at: '14s', do: 'recover', node: 'app' },
      ],
    });
    const cdn = node(res, 'cdn');
    const app = node(res, 'app');
    expect(app.failures['target down']).toBeGreaterThan(1000);
    expect(cdn.failures).toEqual({});
    // Hits keep being served while the origin is down: the edge answers them itself.
    expect(res.requests.completed).toBeGreaterThan(res.requests.arrived * 0.85);
  });
});
