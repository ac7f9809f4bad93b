/**
 * Invariants that hold exactly on every run, and determinism: the same scenario and seed give
 * byte-identical results however the run is sliced; streams are per node, so an unrelated node
 * does not disturb anyone's draws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Admit, ServerPool } from '../../src/components/serverPool';
import { TimeWeighted } from '../../src/engine/timeWeighted';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Result } from '../../src/scenario/resultTypes';

function scenario(
  overrides: Record<string, unknown> = {},
  extraNodes: unknown[] = [],
  extraEdges: unknown[] = [],
) {
  const input = {
    format: 'scalelab/scenario@1',
    name: 'invariants',
    seed: 5,
    duration: '60s',
    warmup: '5s',
    nodes: [
      {
        id: 'users',
        type: 'client',
        rate: [
          { at: '0s', rps: 300 },
          { at: '20s', rps: 1500, ramp: '10s' },
          { at: '45s', rps: 200 },
        ],
        mix: [
          { name: 'read', op: 'read', weight: 9 },
          { name: 'write', op: 'write', weight: 1 },
        ],
        timeout: '30ms',
        retry: { max: 2, backoff: '50ms', jitter: true },
      },
      { id: 'app', type: 'appServer', instances: 2, cores: 2, concurrency: 8, backlog: 20, service: '4ms' },
      ...extraNodes,
    ],
    edges: [{ from: 'users', to: 'app' }, ...extraEdges],
    ...overrides,
  };
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

function balance(r: Result) {
  const q = r.requests;
  return q.arrived + q.retries - (q.completed + q.failed + q.timedOut + q.rejected + q.inFlight);
}

const withoutRun = (r: Result) => JSON.stringify({ ...r, run: undefined });

describe('invariants', () => {
  it('the request balance holds exactly at every slice of an overloaded run with retries', () => {
    const sim = buildSimulation(scenario());
    for (let t = 0; t <= 60_000; t += 997) {
      sim.advance(t);
      const r = sim.result();
      expect(balance(r)).toBe(0);
      const app = sim.nodes.get('app')!;
      // 0 ≤ busy ≤ servers at every instant.
      expect(app.stats.busy.value).toBeGreaterThanOrEqual(0);
      expect(app.stats.busy.value).toBeLessThanOrEqual(app.stats.capacity.value);
    }
    const r = sim.result();
    // The overload in the middle really produced every kind of outcome.
    expect(r.requests.timedOut).toBeGreaterThan(0);
    expect(r.requests.rejected).toBeGreaterThan(0);
    expect(r.requests.retries).toBeGreaterThan(0);
    expect(r.nodes.app.utilization).toBeLessThanOrEqual(1);
  });

  it('FCFS: a server pool starts waiting calls in arrival order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { maxLength: 300 }),
        fc.integer({ min: 1, max: 4 }),
        (ops, servers) => {
          const pool = new ServerPool(servers, 1e9, new TimeWeighted(), new TimeWeighted());
          const started: number[] = [];
          let next = 0;
          let t = 0;
          for (const arrive of ops) {
            t++;
            if (arrive) {
              const id = next++;
              if (pool.acquire(t, id) === Admit.started) started.push(id);
            } else if (pool.busy > 0) {
              const id = pool.release(t);
              if (id >= 0) started.push(id);
            }
            expect(pool.busy).toBeLessThanOrEqual(servers);
          }
          expect(started).toEqual([...started].sort((a, b) => a - b));
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it("Little's law on a window that starts and ends empty: ∫N dt = Σ sojourn", () => {
    // Arrivals only in the first 100 s, then the system drains; no warm-up so both sides cover it all.
    const s = scenario({
      warmup: 0,
      duration: '120s',
      nodes: [
        {
          id: 'users',
          type: 'client',
          rate: [
            { at: 0, rps: 700 },
            { at: '100s', rps: 0 },
          ],
          timeout: '1h',
        },
        { id: 'app', type: 'appServer', cores: 1, concurrency: 1e6, backlog: 1e6, service: '1ms' },
      ],
    });
    const sim = buildSimulation(s);
    sim.runToEnd();
    const app = sim.nodes.get('app')!;
    const t = sim.nowMs;
    expect(app.stats.queue.value + app.stats.busy.value).toBe(0);
    const area = app.stats.queue.integral(t) + app.stats.busy.integral(t);
    const sojourn = app.stats.latency.sum;
    expect(Math.abs(area - sojourn) / sojourn).toBeLessThan(1e-9);
    expect(sim.result().requests.inFlight).toBe(0);
  });
});

describe('determinism', () => {
  it('identical result JSON twice; another seed differs', () => {
    const a = buildSimulation(scenario());
    a.runToEnd();
    const b = buildSimulation(scenario());
    b.runToEnd();
    expect(withoutRun(a.result())).toBe(withoutRun(b.result()));
    const c = buildSimulation(scenario(), { seed: 6 });
    c.runToEnd();
    expect(withoutRun(c.result())).not.toBe(withoutRun(a.result()));
  });

  it('the same result whether run at once or in 1000 slices (with live snapshots between)', () => {
    const once = buildSimulation(scenario());
    once.runToEnd();
    const sliced = buildSimulation(scenario());
    for (let i = 1; i <= 1000; i++) {
      sliced.advance((60_000 * i) / 1000);
      if (i % 7 === 0) sliced.snapshot();
    }
    expect(sliced.finished).toBe(true);
    expect(withoutRun(sliced.result())).toBe(withoutRun(once.result()));
  });

  it('adding an unrelated node leaves the other nodes draws unchanged', () => {
    const base = buildSimulation(scenario());
    base.runToEnd();
    const more = buildSimulation(
      scenario(
        {},
        [
          { id: 'other-users', type: 'client', rate: 400 },
          { id: 'other-app', type: 'appServer', service: '3ms' },
        ],
        [{ from: 'other-users', to: 'other-app' }],
      ),
    );
    more.runToEnd();
    expect(JSON.stringify(more.result().nodes.app)).toBe(JSON.stringify(base.result().nodes.app));
    expect(JSON.stringify(more.result().nodes.users)).toBe(JSON.stringify(base.result().nodes.users));
  });
});
