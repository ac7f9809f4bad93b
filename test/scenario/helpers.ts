/** Shared fixtures for the scenario tests. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Result } from '../../src/scenario/resultTypes';
import type { ParseOptions, Problem, Scenario } from '../../src/scenario/types';

/** DESIGN §3's example, copied verbatim. */
export function designExample(): Record<string, unknown> & {
  nodes: Record<string, unknown>[];
  edges: unknown[];
  events: unknown[];
} {
  return JSON.parse(readFileSync(new URL('./fixtures/design-example.json', import.meta.url), 'utf8'));
}

/** The smallest valid scenario: one client calling one app server. */
export function minimal(extraNodes: unknown[] = [], extraEdges: unknown[] = []) {
  return {
    format: 'scalelab/scenario@1',
    name: 'minimal',
    nodes: [{ id: 'users', type: 'client' }, { id: 'app', type: 'appServer' }, ...extraNodes],
    edges: [{ from: 'users', to: 'app' }, ...extraEdges],
  } as Record<string, unknown> & { nodes: unknown[]; edges: unknown[]; events?: unknown[] };
}

export function ok(input: unknown, options?: ParseOptions): { scenario: Scenario; warnings: string[] } {
  const r = parseScenario(input, options);
  if (!r.ok) throw new Error(`expected a valid scenario, got:\n${r.errors.map((e) => e.message).join('\n')}`);
  return r;
}

export function errors(input: unknown, options?: ParseOptions): Problem[] {
  const r = parseScenario(input, options);
  if (r.ok) throw new Error('expected the scenario to be refused');
  return r.errors;
}

/** Asserts that some problem has exactly this message (and the path it starts with). */
export function expectProblem(input: unknown, message: string, options?: ParseOptions): void {
  const list = errors(input, options);
  expect(list.map((p) => p.message)).toContain(message);
  const p = list.find((x) => x.message === message) as Problem;
  if (p.path) expect(message.startsWith(`${p.path}: `)).toBe(true);
}

/**
 * 200 req/s constant through an app server (1 ms) to a database (2 ms) that fails at 20 s and
 * recovers at 40 s, for 60 s: a request takes 3 ms, and every request fails at once while the
 * database is down. `extra` adds fields (alerts, slo, warmup).
 */
export function failAndRecover(extra: Record<string, unknown> = {}) {
  return {
    format: 'scalelab/scenario@1',
    name: 'failure and recovery',
    duration: '60s',
    nodes: [
      { id: 'users', type: 'client', arrivals: 'constant', rate: [{ at: 0, rps: 200 }] },
      {
        id: 'app',
        type: 'appServer',
        cores: 16,
        concurrency: 500,
        service: { read: { dist: 'const', value: '1ms' }, write: { dist: 'const', value: '1ms' } },
      },
      {
        id: 'db',
        type: 'database',
        connections: 16,
        service: { read: { dist: 'const', value: '2ms' }, write: { dist: 'const', value: '2ms' } },
      },
    ],
    edges: [
      { from: 'users', to: 'app' },
      { from: 'app', to: 'db' },
    ],
    events: [
      { at: '20s', do: 'fail', node: 'db' },
      { at: '40s', do: 'recover', node: 'db' },
    ],
    ...extra,
  };
}

/** Parses (it must be valid), runs to the end and returns result@1. */
export function runToResult(input: unknown): Result {
  const sim = buildSimulation(ok(input).scenario);
  sim.runToEnd();
  return sim.result();
}
