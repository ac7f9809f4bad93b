import { describe, expect, it } from 'vitest';
import type { NodeType } from '../../src/scenario/types';
import { canConnect, findCycles } from '../../src/scenario/wiring';
import { errors, expectProblem, minimal, ok } from './helpers';

const n = (id: string, type: NodeType, extra: object = {}) => ({ id, type, ...extra });

describe('canConnect', () => {
  it('accepts the allowed kinds', () => {
    const pairs: Array<[NodeType, NodeType]> = [
      ['client', 'cdn'],
      ['client', 'rateLimiter'],
      ['client', 'loadBalancer'],
      ['client', 'appServer'],
      ['cdn', 'loadBalancer'],
      ['rateLimiter', 'appServer'],
      ['loadBalancer', 'appServer'],
      ['loadBalancer', 'rateLimiter'],
      ['appServer', 'cache'],
      ['appServer', 'database'],
      ['appServer', 'queue'],
      ['appServer', 'loadBalancer'],
      ['appServer', 'appServer'],
      ['queue', 'worker'],
      ['worker', 'database'],
      ['worker', 'cache'],
      ['worker', 'appServer'],
      ['worker', 'loadBalancer'],
    ];
    for (const [a, b] of pairs) expect(canConnect(n('a', a), n('b', b))).toEqual({ ok: true });
  });

  it('refuses with a sentence naming both nodes', () => {
    expect(canConnect(n('users', 'client'), n('votes-worker', 'worker'))).toEqual({
      ok: false,
      reason:
        'client "users" cannot send work to worker "votes-worker": workers take jobs from a queue (connect client → app server → queue → worker)',
    });
    const r = canConnect(n('c', 'cache'), n('db', 'database'));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.reason).toBe(
        'cache "c" cannot send work to database "db": a cache only answers gets and sets; on a miss the app server reads the database itself',
      );
    expect(canConnect(n('a', 'appServer'), n('a', 'appServer'))).toEqual({
      ok: false,
      reason: 'app server "a" cannot send work to itself',
    });
  });

  it('allows primary → replica only to the replica of that primary', () => {
    const primary = n('db', 'database', { role: 'primary' });
    expect(canConnect(primary, n('r1', 'database', { role: 'replica', primary: 'db' }))).toEqual({
      ok: true,
    });
    expect(canConnect(primary, n('r2', 'database', { role: 'replica', primary: 'other' })).ok).toBe(false);
    expect(canConnect(n('r1', 'database', { role: 'replica', primary: 'db' }), primary).ok).toBe(false);
    expect(canConnect(primary, n('db2', 'database')).ok).toBe(false);
  });

  it('refuses every kind sending to a client', () => {
    for (const t of [
      'client',
      'cdn',
      'loadBalancer',
      'rateLimiter',
      'appServer',
      'cache',
      'database',
      'queue',
      'worker',
    ] as const)
      expect(canConnect(n('x', t), n('users', 'client')).ok).toBe(false);
  });
});

