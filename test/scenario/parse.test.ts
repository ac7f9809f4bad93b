import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText } from '../../src/scenario/parse';
import { designExample, expectProblem, minimal, ok } from './helpers';

describe('the DESIGN §3 example', () => {
  it('parses, normalized', () => {
    const { scenario, warnings } = ok(designExample());
    expect(warnings).toEqual([]);
    expect(scenario.duration).toBe(600_000);
    expect(scenario.warmup).toBe(30_000);
    expect(scenario.nodes.map((n) => n.id)).toEqual(['users', 'app', 'db']);
    const [users, app, db] = scenario.nodes;
    if (users.type !== 'client' || app.type !== 'appServer' || db.type !== 'database')
      throw new Error('kinds');
    expect(users.rate).toEqual([
      { at: 0, rps: 200, ramp: 0 },
      { at: 180_000, rps: 2000, ramp: 30_000 },
    ]);
    expect(users.retry).toEqual({ max: 2, backoff: 200, multiplier: 2, jitter: true });
    expect(users.mix[1]).toEqual({
      name: 'upvote',
      op: 'write',
      weight: 10,
      keys: { count: 100_000, zipf: 0.99 },
      async: true,
    });
    expect(app.service).toEqual({
      read: { dist: 'exp', mean: 8 },
      write: { dist: 'lognormal', mean: 12, cv: 1.5 },
      static: { dist: 'exp', mean: 5 },
    });
    expect(db.service.static).toEqual({ dist: 'exp', mean: 4 });
    expect(scenario.edges[1]).toEqual({ from: 'app', to: 'db', latency: 0.5 });
    expect(scenario.events).toEqual([
      { at: 360_000, do: 'fail', node: 'db' },
      { at: 420_000, do: 'recover', node: 'db' },
    ]);
  });

  it('round-trips through JSON unchanged (plain data, no undefined fields)', () => {
    const { scenario } = ok(designExample());
    expect(JSON.parse(JSON.stringify(scenario))).toStrictEqual(scenario);
  });

  it('is idempotent: the normalized scenario parses to itself', () => {
    const { scenario } = ok(designExample());
    expect(ok(JSON.parse(JSON.stringify(scenario))).scenario).toStrictEqual(scenario);
  });
});

