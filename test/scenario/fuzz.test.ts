/** Property tests: the gate never throws, and never lets a bad number or a dangling edge through. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText } from '../../src/scenario/parse';
import { designExample } from './helpers';

const SEED = 20240501;

/** A valid scenario with every kind, so mutations reach every schema. */
function everyKind() {
  const s = designExample();
  s.nodes.push(
    { id: 'edge', type: 'cdn' },
    { id: 'rl', type: 'rateLimiter', rate: 500 },
    { id: 'lb', type: 'loadBalancer', policy: 'p2c' },
    { id: 'c', type: 'cache', ttl: '30s' },
    { id: 'r1', type: 'database', role: 'replica', primary: 'db' },
    { id: 'q', type: 'queue' },
    { id: 'w', type: 'worker' },
    { id: 'u2', type: 'client', rate: 10 },
  );
  s.edges.push(
    { from: 'u2', to: 'edge' },
    { from: 'edge', to: 'rl' },
    { from: 'rl', to: 'lb' },
    { from: 'lb', to: 'app' },
    { from: 'app', to: 'c' },
    { from: 'app', to: 'r1' },
    { from: 'app', to: 'q' },
    { from: 'q', to: 'w' },
    { from: 'w', to: 'db' },
  );
  s.events.push(
    { at: '1m', do: 'set', node: 'app', path: 'instances', value: 4 },
    { at: '2m', do: 'add-node', node: { id: 'c2', type: 'cache' } },
  );
  return s;
}

type Json = unknown;

/** Sets, deletes or adds something at a random place of a JSON tree (copy-on-write). */
function mutate(root: Json, path: number[], action: 'set' | 'delete' | 'add', value: Json): Json {
  const go = (x: Json, depth: number): Json => {
    if (typeof x !== 'object' || x === null) return depth === 0 ? value : x;
    const keys = Array.isArray(x) ? x.map((_, i) => i) : Object.keys(x);
    if (depth >= path.length || keys.length === 0) {
      if (action === 'add') return Array.isArray(x) ? [...x, value] : { ...x, extraField: value };
      return value;
    }
    const key = keys[path[depth] % keys.length];
    const copy = (Array.isArray(x) ? [...x] : { ...x }) as Record<string | number, Json>;
    if (action === 'delete' && depth === path.length - 1) {
      if (Array.isArray(copy)) (copy as Json[]).splice(key as number, 1);
      else delete copy[key];
      return copy;
    }
    copy[key] = go((x as Record<string | number, Json>)[key], depth + 1);
    return copy;
  };
  return go(root, 0);
}

describe('parseScenario never throws', () => {
  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (x) => {
        const r = parseScenario(x);
        expect(r.ok).toBe(false);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('on arbitrary JS values and text', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withMap: true, withTypedArray: true }),
        fc.string(),
        (x, t) => {
          parseScenario(x);
          parseScenario({
            format: 'scalelab/scenario@1',
            name: 'x',
            nodes: [x],
            edges: [x],
            events: [x],
            ui: x,
          });
          parseScenarioText(t);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('on mutated valid scenarios; whatever it accepts is plain JSON data', () => {
    const base = everyKind();
    expect(parseScenario(base).ok).toBe(true);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            path: fc.array(fc.nat(40), { maxLength: 6 }),
            action: fc.constantFrom('set' as const, 'delete' as const, 'add' as const),
            value: fc.oneof(
              fc.jsonValue({ maxDepth: 2 }),
              fc.constantFrom(
                Number.NaN,
                Number.POSITIVE_INFINITY,
                -1,
                0,
                1e300,
                '5ms',
                '-5s',
                'db',
                'app',
                null,
              ),
            ),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (mutations) => {
          let s: Json = base;
          for (const m of mutations) s = mutate(s, m.path, m.action, m.value);
          const r = parseScenario(s);
          if (r.ok) expect(JSON.parse(JSON.stringify(r.scenario))).toStrictEqual(r.scenario);
          else for (const p of r.errors) expect(p.message.length).toBeGreaterThan(0);
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });
});

/** Count-like fields of everyKind()'s nodes (by index), each a whole number in a range. */
const COUNT_FIELDS: Array<[number, string]> = [
  [1, 'instances'],
  [1, 'cores'],
  [1, 'concurrency'],
  [1, 'backlog'],
  [2, 'connections'],
  [2, 'shards'],
  [2, 'backlog'],
  [3, 'capacity'],
  [5, 'cores'],
  [5, 'backlog'],
  [6, 'capacity'],
  [6, 'cores'],
  [7, 'connections'],
  [8, 'capacity'],
  [9, 'instances'],
  [9, 'concurrency'],
];

describe('parseScenario never accepts bad numbers or dangling edges', () => {
  it('refuses NaN, ±Infinity, negative and fractional counts, at their path', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COUNT_FIELDS),
        fc.oneof(
          fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
          fc.integer({ min: -1e9, max: -1 }),
          fc.double({ min: 0.01, max: 1000, noNaN: true }).filter((d) => !Number.isInteger(d)),
          fc.string({ maxLength: 5 }),
        ),
        ([index, field], bad) => {
          const s = everyKind();
          s.nodes[index] = { ...s.nodes[index], [field]: bad };
          const r = parseScenario(s);
          expect(r.ok).toBe(false);
          if (r.ok) return;
          const p = r.errors.find((x) => x.path === `nodes[${index}].${field}`);
          expect(p?.message).toMatch(/: must be a whole number from \d+ to \d+, got /);
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('refuses edges naming nodes that do not exist', () => {
    const ids = new Set(everyKind().nodes.map((n) => n.id as string));
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,10}$/).filter((id) => !ids.has(id)),
        fc.constantFrom(...ids),
        fc.boolean(),
        (ghost, real, ghostIsTarget) => {
          const s = everyKind();
          s.edges.push(ghostIsTarget ? { from: real, to: ghost } : { from: ghost, to: real });
          const r = parseScenario(s);
          expect(r.ok).toBe(false);
          if (!r.ok)
            expect(r.errors.map((p) => p.path)).toContain(
              `edges[${s.edges.length - 1}].${ghostIsTarget ? 'to' : 'from'}`,
            );
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
