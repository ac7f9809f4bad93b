/**
 * A seeded fuzzer over the presets: each case mutates a preset a few times (hostile numbers,
 * durations, ids, odd keys), then checks the contract every accepted scenario must keep:
 *   - parseScenario never throws;
 *   - an accepted scenario builds and runs a short stretch without throwing, within a time bound
 *     (the work budget and the caps keep it short) and a memory bound;
 *   - the request balance holds and no number in the result is non-finite.
 * test/fuzz/fuzz.test.ts runs a few hundred cases; `npm run fuzz` runs many more (test/fuzz/run.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStream, type RandomStream } from '../../src/engine/random';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';

const PRESETS_DIR = join(import.meta.dirname, '..', '..', 'presets');

export const PRESETS: readonly { name: string; value: unknown }[] = readdirSync(PRESETS_DIR)
  .filter((f) => f.endsWith('.json') && f !== 'index.json')
  .sort()
  .map((f) => ({ name: f, value: JSON.parse(readFileSync(join(PRESETS_DIR, f), 'utf8')) }));

/** Values a mutation writes: the usual suspects of hostile input. */
const VALUES: readonly unknown[] = [
  0,
  -1,
  1,
  2,
  1e-300,
  1e-9,
  0.5,
  1e7,
  1e9,
  1e300,
  -0,
  3.7,
  10_000_000,
  4294967296,
  '5ms',
  '1e-300ms',
  '0s',
  '-5s',
  '30d',
  '999999d',
  '1h',
  'db',
  'app',
  'users',
  'cache',
  '',
  '__proto__',
  'constructor',
  '\u001b[31m',
  null,
  true,
  false,
  [],
  {},
  [0, 0],
  { dist: 'const', value: 0 },
  { dist: 'exp', mean: '1us' },
  { dist: 'pareto', mean: 1, alpha: 0.01 },
  { max: 10, backoff: 0 },
  { interval: 1e-300 },
  { min: 1, max: 1000, interval: '1s' },
  [{ at: 0, rps: 1e7 }],
  [
    { at: 0, rps: 0 },
    { at: 1, rps: 1e7, ramp: 1e-9 },
  ],
];

/** Keys an "add" mutation may write: real field names as well as hostile ones. */
const KEYS = [
  'rate',
  'timeout',
  'retry',
  'service',
  'instances',
  'capacity',
  'interval',
  'events',
  'path',
  'value',
  '__proto__',
  'constructor',
  'hitRatio',
  'backlog',
  'concurrency',
  'ttl',
  'every',
];

type Json = unknown;

const pick = <T>(r: RandomStream, list: readonly T[]): T => list[Math.floor(r.next() * list.length)];

/** Copy of `root` with one random place set, deleted, or given a new key (copy-on-write). */
function mutate(root: Json, r: RandomStream): Json {
  const action = pick(r, ['set', 'delete', 'add', 'dup'] as const);
  const depth = 1 + Math.floor(r.next() * 6);
  const value = pick(r, VALUES);
  const go = (x: Json, d: number): Json => {
    if (typeof x !== 'object' || x === null) return value;
    const keys = Array.isArray(x) ? x.map((_, i) => i) : Object.keys(x);
    if (d >= depth || keys.length === 0) {
      if (action === 'add') {
        if (Array.isArray(x)) return [...x, value];
        const copy = { ...(x as Record<string, Json>) };
        Object.defineProperty(copy, pick(r, KEYS), {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        return copy;
      }
      return action === 'dup' && Array.isArray(x) && x.length > 0 ? [...x, x[x.length - 1]] : value;
    }
    const key = keys[Math.floor(r.next() * keys.length)];
    const copy = (Array.isArray(x) ? [...x] : { ...x }) as Record<string | number, Json>;
    if (action === 'delete' && d === depth - 1) {
      if (Array.isArray(copy)) (copy as Json[]).splice(key as number, 1);
      else delete copy[key];
      return copy;
    }
    copy[key] = go((x as Record<string | number, Json>)[key], d + 1);
    return copy;
  };
  return go(root, 0);
}

/** The first non-finite number in a JSON-like value, as a path, or undefined. */
export function nonFinite(x: unknown, path = ''): string | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? undefined : path || '(root)';
  if (typeof x !== 'object' || x === null) return undefined;
  for (const [k, v] of Object.entries(x)) {
    const p = nonFinite(v, `${path}.${k}`);
    if (p) return p;
  }
  return undefined;
}

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** Simulated ms each accepted case runs (at most its own duration). */
  runMs: number;
  /** Calls held at once that stop a case (the work budget, small so cases stay short). */
  maxHeldCalls: number;
  /** Wall-time bound per case, ms. */
  caseMs: number;
  /** Heap bound, bytes, checked after each run. */
  heapBytes: number;
}

