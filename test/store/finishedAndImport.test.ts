/** Issue 14.4 (a finished run shows its result whatever arrives after) and 14.8 (one import gate). */
import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse';
import type { Result } from '../../src/scenario/resultTypes';
import type { LiveSnapshot } from '../../src/scenario/simulationTypes';
import { importScenario } from '../../src/store/actions';
import { useRunStore } from '../../src/store/runStore';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { stopSession } from '../../src/store/session';
import { useViewStore } from '../../src/store/viewStore';
import { freshSession, twoNodeScenario } from '../ui/helpers';

const frame = () => new Promise((r) => setTimeout(r, 40));

function snapshot(nowMs: number, finished: boolean): LiveSnapshot {
  return {
    nowMs,
    endMs: 60_000,
    finished,
    rps: 37,
    windowMs: 5000,
    errorsPerSec: 0,
    p50Ms: 1,
    p95Ms: 2,
    p99Ms: 97,
    errorRate: 0,
    requests: {} as LiveSnapshot['requests'],
    nodes: {
      app: {
        health: 'saturated',
        utilization: 0.99,
        queue: 40,
        inFlight: 44,
        throughputRps: 37,
        arrivalsRps: 37,
        failures: 0,
        extra: {},
      },
    },
    edges: [],
  };
}

function result(): Result {
  const t = Array.from({ length: 1800 }, (_, i) => (i + 1) * 33);
  return {
    simulatedMs: 60_000,
    warmupMs: 10_000,
    latencyMs: { mean: 5, p50: 4, p90: 8, p95: 9, p99: 12, p999: 20, max: 30 },
    throughputRps: 60,
    errorRate: 0.01,
    nodes: { app: { type: 'appServer', utilization: 0.52, meanQueue: 0.3, completions: 3000 } },
    series: { intervalMs: 33, t, rps: t.map(() => 60), p50Ms: t, p99Ms: t, errors: t, nodes: {} },
  } as unknown as Result;
}

describe('a finished run shows its result (issue 14.4)', () => {
  afterEach(() => stopSession());

  it('a live snapshot arriving after the result overwrites neither the series nor the figures', async () => {
    const { worker, client } = await freshSession();
    const token = client.currentToken;
    worker.emit({ type: 'loaded', token, endMs: 60_000 });
    worker.emit({ type: 'snapshot', snapshot: snapshot(59_000, false) });
    await frame();
    // The driver's order at the end: last snapshot, status, result — the snapshot published after.
    worker.emit({ type: 'snapshot', snapshot: snapshot(60_000, true) });
    worker.emit({ type: 'status', status: 'finished', nowMs: 60_000, endMs: 60_000 });
    worker.emit({ type: 'result', id: null, result: result() });
    await frame();
    const run = useRunStore.getState();
    expect(run.series?.t).toHaveLength(1800);
    // Node cards: the measured window (utilisation 52%, 3000 completions over 50 s = 60/s), not the last interval.
    expect(run.snapshot?.nodes.app).toMatchObject({
      utilization: 0.52,
      throughputRps: 60,
      queue: 0.3,
      health: 'ok',
    });
    expect(run.snapshot?.p99Ms).toBe(12);
  });
});

describe('import: one gate, one behaviour (issue 14.8)', () => {
  afterEach(() => stopSession());

  const broken = {
    format: 'scalelab/scenario@1',
    name: 'broken',
    nodes: [
      { id: 'users', type: 'client', rate: 10 },
      { id: 'bad id!', type: 'appServer' },
      { id: 'q', type: 'teleporter' },
    ],
    edges: [{ from: 'users', to: 'ghost' }],
  };

  it('parseScenario reports the unknown type, the invalid id and the dangling edge together', () => {
    const parsed = parseScenario(broken);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.path).sort()).toEqual(['edges[0].to', 'nodes[1].id', 'nodes[2].type']);
    expect(parsed.errors.find((e) => e.path === 'edges[0].to')?.message).toMatch(
      /no node has the id "ghost"/,
    );
  });

  it('an invalid file lists every problem and keeps the canvas, like an invalid link', async () => {
    await freshSession();
    const before = useScenarioStore.getState().input;
    expect(importScenario(broken, 'broken.json')).toBe(false);
    expect(useScenarioStore.getState().input).toBe(before);
    const view = useViewStore.getState();
    expect(view.linkSource).toBe('broken.json');
    expect(view.linkProblems.map((p) => p.path).sort()).toEqual([
      'edges[0].to',
      'nodes[1].id',
      'nodes[2].type',
    ]);
    expect(importScenario({ ...twoNodeScenario(), name: 'good' }, 'good.json')).toBe(true);
    expect(useScenarioStore.getState().input.name).toBe('good');
    expect(useViewStore.getState().linkProblems).toEqual([]);
  });
});
