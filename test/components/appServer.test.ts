/** App server behaviours: retries add load, the circuit breaker, autoscaling, DB pools, async writes. */
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Result } from '../../src/scenario/resultTypes';

function run(input: Record<string, unknown>): { r: Result; sim: ReturnType<typeof buildSimulation> } {
  const parsed = parseScenario({ format: 'scalelab/scenario@1', name: 'app', seed: 2, ...input });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  const sim = buildSimulation(parsed.scenario);
  sim.runToEnd();
  return { r: sim.result(), sim };
}

const series = (r: Result, node: string, metric: string) => r.series.nodes[node][metric];

describe('client retries', () => {
  it('raise the load offered to a failing tier', () => {
    const base = {
      duration: '60s',
      nodes: [
        { id: 'users', type: 'client', rate: 200, timeout: '1s' },
        { id: 'app', type: 'appServer', cores: 1, concurrency: 4, backlog: 4, service: '10ms' },
      ],
      edges: [{ from: 'users', to: 'app' }],
    };
    const none = run(base).r;
    const withRetries = run({
      ...base,
      nodes: [{ ...base.nodes[0], retry: { max: 3, backoff: '10ms', jitter: true } }, base.nodes[1]],
    }).r;
    // The app can serve 100/s; 200/s arrive. Retries push more attempts into the full backlog.
    expect(withRetries.requests.retries).toBeGreaterThan(0.5 * withRetries.requests.arrived);
    expect(withRetries.nodes.app.arrivals).toBeGreaterThan(1.5 * none.nodes.app.arrivals);
    expect(none.requests.retries).toBe(0);
  });
});

describe('circuit breaker', () => {
  const scenario = (breaker: boolean) => ({
    duration: '90s',
    warmup: '5s',
    nodes: [
      { id: 'users', type: 'client', rate: 200, timeout: '5s' },
      {
        id: 'app',
        type: 'appServer',
        cores: 4,
        concurrency: 200,
        service: '1ms',
        timeout: '200ms',
        ...(breaker
          ? { circuitBreaker: { errorRate: 0.5, window: '5s', minRequests: 20, coolDown: '5s' } }
          : {}),
      },
      { id: 'db', type: 'database', connections: 10, service: '5ms' },
    ],
    edges: [
      { from: 'users', to: 'app' },
      { from: 'app', to: 'db' },
    ],
    // The DB hangs (×1000 slower) from 20 s to 50 s, then recovers.
    events: [
      { at: '20s', do: 'slow', node: 'db', factor: 1000 },
      { at: '50s', do: 'slow', node: 'db', factor: 1 },
    ],
  });

  it('opens, sheds load fast, and closes again through a half-open probe', () => {
    const { r } = run(scenario(true));
    const app = r.nodes.app;
    expect(app.failures['circuit open']).toBeGreaterThan(1000);
    expect(app.circuitOpenFraction as number).toBeGreaterThan(0.2);
    expect(app.circuitOpenFraction as number).toBeLessThan(0.5);
    // Fast failure: while open, requests fail in about a millisecond instead of waiting 200 ms.
    const t = r.series.t;
    const errors = r.series.errors;
    const late = t.findIndex((x) => x >= 70_000);
    // Recovered: no errors in the last 20 s.
    expect(errors.slice(late).every((e) => e === 0)).toBe(true);
    // The DB is protected: while open it sees far fewer calls than the clients send.
    const dbIn = series(r, 'db', 'throughput');
    const mid = t.findIndex((x) => x >= 35_000);
    expect(dbIn[mid]).toBeLessThan(50);
  });

  it('without a breaker the outage fails every request the slow way: timeouts and a full DB backlog', () => {
    const { r } = run(scenario(false));
    expect(r.nodes.app.failures['circuit open']).toBeUndefined();
    // 30 s × 200/s all fail: waiting out the 200 ms timeout, or refused by the DB's full backlog.
    expect(r.nodes.app.failures.timeout).toBeGreaterThan(1000);
    expect(r.requests.failed + r.requests.rejected).toBeGreaterThan(5000);
    expect(r.failureReasons['backlog full']).toBeGreaterThan(1000);
  });
});