export interface FuzzReport {
  cases: number;
  accepted: number;
  refused: number;
  ran: number;
  stoppedByBudget: number;
  slowestCaseMs: number;
  maxHeapMB: number;
  failures: string[];
}

/** Runs the fuzzer; never throws (failures are collected with the case that caused them). */
export function fuzz(o: FuzzOptions): FuzzReport {
  const rng = createStream(o.seed, 0, 'fuzz', 'mutations');
  const rep: FuzzReport = {
    cases: 0,
    accepted: 0,
    refused: 0,
    ran: 0,
    stoppedByBudget: 0,
    slowestCaseMs: 0,
    maxHeapMB: 0,
    failures: [],
  };
  for (let i = 0; i < o.cases && rep.failures.length < 10; i++) {
    const preset = pick(rng, PRESETS);
    let s: Json = preset.value;
    const n = 1 + Math.floor(rng.next() * 4);
    for (let k = 0; k < n; k++) s = mutate(s, rng);
    rep.cases++;
    const where = `case ${i} (${preset.name})`;
    const start = performance.now();
    let parsed: ReturnType<typeof parseScenario>;
    try {
      parsed = parseScenario(s);
    } catch (e) {
      rep.failures.push(`${where}: parseScenario threw ${(e as Error).message}`);
      continue;
    }
    if (!parsed.ok) {
      rep.refused++;
      if (parsed.errors.some((p) => !p.message || p.message.includes('[object Object]')))
        rep.failures.push(`${where}: a garbled problem: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
      continue;
    }
    rep.accepted++;
    try {
      const sim = buildSimulation(parsed.scenario, {
        durationMs: Math.min(parsed.scenario.duration, o.runMs),
        maxHeldCalls: o.maxHeldCalls,
      });
      sim.runToEnd();
      const r = sim.result();
      rep.ran++;
      if (r.stopped) rep.stoppedByBudget++;
      const q = r.requests;
      if (
        q.arrived + q.retries !== q.completed + q.failed + q.timedOut + q.rejected + q.inFlight ||
        q.inFlight < 0
      )
        rep.failures.push(`${where}: the balance does not hold: ${JSON.stringify(q)}`);
      const bad = nonFinite(r);
      if (bad) rep.failures.push(`${where}: non-finite number at ${bad}`);
    } catch (e) {
      rep.failures.push(
        `${where}: the run threw ${(e as Error).stack ?? e}\n${JSON.stringify(s).slice(0, 2000)}`,
      );
    }
    const ms = performance.now() - start;
    rep.slowestCaseMs = Math.max(rep.slowestCaseMs, ms);
    if (ms > o.caseMs)
      rep.failures.push(`${where}: took ${Math.round(ms)} ms\n${JSON.stringify(s).slice(0, 2000)}`);
    const heap = process.memoryUsage().heapUsed;
    rep.maxHeapMB = Math.max(rep.maxHeapMB, Math.round(heap / 2 ** 20));
    if (heap > o.heapBytes) rep.failures.push(`${where}: heap at ${Math.round(heap / 2 ** 20)} MB`);
  }
  return rep;
}
