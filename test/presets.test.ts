/**
 * The presets gallery (presets/*.json, ordered by presets/index.json): every file is a valid
 * scenario@1 with a name, summary and notice; the index lists each preset exactly once; every preset
 * runs to its end with the request balance exact; and a rounded summary of each run is kept as a
 * snapshot, so a change in behaviour shows up in review as a changed number next to the preset whose
 * notice quotes it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../src/scenario/build';
import { parseScenario } from '../src/scenario/parse';
import type { Result } from '../src/scenario/resultTypes';
import type { Scenario } from '../src/scenario/types';

const DIR = fileURLToPath(new URL('../presets/', import.meta.url));
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && f !== 'index.json')
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8'));
}

function parsed(name: string): Scenario {
  const r = parseScenario(readJson(name));
  if (!r.ok) throw new Error(`${name}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.scenario;
}

/** Two significant digits: p50/p99 in the snapshot move only when behaviour does. */
const sig2 = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(2)));

/** The reviewed figures of a run, rounded (see the file comment). */
function summary(r: Result) {
  const nodes: Record<string, number> = {};
  for (const [id, n] of Object.entries(r.nodes)) nodes[id] = Math.round(n.utilization * 100) / 100;
  return {
    throughputRps: Math.round(r.throughputRps),
    p50Ms: sig2(r.latencyMs.p50),
    p99Ms: sig2(r.latencyMs.p99),
    errorRate: Math.round(r.errorRate * 1000) / 1000,
    utilization: nodes,
  };
}

describe('presets', () => {
  it('has the gallery: at least 12 presets', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(12);
  });

  it.each(FILES)('%s parses as scenario@1 with a name, summary, notice and canvas positions', (name) => {
    const raw = readJson(name) as { format?: unknown };
    expect(raw.format).toBe('scalelab/scenario@1');
    const r = parseScenario(raw);
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(r.ok && r.warnings).toEqual([]);
    const s = parsed(name);
    expect(s.name.length).toBeGreaterThan(0);
    expect(s.summary?.trim().length ?? 0).toBeGreaterThan(0);
    expect(s.notice?.trim().length ?? 0).toBeGreaterThan(0);
    expect(s.warmup).toBeGreaterThan(0);
    for (const n of s.nodes) expect(n.pos, `${name}: ${n.id}.pos`).toBeDefined();
  });

  it('index.json lists every preset exactly once, in tracks with a title and description', () => {
    const index = readJson('index') as {
      tracks: { id: string; title: string; description: string; presets: string[] }[];
    };
    const listed = index.tracks.flatMap((t) => t.presets);
    for (const t of index.tracks) {
      expect(t.id.length * t.title.length * t.description.length, t.id).toBeGreaterThan(0);
      expect(t.presets.length, t.id).toBeGreaterThan(0);
    }
    expect(new Set(index.tracks.map((t) => t.id)).size).toBe(index.tracks.length);
    expect(listed.length).toBe(new Set(listed).size);
    expect([...listed].sort()).toEqual(FILES);
  });

  // Each run takes 0.3–3 s of wall time on a busy 2-core machine; the timeout leaves room for a slower one.
  it.each(FILES)('%s runs to its end with an exact request balance', { timeout: 60_000 }, (name) => {
    const sim = buildSimulation(parsed(name));
    sim.runToEnd();
    expect(sim.finished).toBe(true);
    const r = sim.result();
    const q = r.requests;
    expect(q.arrived).toBeGreaterThan(0);
    // Counts, not estimates: the balance is exact.
    expect(q.arrived + q.retries).toBe(q.completed + q.failed + q.timedOut + q.rejected + q.inFlight);
    expect(summary(r)).toMatchSnapshot();
  });
});