describe('autoscaling', () => {
  it('adds instances only after the boot time, and scales in when load falls', () => {
    const { r } = run({
      duration: '600s',
      nodes: [
        {
          id: 'users',
          type: 'client',
          rate: [
            { at: 0, rps: 100 },
            { at: '120s', rps: 800 },
            { at: '400s', rps: 100 },
          ],
        },
        {
          id: 'app',
          type: 'appServer',
          cores: 2,
          service: '5ms',
          autoscale: { min: 1, max: 8, targetCpu: 0.6, bootTime: '30s', coolDown: '40s', interval: '10s' },
        },
      ],
      edges: [{ from: 'users', to: 'app' }],
    });
    const t = r.series.t;
    const inst = series(r, 'app', 'instances');
    const at = (ms: number) => inst[t.findIndex((x) => x >= ms)];
    expect(at(110_000)).toBe(1);
    // The decision comes at the first evaluation after 120 s (130 s); nothing serves before 160 s.
    expect(at(155_000)).toBe(1);
    // 800/s × 5 ms = 4 busy cores; at 60% target that is 6.7 cores: 4 instances of 2 cores.
    expect(at(300_000)).toBe(4);
    expect(at(590_000)).toBeLessThan(at(300_000));
    expect(r.nodes.app.instances as number).toBeGreaterThan(1);
    // Cost follows the mean instances.
    expect(r.costPerHour).toBeCloseTo((r.nodes.app.instances as number) * 0.1 + 0.25 * 0, 6);
  });
});

describe('DB connection pool', () => {
  it('caps the queries one instance has in flight; waits happen in the pool', () => {
    const { r } = run({
      duration: '60s',
      nodes: [
        { id: 'users', type: 'client', rate: 400 },
        { id: 'app', type: 'appServer', instances: 2, cores: 8, concurrency: 500, service: '0.5ms', pool: 2 },
        { id: 'db', type: 'database', connections: 50, service: '4ms' },
      ],
      edges: [
        { from: 'users', to: 'app' },
        { from: 'app', to: 'db' },
      ],
    });
    // 2 instances × 2 pooled connections: at most 4 busy of 50 connections.
    expect(r.nodes.db.utilization).toBeLessThan(4 / 50 + 1e-9);
    expect(r.nodes.db.utilization).toBeGreaterThan(0.02);
    expect(r.nodes.app.poolWaitMean as number).toBeGreaterThan(0);
  });
});

describe('async writes', () => {
  it('are answered once enqueued; without a queue they go to the primary', () => {
    const withQueue = run({
      duration: '30s',
      nodes: [
        {
          id: 'users',
          type: 'client',
          rate: 100,
          mix: [{ name: 'vote', op: 'write', weight: 1, async: true }],
        },
        { id: 'app', type: 'appServer', service: '1ms' },
        { id: 'q', type: 'queue' },
        { id: 'w', type: 'worker', service: '50ms' },
        { id: 'db', type: 'database', service: '10ms' },
      ],
      edges: [
        { from: 'users', to: 'app' },
        { from: 'app', to: 'q' },
        { from: 'app', to: 'db' },
        { from: 'q', to: 'w' },
        { from: 'w', to: 'db' },
      ],
    }).r;
    expect(withQueue.latencyMs.mean).toBeLessThan(5);
    expect(withQueue.nodes.q.enqueued as number).toBeGreaterThan(2500);
  });
});

describe('live pool changes', () => {
  it('a bigger pool serves the requests already waiting for a connection at once', () => {
    const parsed = parseScenario({
      format: 'scalelab/scenario@1',
      name: 'pool',
      duration: '20s',
      nodes: [
        { id: 'users', type: 'client', rate: 400 },
        { id: 'app', type: 'appServer', cores: 8, concurrency: 2000, service: '0.5ms', pool: 1 },
        { id: 'db', type: 'database', connections: 50, service: '4ms' },
      ],
      edges: [
        { from: 'users', to: 'app' },
        { from: 'app', to: 'db' },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    const sim = buildSimulation(parsed.scenario);
    sim.advance(5000);
    // One connection for 400/s × 4 ms = 1.6 busy: the pool queue has grown.
    const waitingBefore = sim.nodes.get('db')!.stats.busy.value;
    expect(waitingBefore).toBe(1);
    sim.applyEdit({ do: 'set', node: 'app', path: 'pool', value: 20 });
    // The waiting requests took the new connections in the same instant.
    expect(sim.nodes.get('db')!.stats.busy.value).toBeGreaterThan(5);
    sim.runToEnd();
    const q = sim.result().requests;
    expect(q.arrived + q.retries).toBe(q.completed + q.failed + q.timedOut + q.rejected + q.inFlight);
  });
});
