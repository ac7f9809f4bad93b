/** Timed events change the running simulation at their time, and runs stay reproducible. */
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Result } from '../../src/scenario/resultTypes';

function run(events: unknown[], extraNodes: unknown[] = []): Result {
  const parsed = parseScenario({
    format: 'scalelab/scenario@1',
    name: 'events',
    duration: '60s',
    nodes: [
      { id: 'users', type: 'client', rate: 200 },
      { id: 'app', type: 'appServer', cores: 4, service: '5ms' },
      { id: 'db', type: 'database', connections: 10, service: '4ms' },
      ...extraNodes,
    ],
    edges: [
      { from: 'users', to: 'app' },
      { from: 'app', to: 'db' },
    ],
    events,
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  const sim = buildSimulation(parsed.scenario);
  sim.runToEnd();
  return sim.result();
}

/** Per-second series values of a node metric within [from, to) ms. */
function window(r: Result, node: string, metric: string, from: number, to: number): number[] {
  return r.series.t.flatMap((t, i) => (t > from && t <= to ? [r.series.nodes[node][metric][i]] : []));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('scenario events', () => {
  it('fail and recover: errors only while down, counted at the node with the reason', () => {
    const r = run([
      { at: '20s', do: 'fail', node: 'db' },
      { at: '30s', do: 'recover', node: 'db' },
    ]);
    expect(r.nodes.db.failures['target down']).toBeGreaterThan(1500);
    expect(r.failureReasons['target down']).toBe(r.nodes.db.failures['target down']);
    expect(mean(window(r, 'db', 'errors', 0, 19_000))).toBe(0);
    expect(mean(window(r, 'db', 'errors', 21_000, 29_000))).toBeGreaterThan(150);
    expect(mean(window(r, 'db', 'errors', 31_000, 60_000))).toBe(0);
  });

  it('slow multiplies service times from its time on', () => {
    const r = run([{ at: '30s', do: 'slow', node: 'db', factor: 3 }]);
    const before = mean(window(r, 'db', 'utilization', 0, 30_000));
    const after = mean(window(r, 'db', 'utilization', 31_000, 60_000));
    expect(after / before).toBeGreaterThan(2.6);
    expect(after / before).toBeLessThan(3.4);
  });

  it('set changes a parameter live', () => {
    const r = run([{ at: '30s', do: 'set', node: 'app', path: 'cores', value: 8 }]);
    const before = mean(window(r, 'app', 'utilization', 0, 30_000));
    const after = mean(window(r, 'app', 'utilization', 31_000, 60_000));
    expect(after / before).toBeCloseTo(0.5, 1);
  });

  it('add-node and add-edge wire a cache in mid-run; remove-edge takes it out again', () => {
    const r = run([
      { at: '20s', do: 'add-node', node: { id: 'cache', type: 'cache', hitRatio: 0.8 } },
      { at: '20s', do: 'add-edge', edge: { from: 'app', to: 'cache' } },
      { at: '40s', do: 'remove-edge', edge: { from: 'app', to: 'cache' } },
    ]);
    const before = mean(window(r, 'db', 'throughput', 0, 20_000));
    const during = mean(window(r, 'db', 'throughput', 21_000, 40_000));
    const after = mean(window(r, 'db', 'throughput', 41_000, 60_000));
    expect(during / before).toBeLessThan(0.3);
    expect(after / before).toBeGreaterThan(0.85);
    expect(r.nodes.cache.type).toBe('cache');
  });

  it('remove-node takes a node and its edges out; the app carries on without it', () => {
    const r = run([{ at: '30s', do: 'remove-node', node: 'db' }]);
    expect(r.nodes.db.removed).toBe(true);
    const q = r.requests;
    expect(q.arrived + q.retries).toBe(q.completed + q.failed + q.timedOut + q.rejected + q.inFlight);
    // Only the queries in service at that moment fail, and the result says where and why.
    expect(q.failed).toBeGreaterThan(0);
    expect(q.failed).toBeLessThanOrEqual(10);
    expect(r.failureReasons['target down']).toBe(q.failed);
    // Afterwards nothing reaches it.
    expect(mean(window(r, 'app', 'errors', 31_000, 60_000))).toBe(0);
  });
});
