/** Shared fixtures for the scenario tests. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parseScenario } from '../../src/scenario/parse';
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
