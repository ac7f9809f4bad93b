import { describe, expect, it } from 'vitest';
import { nextNodeId, setPath, shownGraph } from '../../src/store/graph';
import { emptyScenario, type RawScenario } from '../../src/store/model';
import { trafficEdits } from '../../src/store/traffic';

function scenario(): RawScenario {
  return {
    ...emptyScenario(),
    nodes: [
      {
        id: 'users',
        type: 'client',
        rate: [
          { at: '0s', rps: 100 },
          { at: '10s', rps: 300, ramp: '10s' },
        ],
      },
      { id: 'app', type: 'appServer' },
      { id: 'db', type: 'database' },
    ],
    edges: [
      { from: 'users', to: 'app' },
      { from: 'app', to: 'db' },
    ],
  };
}

describe('shownGraph', () => {
  it('applies recorded events in time order', () => {
    const s = scenario();
    s.events = [
      { at: '20s', do: 'remove-node', node: 'db' },
      { at: 5000, do: 'add-node', node: { id: 'cache', type: 'cache' } },
      { at: '6s', do: 'add-edge', edge: { from: 'app', to: 'cache' } },
      { at: '7s', do: 'set', node: 'app', path: 'autoscale.max', value: 4 },
    ];
    const g = shownGraph(s);
    expect(g.nodes.map((n) => n.node.id)).toEqual(['users', 'app', 'cache']);
    expect(g.nodes[2]).toMatchObject({ ref: { where: 'event', index: 1 }, joinsAtMs: 5000 });
    expect(g.edges).toEqual([
      { from: 'users', to: 'app' },
      { from: 'app', to: 'cache' },
    ]);
    expect(g.nodes[1].node.autoscale).toEqual({ max: 4 });
    expect(s.nodes[1].autoscale).toBeUndefined(); // the scenario itself is untouched
  });

  it('names new nodes uniquely per kind, counting nodes added by events', () => {
    const s = scenario();
    expect(nextNodeId(s, 'appServer')).toBe('app-2');
    expect(nextNodeId(s, 'cache')).toBe('cache');
    s.events = [{ at: 0, do: 'add-node', node: { id: 'app-2', type: 'appServer' } }];
    expect(nextNodeId(s, 'appServer')).toBe('app-3');
  });

  it('setPath creates and prunes nested objects', () => {
    const n: Record<string, unknown> = {};
    setPath(n, 'autoscale.max', 3);
    expect(n).toEqual({ autoscale: { max: 3 } });
    setPath(n, 'autoscale.max', undefined);
    expect(n).toEqual({});
  });
});

describe('traffic', () => {
  it('makes one set-trafficScale edit per client', () => {
    expect(trafficEdits(scenario(), 2, 15000)).toEqual([
      { do: 'set', node: 'users', path: 'trafficScale', value: 2 },
    ]);
  });
});
