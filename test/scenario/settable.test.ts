/**
 * The settable-path table (src/scenario/params.ts) is the one list of what a `set` may change:
 * every path it lists is accepted by the gate AND applied by a running simulation without
 * throwing; what it does not list is refused with a sentence.
 */
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/scenario/build';
import { SETTABLE_PARAMS } from '../../src/scenario/params';
import { parseScenario } from '../../src/scenario/parse';
import type { ScenarioNode } from '../../src/scenario/types';

const nodes = [
  { id: 'u', type: 'client', rate: 50, retry: { max: 1 } },
  { id: 'edge', type: 'cdn' },
  { id: 'rl', type: 'rateLimiter', rate: 500 },
  { id: 'lb', type: 'loadBalancer' },
  { id: 'app', type: 'appServer', timeout: '1s', pool: 5, autoscale: { min: 1, max: 3 } },
  { id: 'plain', type: 'appServer' },
  { id: 'c', type: 'cache', ttl: '30s' },
  { id: 'db', type: 'database' },
  { id: 'r1', type: 'database', role: 'replica', primary: 'db' },
  { id: 'q', type: 'queue', maxReceives: 3 },
  { id: 'w', type: 'worker' },
];
const edges = [
  ['u', 'edge'],
  ['edge', 'rl'],
  ['rl', 'lb'],
  ['lb', 'app'],
  ['lb', 'plain'],
  ['app', 'c'],
  ['app', 'db'],
  ['app', 'r1'],
  ['app', 'q'],
  ['q', 'w'],
  ['w', 'db'],
].map(([from, to]) => ({ from, to }));
const base = { format: 'scalelab/scenario@1', name: 'every path', duration: '3s', nodes, edges };

/** Values for paths whose field the test nodes leave unset. */
const SAMPLES: Record<string, unknown> = {
  label: 'renamed',
  pos: [10, 20],
  timeout: 500,
  hitRatio: 0.5,
  ttl: 1000,
  maxReceives: 2,
  retry: { max: 2 },
  circuitBreaker: { errorRate: 0.3 },
  pool: 3,
  'retry.max': 1,
  'retry.backoff': 50,
  'retry.multiplier': 3,
  'retry.jitter': false,
  'circuitBreaker.errorRate': 0.4,
  'circuitBreaker.window': 2000,
  'circuitBreaker.minRequests': 5,
  'circuitBreaker.coolDown': 1000,
};

/** A valid value for `path` on `node`: its current normalized value, else a sample. */
function valueFor(node: ScenarioNode, path: string): unknown {
  const [a, b] = path.split('.');
  const n = node as unknown as Record<string, Record<string, unknown> | unknown>;
  const own = b ? (n[a] as Record<string, unknown> | undefined)?.[b] : n[a];
  return own ?? SAMPLES[path];
}

describe('the settable-path table', () => {
  const parsed = parseScenario(base);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  const cases: Array<[string, string, unknown]> = [];
  for (const n of parsed.scenario.nodes) {
    for (const path of Object.keys(SETTABLE_PARAMS[n.type])) {
      if (n.id === 'plain' && path.startsWith('autoscale')) continue; // refused: see below
      cases.push([n.id, path, valueFor(n, path)]);
    }
  }

  it('lists well over a hundred (node, path) pairs, each with a value', () => {
    expect(cases.length).toBeGreaterThan(110);
    for (const [, path, value] of cases) expect(value, path).not.toBeUndefined();
  });

  it('every listed path is accepted and applied live without throwing', () => {
    const failures: string[] = [];
    for (const [node, path, value] of cases) {
      const s = { ...base, events: [{ at: '1s', do: 'set', node, path, value }] };
      const r = parseScenario(JSON.parse(JSON.stringify(s)));
      if (!r.ok) {
        failures.push(`${node}.${path}: refused: ${r.errors[0].message}`);
        continue;
      }
      try {
        const sim = buildSimulation(r.scenario);
        sim.runToEnd();
        const q = sim.result().requests;
        expect(q.arrived + q.retries).toBe(q.completed + q.failed + q.timedOut + q.rejected + q.inFlight);
      } catch (e) {
        failures.push(`${node}.${path}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('the same paths apply as live edits from the app', () => {
    const r = parseScenario(base);
    if (!r.ok) throw new Error('base');
    const sim = buildSimulation(r.scenario);
    sim.advance(500);
    const failures: string[] = [];
    for (const [node, path, value] of cases) {
      if (typeof value === 'object') continue; // LiveEdit values are scalars
      try {
        sim.applyEdit({ do: 'set', node, path, value: value as number | string | boolean });
      } catch (e) {
        failures.push(`${node}.${path}: ${(e as Error).message}`);
      }
    }
    sim.runToEnd();
    expect(failures).toEqual([]);
  });

  it('service times really change live', () => {
    const slow = (at: string) => ({
      ...base,
      nodes: [
        { id: 'u', type: 'client', rate: 20, arrivals: 'constant' },
        { id: 'app', type: 'appServer', service: { dist: 'const', value: 1 } },
      ],
      edges: [{ from: 'u', to: 'app' }],
      warmup: '2s',
      events: [{ at, do: 'set', node: 'app', path: 'service.read', value: { dist: 'const', value: 100 } }],
    });
    const run = (at: string) => {
      const r = parseScenario(slow(at));
      if (!r.ok) throw new Error(r.errors[0].message);
      const sim = buildSimulation(r.scenario);
      sim.runToEnd();
      return sim.result().latencyMs.mean;
    };
    expect(run('10s')).toBeCloseTo(1, 1); // the change never happens: 1 ms
    expect(run('1s')).toBeCloseTo(100, 0); // measured after the change: 100 ms
  });

  it('refuses what a run cannot change, with a sentence', () => {
    const refused = (node: string, path: string, value: unknown) => {
      const r = parseScenario({ ...base, events: [{ at: '1s', do: 'set', node, path, value }] });
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.errors.map((e) => e.message).join('\n');
    };
    expect(refused('u', 'mix', [{ name: 'x', op: 'read' }])).toMatch(/request mix is fixed for a run/);
    expect(refused('plain', 'autoscale.bootTime', '1s')).toMatch(/does not autoscale/);
    expect(refused('db', 'role', 'replica')).toMatch(/keeps its role/);
    const proto = refused('app', '__proto__', 1);
    expect(proto).toMatch(/"__proto__" is not a parameter of app server "app"/);
    expect(proto).not.toMatch(/object Object/);
    expect(refused('app', 'constructor', 1)).toMatch(/is not a parameter/);
  });
});