describe('defaults', () => {
  it('fills every default of every kind', () => {
    const input = {
      format: 'scalelab/scenario@1',
      name: 'all kinds',
      nodes: [
        { id: 'u', type: 'client' },
        { id: 'edge', type: 'cdn' },
        { id: 'rl', type: 'rateLimiter', rate: 50 },
        { id: 'lb', type: 'loadBalancer' },
        { id: 'app', type: 'appServer' },
        { id: 'c', type: 'cache' },
        { id: 'db', type: 'database' },
        { id: 'q', type: 'queue' },
        { id: 'w', type: 'worker' },
      ],
      edges: [
        { from: 'u', to: 'edge' },
        { from: 'edge', to: 'rl' },
        { from: 'rl', to: 'lb' },
        { from: 'lb', to: 'app' },
        { from: 'app', to: 'c' },
        { from: 'app', to: 'db' },
        { from: 'app', to: 'q' },
        { from: 'q', to: 'w' },
        { from: 'w', to: 'db' },
      ],
    };
    const { scenario } = ok(input);
    const exp = (mean: number) => ({ dist: 'exp', mean });
    const every = (d: object) => ({ read: d, write: d, static: d });
    expect(scenario).toStrictEqual({
      format: 'scalelab/scenario@1',
      name: 'all kinds',
      seed: 1,
      duration: 60_000,
      warmup: 0,
      edges: input.edges.map((e) => ({ ...e, latency: 0 })),
      events: [],
      nodes: [
        {
          id: 'u',
          type: 'client',
          rate: [{ at: 0, rps: 100, ramp: 0 }],
          trafficScale: 1,
          arrivals: 'poisson',
          mix: [{ name: 'read', op: 'read', weight: 1, keys: { count: 10_000, zipf: 0.99 }, async: false }],
          timeout: 10_000,
          retry: { max: 0, backoff: 100, multiplier: 2, jitter: true },
          costPerHour: 0,
        },
        {
          id: 'edge',
          type: 'cdn',
          capacity: 100_000,
          ttl: 3_600_000,
          service: every(exp(1)),
          costPerHour: 0.01,
        },
        { id: 'rl', type: 'rateLimiter', rate: 50, costPerHour: 0, burst: 50 },
        {
          id: 'lb',
          type: 'loadBalancer',
          policy: 'round-robin',
          cores: 1,
          service: every({ dist: 'const', value: 0.05 }),
          backlog: 10_000,
          healthCheck: { interval: 5000, unhealthyAfter: 2, healthyAfter: 1 },
          costPerHour: 0.025,
        },
        {
          id: 'app',
          type: 'appServer',
          cores: 4,
          concurrency: 64,
          backlog: 512,
          service: every(exp(5)),
          costPerHour: 0.1,
          instances: 1,
        },
        {
          id: 'c',
          type: 'cache',
          capacity: 10_000,
          coalesce: false,
          cores: 1,
          service: every(exp(0.2)),
          backlog: 10_000,
          costPerHour: 0.05,
        },
        {
          id: 'db',
          type: 'database',
          role: 'primary',
          connections: 20,
          service: { read: exp(4), write: exp(10), static: exp(4) },
          locks: 'row',
          shards: 1,
          backlog: 1000,
          replicationDelay: 1,
          applyService: exp(2),
          costPerHour: 0.25,
        },
        {
          id: 'q',
          type: 'queue',
          capacity: 10_000,
          onFull: 'reject',
          visibilityTimeout: 30_000,
          costPerHour: 0.02,
        },
        {
          id: 'w',
          type: 'worker',
          instances: 1,
          concurrency: 4,
          service: every(exp(20)),
          failureRate: 0,
          poisonRate: 0,
          idempotent: true,
          costPerHour: 0.05,
        },
      ],
    });
  });

  it('fills nested defaults: autoscale, circuit breaker, retry, keys; instances start at autoscale.min', () => {
    const { scenario } = ok({
      ...minimal(),
      nodes: [
        {
          id: 'users',
          type: 'client',
          rate: 5,
          mix: [{ name: 'x', op: 'write', weight: 2, keys: { count: 7 } }],
        },
        {
          id: 'app',
          type: 'appServer',
          autoscale: { min: 3 },
          circuitBreaker: {},
          retry: { max: 1 },
          pool: 8,
        },
      ],
    });
    const [users, app] = scenario.nodes;
    if (users.type !== 'client' || app.type !== 'appServer') throw new Error('kinds');
    expect(users.rate).toEqual([{ at: 0, rps: 5, ramp: 0 }]);
    expect(users.mix[0].keys).toEqual({ count: 7, zipf: 0.99 });
    expect(app.instances).toBe(3);
    expect(app.autoscale).toEqual({
      min: 3,
      max: 10,
      targetCpu: 0.6,
      bootTime: 30_000,
      coolDown: 60_000,
      interval: 10_000,
    });
    expect(app.circuitBreaker).toEqual({ errorRate: 0.5, window: 10_000, minRequests: 20, coolDown: 5000 });
    expect(app.retry).toEqual({ max: 1, backoff: 100, multiplier: 2, jitter: true });
    expect(app.pool).toBe(8);
  });

  it('reads "p2c" as "power-of-two", a bare service as exponential for every op, and const/uniform/pareto', () => {
    const { scenario } = ok({
      ...minimal(),
      nodes: [
        { id: 'users', type: 'client' },
        {
          id: 'lb',
          type: 'loadBalancer',
          policy: 'p2c',
          service: { dist: 'uniform', min: '1ms', max: '2ms' },
        },
        { id: 'app', type: 'appServer', service: '7ms' },
        { id: 'db', type: 'database', service: { write: { dist: 'pareto', mean: '3ms', alpha: 1.5 } } },
      ],
      edges: [
        { from: 'users', to: 'lb' },
        { from: 'lb', to: 'app' },
        { from: 'app', to: 'db' },
      ],
    });
    const [, lb, app, db] = scenario.nodes;
    if (lb.type !== 'loadBalancer' || app.type !== 'appServer' || db.type !== 'database')
      throw new Error('kinds');
    expect(lb.policy).toBe('power-of-two');
    expect(lb.service.read).toEqual({ dist: 'uniform', min: 1, max: 2 });
    expect(app.service).toEqual({
      read: { dist: 'exp', mean: 7 },
      write: { dist: 'exp', mean: 7 },
      static: { dist: 'exp', mean: 7 },
    });
    expect(db.service.write).toEqual({ dist: 'pareto', mean: 3, alpha: 1.5 });
  });
});

describe('format and text', () => {
  it('refuses a missing, foreign or newer format with a sentence', () => {
    const { format: _, ...noFormat } = minimal();
    expectProblem(
      noFormat,
      'format: is required: a scenario file starts with "format": "scalelab/scenario@1"',
    );
    expectProblem(
      { ...minimal(), format: 'acme/thing@1' },
      'format: "acme/thing@1" is not a scenario format Scalelab reads; expected "scalelab/scenario@1"',
    );
    expectProblem(
      { ...minimal(), format: 'scalelab/scenario@2' },
      'format: "scalelab/scenario@2" comes from a newer Scalelab than this one, which reads "scalelab/scenario@1"',
    );
    expectProblem([1, 2], 'a scenario must be a JSON object, got a list');
    expectProblem(null, 'a scenario must be a JSON object, got null');
  });

  it('parseScenarioText explains non-JSON', () => {
    const r = parseScenarioText('{"format": "scalelab/scenario@1",, }');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].message).toMatch(/^not JSON: .*position \d+/);
    expect(parseScenarioText(JSON.stringify(designExample())).ok).toBe(true);
  });

  it('never evaluates strings', () => {
    // A template placeholder, built so that nothing could evaluate it here either.
    const injected = ['$', '{process.exit()}'].join('');
    const { scenario } = ok({
      ...minimal(),
      name: '<img src=x onerror=alert(1)>',
      summary: injected,
    });
    expect(scenario.name).toBe('<img src=x onerror=alert(1)>');
    expect(scenario.summary).toBe('$' + '{process.exit()}');
  });

  it('survives hostile objects', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    const r = parseScenario(hostile);
    expect(r.ok).toBe(false);
    expect(parseScenario({ ...minimal(), nodes: [hostile] }).ok).toBe(false);
  });
});