describe('graph checks', () => {
  it('refuses edges to unknown nodes, self loops and duplicates', () => {
    expectProblem(minimal([], [{ from: 'app', to: 'dbb' }]), 'edges[1].to: no node has the id "dbb"');
    expectProblem(
      minimal(
        [n('db', 'database')],
        [
          { from: 'app', to: 'dbb' },
          { from: 'app', to: 'db' },
        ],
      ),
      'edges[1].to: no node has the id "dbb"; did you mean "db"?',
    );
    expectProblem(
      minimal([], [{ from: 'app', to: 'app' }]),
      'edges[1]: app server "app" cannot send work to itself',
    );
    expectProblem(
      minimal([], [{ from: 'users', to: 'app', latency: '1ms' }]),
      'edges[1]: duplicates edges[0] (users → app)',
    );
  });

  it('refuses a disallowed edge with the reason', () => {
    expectProblem(
      minimal(
        [n('q', 'queue'), n('votes-worker', 'worker')],
        [
          { from: 'app', to: 'q' },
          { from: 'q', to: 'votes-worker' },
          { from: 'users', to: 'votes-worker' },
        ],
      ),
      'edges[3]: client "users" cannot send work to worker "votes-worker": workers take jobs from a queue (connect client → app server → queue → worker)',
    );
  });

  it('refuses duplicate ids', () => {
    expectProblem(minimal([n('app', 'cache')]), 'nodes[2].id: "app" is already the id of nodes[1]');
  });

  it('refuses a replica whose primary is not a primary database', () => {
    expectProblem(
      minimal([n('r1', 'database', { role: 'replica', primary: 'app' })], [{ from: 'app', to: 'r1' }]),
      'nodes[2].primary: replica "r1" names "app" as its primary, but "app" is an app server',
    );
    expectProblem(
      minimal(
        [
          n('db', 'database'),
          n('r1', 'database', { role: 'replica', primary: 'db' }),
          n('r2', 'database', { role: 'replica', primary: 'r1' }),
        ],
        [{ from: 'app', to: 'db' }],
      ),
      'nodes[4].primary: replica "r2" names "r1" as its primary, but "r1" is itself a replica',
    );
    expectProblem(
      minimal([n('r1', 'database', { role: 'replica', primary: 'dbx' })], [{ from: 'app', to: 'r1' }]),
      'nodes[2].primary: replica "r1" names "dbx" as its primary, but no node has that id',
    );
  });

  it('accepts a primary with replicas, the replication edge drawn', () => {
    const { scenario, warnings } = ok(
      minimal(
        [n('db', 'database'), n('r1', 'database', { role: 'replica', primary: 'db' })],
        [
          { from: 'app', to: 'db' },
          { from: 'app', to: 'r1' },
          { from: 'db', to: 'r1' },
        ],
      ),
    );
    expect(scenario.nodes[3]).toMatchObject({ role: 'replica', primary: 'db' });
    expect(warnings).toEqual([]);
  });

  it('finds cycles and lists their nodes in order', () => {
    expectProblem(
      minimal(
        [n('lb', 'loadBalancer'), n('b', 'appServer')],
        [
          { from: 'app', to: 'lb' },
          { from: 'lb', to: 'b' },
          { from: 'b', to: 'app' },
        ],
      ),
      'edges[3]: the calls form a cycle: app → lb → b → app; a request would go round it forever',
    );
    expect(findCycles(['a', 'b'], [{ from: 'a', to: 'b', latency: 0 }])).toEqual([]);
  });

  it('refuses a client sending nowhere, a load balancer, rate limiter or CDN without targets, two caches', () => {
    expectProblem(
      { ...minimal(), edges: [] },
      'nodes[0]: client "users" sends to nothing; connect it to a CDN, rate limiter, load balancer or app server',
    );
    expectProblem(
      minimal([n('lb', 'loadBalancer')]),
      'nodes[2]: load balancer "lb" has no targets; connect it to app servers',
    );
    expectProblem(
      minimal([n('rl', 'rateLimiter', { rate: 5 })]),
      'nodes[2]: rate limiter "rl" passes requests to nothing; connect it to a load balancer or app server',
    );
    expectProblem(
      minimal(
        [n('c1', 'cache'), n('c2', 'cache')],
        [
          { from: 'app', to: 'c1' },
          { from: 'app', to: 'c2' },
        ],
      ),
      'nodes[1]: app server "app" is wired to 2 caches ("c1", "c2"); an app server uses one cache',
    );
  });

  it('warns about a queue without workers or producers, and idle workers', () => {
    const { warnings } = ok(minimal([n('q', 'queue'), n('w', 'worker')]));
    expect(warnings).toEqual([
      'nodes[2]: queue "q" has no worker; its jobs will pile up until it is full',
      'nodes[2]: queue "q" is fed by nothing; connect an app server to it',
      'nodes[3]: worker "w" takes jobs from no queue; it will sit idle',
    ]);
  });

  it('checks the rest of the wiring only once the shape is valid, but names a dangling edge with the shape problems', () => {
    const list = errors(minimal([n('c', 'cache', { capacity: -1 })], [{ from: 'users', to: 'nowhere' }]));
    const edge = list.find((p) => p.path.startsWith('edges'));
    expect(list.map((p) => p.path)).toEqual(['nodes[2].capacity', edge?.path]);
    expect(edge?.message).toMatch(/no node has the id "nowhere"/);
  });
});
