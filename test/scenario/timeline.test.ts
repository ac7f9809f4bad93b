import { describe, expect, it } from 'vitest';
import { parseLiveEvent } from '../../src/scenario/parse';
import { errors, expectProblem, minimal, ok } from './helpers';

const withEvents = (events: unknown[], extraNodes: unknown[] = [], extraEdges: unknown[] = []) => ({
  ...minimal(extraNodes, extraEdges),
  duration: '10m',
  events,
});

describe('events', () => {
  it('are sorted stably by time', () => {
    const { scenario } = ok(
      withEvents([
        { at: '2m', do: 'fail', node: 'app' },
        { at: '1m', do: 'slow', node: 'app', factor: 3 },
        { at: '2m', do: 'recover', node: 'app' },
        { at: 0, do: 'set', node: 'users', path: 'rate', value: 50 },
      ]),
    );
    expect(scenario.events).toEqual([
      { at: 0, do: 'set', node: 'users', path: 'rate', value: [{ at: 0, rps: 50, ramp: 0 }] },
      { at: 60_000, do: 'slow', node: 'app', factor: 3 },
      { at: 120_000, do: 'fail', node: 'app' },
      { at: 120_000, do: 'recover', node: 'app' },
    ]);
  });

  it('may name nodes that exist only after an add-node, not before', () => {
    const add = { at: '3m', do: 'add-node', node: { id: 'c', type: 'cache', capacity: 500 } };
    const { scenario } = ok(
      withEvents([
        { at: '4m', do: 'add-edge', edge: { from: 'app', to: 'c' } },
        add,
        { at: '5m', do: 'fail', node: 'c' },
        { at: '6m', do: 'set', node: 'c', path: 'ttl', value: '30s' },
      ]),
    );
    expect(scenario.events.map((e) => e.do)).toEqual(['add-node', 'add-edge', 'fail', 'set']);
    expect(scenario.events[0]).toMatchObject({
      node: { id: 'c', type: 'cache', capacity: 500, coalesce: false },
    });
    expect(scenario.events[3]).toEqual({ at: 360_000, do: 'set', node: 'c', path: 'ttl', value: 30_000 });
    expectProblem(
      withEvents([{ at: '2m', do: 'fail', node: 'c' }, add]),
      'events[0].node: no node "c" exists at 2m (it is added later, at 3m)',
    );
  });

  it('may not name a removed node, and removing a node removes its edges', () => {
    expectProblem(
      withEvents([
        { at: '1m', do: 'remove-node', node: 'app' },
        { at: '2m', do: 'recover', node: 'app' },
      ]),
      'events[1].node: no node "app" exists at 2m (it was removed at 1m)',
    );
    expectProblem(
      withEvents([
        { at: '1m', do: 'remove-node', node: 'app' },
        { at: '2m', do: 'remove-edge', edge: { from: 'users', to: 'app' } },
      ]),
      'events[1].edge.to: no node "app" exists at 2m (it was removed at 1m)',
    );
    expectProblem(
      withEvents([{ at: '1m', do: 'fail', node: 'ap' }]),
      'events[0].node: no node "ap" exists at 1m; did you mean "app"?',
    );
  });

  it('refuses adding an id in use, bad wiring, duplicate or cycle-closing edges', () => {
    expectProblem(
      withEvents([{ at: '1m', do: 'add-node', node: { id: 'app', type: 'cache' } }]),
      'events[0].node.id: a node "app" already exists at 1m',
    );
    expectProblem(
      withEvents([{ at: '1m', do: 'add-edge', edge: { from: 'app', to: 'users' } }]),
      'events[0].edge: app server "app" cannot send work to client "users": clients only send requests; nothing sends work to a client',
    );
    expectProblem(
      withEvents([{ at: '1m', do: 'add-edge', edge: { from: 'users', to: 'app' } }]),
      'events[0].edge: the edge users → app already exists at 1m',
    );
    expectProblem(
      withEvents(
        [{ at: '1m', do: 'add-edge', edge: { from: 'b', to: 'app' } }],
        [{ id: 'b', type: 'appServer' }],
        [{ from: 'app', to: 'b' }],
      ),
      'events[0].edge: b → app would close a cycle (app already leads back to b); a request would go round it forever',
    );
    expectProblem(
      withEvents([{ at: '1m', do: 'remove-edge', edge: { from: 'app', to: 'users' } }]),
      'events[0].edge: there is no edge app → users at 1m',
    );
  });

  it('validates an added node like nodes[]', () => {
    expectProblem(
      withEvents([{ at: '1m', do: 'add-node', node: { id: 'db', type: 'database', connections: -3 } }]),
      'events[0].node.connections: must be a whole number from 1 to 100000, got -3',
    );
    expectProblem(
      withEvents([
        { at: '1m', do: 'add-node', node: { id: 'r', type: 'database', role: 'replica', primary: 'app' } },
      ]),
      'events[0].node.primary: replica "r" names "app" as its primary, but "app" is an app server',
    );
  });

  it('checks set paths against the kind and values like the parameter', () => {
    expectProblem(
      withEvents([{ at: '1m', do: 'set', node: 'app', path: 'cors', value: 8 }]),
      'events[0].path: "cors" is not a parameter of app server "app"; did you mean "cores"?',
    );
    expectProblem(
      withEvents([{ at: '1m', do: 'set', node: 'app', path: 'type', value: 'cache' }]),
      'events[0].path: "type" cannot be changed by an event: a node keeps its type; remove it and add a new node instead',
    );
    expectProblem(
      withEvents([{ at: '1m', do: 'set', node: 'app', path: 'cores', value: 0 }]),
      'events[0].value: must be a whole number from 1 to 256, got 0',
    );
    expectProblem(
      withEvents([{ at: '1m', do: 'set', node: 'app', path: 'autoscale.max', value: 4 }]),
      'events[0].path: "autoscale.max" cannot be changed on app server "app": this app server does not autoscale; give it "autoscale" in the scenario to change it during a run',
    );
    expectProblem(
      withEvents([{ at: '1m', do: 'set', node: 'app', path: 'service.read', value: { dist: 'exp' } }]),
      'events[0].value.mean: is required',
    );
    const { scenario } = ok(
      withEvents([
        { at: '1m', do: 'set', node: 'app', path: 'instances', value: 20 },
        { at: '1m', do: 'set', node: 'app', path: 'service.read', value: '3ms' },
        { at: '1m', do: 'set', node: 'users', path: 'retry.max', value: 2 },
        { at: '1m', do: 'set', node: 'app', path: 'service', value: { dist: 'const', value: '1ms' } },
      ]),
    );
    expect(scenario.events.map((e) => (e.do === 'set' ? e.value : undefined))).toEqual([
      20,
      { dist: 'exp', mean: 3 },
      2,
      {
        read: { dist: 'const', value: 1 },
        write: { dist: 'const', value: 1 },
        static: { dist: 'const', value: 1 },
      },
    ]);
  });

  it('warns about events at or after the end of the run', () => {
    const { warnings } = ok(withEvents([{ at: '11m', do: 'fail', node: 'app' }]));
    expect(warnings).toEqual([
      'events[0].at: 11m is not before the end of the run (10m); the event never happens',
    ]);
  });

  it('refuses unknown event kinds and missing fields', () => {
    const list = errors(
      withEvents([
        { at: '1m', do: 'fial', node: 'app' },
        { at: '1m', do: 'slow', node: 'app' },
      ]),
    );
    expect(list.map((p) => p.message)).toEqual([
      'events[0].do: must be one of "fail", "recover", "remove-node", "slow", "set", "add-node", "add-edge", "remove-edge", got "fial"; did you mean "fail"?',
      'events[1].factor: is required',
    ]);
  });
});

describe('parseLiveEvent', () => {
  const nodes = new Map<string, string>([
    ['users', 'client'],
    ['app', 'appServer'],
  ]);
  it('normalizes a live edit like a file event', () => {
    expect(parseLiveEvent({ at: 5000, do: 'set', node: 'users', path: 'rate', value: 300 }, nodes)).toEqual({
      ok: true,
      event: { at: 5000, do: 'set', node: 'users', path: 'rate', value: [{ at: 0, rps: 300, ramp: 0 }] },
    });
  });
  it('refuses with paths relative to the edit', () => {
    expect(parseLiveEvent({ at: 5000, do: 'fail', node: 'db' }, nodes)).toEqual({
      ok: false,
      errors: [{ path: 'node', message: 'node: no node "db" exists at 5s' }],
    });
    expect(parseLiveEvent({ at: 5000, do: 'slow', node: 'app', factor: 0 }, nodes)).toEqual({
      ok: false,
      errors: [{ path: 'factor', message: 'factor: must be a number > 0 and ≤ 1000, got 0' }],
    });
  });
});
