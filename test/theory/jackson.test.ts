/**
 * The open network LB → app → cache-aside → primary / replicas against its product-form solution.
 * With Poisson arrivals, Bernoulli routing (random balancing, a fixed cache hit probability) and
 * exponential service that is the same for every class at a station, the network has product form
 * (BCMP): each station behaves as an M/M/c with its total arrival rate, and the mean response is
 * Σ visits × W_station.
 */
import { describe, expect, it } from 'vitest';
import { mmc } from '../../src/analysis/queueing';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';

describe('open Jackson network', () => {
  it('LB → app → cache-aside → primary/replicas matches Σ v·W', () => {
    const rps = 2000;
    const p = 0.7; // cache hit probability
    const readShare = 0.8;
    const parsed = parseScenario(
      {
        format: 'scalelab/scenario@1',
        name: 'jackson',
        seed: 9,
        duration: '1000s',
        warmup: '20s',
        nodes: [
          {
            id: 'users',
            type: 'client',
            rate: rps,
            timeout: '1h',
            mix: [
              { name: 'read', op: 'read', weight: 80, keys: { count: 1 } },
              { name: 'write', op: 'write', weight: 20, keys: { count: 1 } },
            ],
          },
          { id: 'lb', type: 'loadBalancer', policy: 'random', cores: 2, service: '0.5ms', backlog: 1e6 },
          {
            id: 'app',
            type: 'appServer',
            instances: 4,
            cores: 2,
            concurrency: 1e6,
            backlog: 1e6,
            service: '2ms',
          },
          { id: 'cache', type: 'cache', cores: 2, service: '0.4ms', hitRatio: p, backlog: 1e6 },
          {
            id: 'db',
            type: 'database',
            connections: 4,
            locks: 'none',
            service: { read: '3ms', write: '6ms' },
            backlog: 1e6,
          },
          {
            id: 'r1',
            type: 'database',
            role: 'replica',
            primary: 'db',
            connections: 2,
            service: '3ms',
            backlog: 1e6,
          },
          {
            id: 'r2',
            type: 'database',
            role: 'replica',
            primary: 'db',
            connections: 2,
            service: '3ms',
            backlog: 1e6,
          },
        ],
        edges: [
          { from: 'users', to: 'lb' },
          { from: 'lb', to: 'app' },
          { from: 'app', to: 'cache' },
          { from: 'app', to: 'db' },
          { from: 'app', to: 'r1' },
          { from: 'app', to: 'r2' },
        ],
      },
      { maxRequests: 1e9 },
    );
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    const sim = buildSimulation(parsed.scenario);
    sim.runToEnd();
    const r = sim.result();

    const L = rps / 1000; // per ms
    const W = (lambda: number, s: number, c: number) => mmc(lambda, 1 / s, c).meanResponse;
    const wLb = W(L, 0.5, 2);
    const wApp = W(L / 4, 2, 2);
    const cacheVisits = readShare * (1 + (1 - p)) + (1 - readShare); // get (+ set on a miss); invalidate
    const wCache = W(L * cacheVisits, 0.4, 2);
    const wReplica = W((L * readShare * (1 - p)) / 2, 3, 2);
    const wPrimary = W(L * (1 - readShare), 6, 4);
    const expected =
      wLb +
      wApp +
      readShare * (wCache + (1 - p) * (wReplica + wCache)) +
      (1 - readShare) * (wPrimary + wCache);

    // Per-station utilisation first: they pin down the routing (tight: 2·10^6 requests).
    expect(r.nodes.cache.utilization).toBeCloseTo((L * cacheVisits * 0.4) / 2, 2);
    expect(r.nodes.r1.utilization).toBeCloseTo((L * readShare * (1 - p) * 3) / 2 / 2, 2);
    expect(r.nodes.db.utilization).toBeCloseTo((L * (1 - readShare) * 6) / 4, 2);
    // End to end: the sum of seven stations' means, each at ρ ≤ 0.6; 2·10^6 requests put the
    // scatter of the total near 0.25% (1σ; the run landed 0.02% from theory when written). 1% is
    // four sigma, and a missing step shows: dropping the cache set alone would move it 1.9%.
    expect(Math.abs(r.latencyMs.mean - expected) / expected).toBeLessThan(0.01);
  });
});
