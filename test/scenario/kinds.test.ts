/** Each kind's bad values: the exact path and sentence of the problem. */
import { describe, expect, it } from 'vitest';
import { errors, expectProblem, minimal, ok } from './helpers';

describe('bad values: exact path and sentence', () => {
  const node = (extra: Record<string, unknown>, i = 1) => {
    const s = minimal();
    s.nodes[i] = { ...(s.nodes[i] as object), ...extra };
    return s;
  };
  const withNode = (n: Record<string, unknown>) => minimal([n]);

  it.each([
    [node({ cores: -3 }), 'nodes[1].cores: must be a whole number from 1 to 256, got -3'],
    [node({ instances: 2.5 }), 'nodes[1].instances: must be a whole number from 1 to 1000, got 2.5'],
    [
      node({ concurrency: Number.NaN }),
      'nodes[1].concurrency: must be a whole number from 1 to 10000000, got NaN',
    ],
    [
      node({ backlog: Number.POSITIVE_INFINITY }),
      'nodes[1].backlog: must be a whole number from 0 to 10000000, got Infinity',
    ],
    [
      node({ service: { read: '5 sec' } }),
      'nodes[1].service.read: must be a duration such as "250us", "20ms", "5s", "2m" or "1h" (a number means ms), got "5 sec"',
    ],
    [node({ timeout: '0s' }), 'nodes[1].timeout: must be a duration > 0, got "0s"'],
    [node({ pool: 0 }), 'nodes[1].pool: must be a whole number from 1 to 10000, got 0'],
    [node({ autoscale: { min: 4, max: 2 } }), 'nodes[1].autoscale.max: must be ≥ autoscale.min (4), got 2'],
    [
      node({ autoscale: { min: 2, max: 4 }, instances: 9 }),
      'nodes[1].instances: must be between autoscale.min (2) and autoscale.max (4), got 9',
    ],
    [
      node({ autoscale: { targetCpu: 0 } }),
      'nodes[1].autoscale.targetCpu: must be a number from 0.05 to 1, got 0',
    ],
    [
      node({ circuitBreaker: { errorRate: 2 } }),
      'nodes[1].circuitBreaker.errorRate: must be a number from 0 to 1, got 2',
    ],
    [node({ retry: { max: 11 } }), 'nodes[1].retry.max: must be a whole number from 0 to 10, got 11'],
    [node({ costPerHour: -1 }), 'nodes[1].costPerHour: must be a number from 0 to 10000, got -1'],
    [
      node({ service: { dist: 'weibull', mean: 1 } }),
      'nodes[1].service.dist: must be one of "exp", "const", "uniform", "lognormal", "gamma", "pareto", got "weibull"',
    ],
    [
      node({ service: { dist: 'uniform', min: 5, max: 2 } }),
      'nodes[1].service.max: must be ≥ min (5ms), got 2ms',
    ],
    [node({ service: { dist: 'exp', mean: 0 } }), 'nodes[1].service.mean: must be a duration > 0, got 0'],
    [
      node({ rate: -5 }, 0),
      'nodes[0].rate: must be requests per second (a number from 0 to 10000000) or a list of {"at", "rps", "ramp"}, got -5',
    ],
    [node({ rate: [{ at: '1s', rps: 5 }] }, 0), 'nodes[0].rate[0].at: the first point must be at 0, got 1s'],
    [
      node(
        {
          rate: [
            { at: 0, rps: 5 },
            { at: '2m', rps: 9, ramp: '1m' },
            { at: '150s', rps: 1 },
          ],
        },
        0,
      ),
      "nodes[0].rate[2].at: must be at or after 3m, where the previous point's ramp ends (points are sorted by time)",
    ],
    [
      node({ arrivals: 'posson' }, 0),
      'nodes[0].arrivals: must be one of "poisson", "constant", got "posson"; did you mean "poisson"?',
    ],
    [node({ mix: [] }, 0), 'nodes[0].mix: must have at least 1 entry'],
    [
      node({ mix: [{ name: 'r', op: 'read', weight: 0 }] }, 0),
      'nodes[0].mix[0].weight: must be a number > 0 and ≤ 1000000000, got 0',
    ],
    [
      node({ mix: [{ name: 'r', op: 'read', weight: 1, async: true }] }, 0),
      'nodes[0].mix[0].async: only a write can be async, and this class\'s op is "read"',
    ],
    [
      node({ mix: [{ name: 'r', op: 'read', weight: 1, keys: { zipf: 6 } }] }, 0),
      'nodes[0].mix[0].keys.zipf: must be a number from 0 to 5, got 6',
    ],
    [
      node({ timeout: null }, 0),
      'nodes[0].timeout: must be a duration > 0 such as "250us", "20ms", "5s", "2m" or "1h" (a number means ms), got null',
    ],
    [withNode({ id: 'rl', type: 'rateLimiter' }), 'nodes[2].rate: is required'],
    [
      withNode({ id: 'rl', type: 'rateLimiter', rate: 0 }),
      'nodes[2].rate: must be a number > 0 and ≤ 10000000, got 0',
    ],
    [
      withNode({ id: 'c', type: 'cache', capacity: 0 }),
      'nodes[2].capacity: must be a whole number from 1 to 10000000, got 0',
    ],
    [
      withNode({ id: 'c', type: 'cache', hitRatio: 1.5 }),
      'nodes[2].hitRatio: must be a number from 0 to 1, got 1.5',
    ],
    [
      withNode({ id: 'c', type: 'cache', coalesce: 'yes' }),
      'nodes[2].coalesce: must be true or false, got "yes"',
    ],
    [
      withNode({ id: 'db', type: 'database', connections: -3 }),
      'nodes[2].connections: must be a whole number from 1 to 100000, got -3',
    ],
    [
      withNode({ id: 'db', type: 'database', role: 'replica' }),
      'nodes[2].primary: is required on a replica: the id of the primary database it copies',
    ],
    [
      withNode({ id: 'db', type: 'database', primary: 'x' }),
      'nodes[2].primary: only a replica names a primary; remove it, or set "role": "replica"',
    ],
    [
      withNode({ id: 'db', type: 'database', shards: 65 }),
      'nodes[2].shards: must be a whole number from 1 to 64, got 65',
    ],
    [
      withNode({ id: 'db', type: 'database', locks: 'table' }),
      'nodes[2].locks: must be one of "none", "row", got "table"',
    ],
    [
      withNode({ id: 'q', type: 'queue', onFull: 'drop' }),
      'nodes[2].onFull: must be one of "reject", "block", got "drop"',
    ],
    [
      withNode({ id: 'q', type: 'queue', capacity: 1e8 }),
      'nodes[2].capacity: must be a whole number from 1 to 10000000, got 100000000',
    ],
    [
      withNode({ id: 'w', type: 'worker', failureRate: -0.1 }),
      'nodes[2].failureRate: must be a number from 0 to 1, got -0.1',
    ],
    [
      withNode({ id: 'w', type: 'worker', concurrency: 10_001 }),
      'nodes[2].concurrency: must be a whole number from 1 to 10000, got 10001',
    ],
    [
      withNode({ id: 'e', type: 'cdn', ttl: '-1s' }),
      'nodes[2].ttl: must be a duration > 0 such as "250us", "20ms", "5s", "2m" or "1h" (a number means ms), got "-1s"',
    ],
    [
      withNode({ id: 'lb', type: 'loadBalancer', healthCheck: { unhealthyAfter: 0 } }),
      'nodes[2].healthCheck.unhealthyAfter: must be a whole number from 1 to 100, got 0',
    ],
    [
      withNode({ id: 'lb', type: 'loadBalancer', policy: 'round robin' }),
      'nodes[2].policy: must be one of "round-robin", "least-connections", "random", "power-of-two", got "round robin"; did you mean "round-robin"?',
    ],
    [
      withNode({ id: '9lives', type: 'queue' }),
      'nodes[2].id: must be an id: a letter, then up to 47 letters, digits, "_" or "-", got "9lives"',
    ],
    [
      withNode({ id: 'x', type: 'apServer' }),
      'nodes[2].type: unknown node type "apServer"; did you mean "appServer"? (known types: "client", "cdn", "rateLimiter", "loadBalancer", "appServer", "cache", "database", "queue", "worker")',
    ],
    [
      withNode({ id: 'x', type: 'queue', label: 'x'.repeat(61) }),
      'nodes[2].label: must be at most 60 characters, got 61',
    ],
    [
      withNode({ id: 'x', type: 'queue', pos: [0, Number.NaN] }),
      'nodes[2].pos: must be [x, y], two numbers from -10000000 to 10000000, got a list',
    ],
  ])('%# → %s', (input, message) => {
    expectProblem(input, message);
  });

  it('judges the top level', () => {
    expectProblem({ ...minimal(), name: '' }, 'name: must not be empty');
    expectProblem({ ...minimal(), seed: -1 }, 'seed: must be a whole number from 0 to 4294967295, got -1');
    expectProblem(
      { ...minimal(), seed: 2 ** 32 },
      'seed: must be a whole number from 0 to 4294967295, got 4294967296',
    );
    expectProblem({ ...minimal(), duration: '31d' }, 'duration: must be at most 30d, got "31d"');
    expectProblem(
      { ...minimal(), duration: '5m', warmup: '5m' },
      'warmup: must be shorter than the duration (5m), got "5m"',
    );
    expectProblem({ ...minimal(), nodes: [] }, 'nodes: must have at least 1 entry');
    expectProblem(
      { ...minimal(), summary: 's'.repeat(2001) },
      'summary: must be at most 2000 characters, got 2001',
    );
    expectProblem(
      { ...minimal(), goal: { text: 'fast', p99Ms: 0 } },
      'goal.p99Ms: must be a number > 0 and ≤ 1000000000, got 0',
    );
    expectProblem({ ...minimal(), ui: [] }, 'ui: must be an object, got a list');
    const wide = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    expectProblem({ ...minimal(), ui: wide }, 'ui: must have at most 50 keys, got 51');
  });

  it('keeps ui as a copy', () => {
    const ui = { viewport: { x: 1, y: 2, zoom: 0.5 } };
    const { scenario } = ok({ ...minimal(), ui });
    expect(scenario.ui).toEqual(ui);
    expect(scenario.ui).not.toBe(ui);
  });

  it('names unknown fields, suggesting the closest known one', () => {
    const s = minimal(
      [{ id: 'db', type: 'database', conections: 5, colour: 'red' }],
      [{ from: 'app', to: 'db', latncy: '1ms' }],
    );
    (s as Record<string, unknown>).durration = '1m';
    const messages = errors(s).map((p) => p.message);
    expect(messages).toContain('nodes[2].conections: unknown field; did you mean "connections"?');
    expect(messages).toContain('edges[1].latncy: unknown field; did you mean "latency"?');
    expect(messages).toContain('durration: unknown field; did you mean "duration"?');
    expect(
      messages.find((m) => m.startsWith('nodes[2].colour: unknown field (known fields here: id, type, pos')),
    ).toBeDefined();
  });

  it('reports every problem at once, not the first only', () => {
    const s = minimal([
      { id: 'db', type: 'database', connections: -3, shards: 0 },
      { id: 'w', type: 'worker', instances: 0 },
    ]);
    s.nodes[1] = { id: 'app', type: 'appServer', cores: 0, bogus: 1 };
    const paths = errors(s).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'nodes[1].cores',
        'nodes[1].bogus',
        'nodes[2].connections',
        'nodes[2].shards',
        'nodes[3].instances',
      ]),
    );
  });

  it('warns about replica-only fields on a primary', () => {
    const { warnings } = ok(
      minimal([{ id: 'db', type: 'database', replicationDelay: '5ms' }], [{ from: 'app', to: 'db' }]),
    );
    expect(warnings).toContain(
      'nodes[2].replicationDelay: only a replica uses it; it has no effect on a primary',
    );
  });
});
