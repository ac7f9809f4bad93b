import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RequestTrace } from '../../src/components/tracer';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import { mostInformative, waterfallOf } from '../../src/ui/panels/waterfallModel';

const DIR = new URL('../../presets/', import.meta.url);
const PRESETS = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && f !== 'index.json')
  .sort();

/** Sampled traces of the first `ms` of a preset, taken each simulated second as the worker does. */
function traces(file: string, ms: number): RequestTrace[] {
  const r = parseScenario(JSON.parse(readFileSync(new URL(file, DIR), 'utf8')));
  if (!r.ok) throw new Error(file);
  const sim = buildSimulation(r.scenario, { durationMs: ms });
  sim.setTracing(true, 40);
  const seen: RequestTrace[] = [];
  for (let t = 1000; !sim.finished; t += 1000) {
    sim.advance(t);
    for (const tr of sim.traces()) if (!seen.includes(tr)) seen.push(tr);
  }
  return seen;
}

describe('waterfall rows add up to the latency', () => {
  for (const file of PRESETS) {
    it(file, () => {
      const all = traces(file, 40_000);
      expect(all.length).toBeGreaterThan(3);
      for (const tr of all) {
        const w = waterfallOf(tr);
        const sum = w.rows.reduce((a, r) => a + r.ownMs, 0);
        // Float eps: the rows are differences of sorted instants that telescope to the latency;
        // each subtraction rounds by at most half an ulp of a time of up to 10^5 ms.
        expect(Math.abs(sum - w.latencyMs), `${tr.cls} #${tr.seq}.${tr.attempt}`).toBeLessThan(1e-9);
        expect(w.latencyMs).toBe(tr.endMs - tr.startMs);
        for (const r of w.rows) expect(r.ownMs).toBeGreaterThanOrEqual(0);
        // Nothing is left over for "at the client" once the request reached a node: the first
        // hop left when the attempt started and its answer got back when it ended (or the
        // client gave up) — this checks the traced latencies, not just the arithmetic.
        const client = w.rows.find((r) => r.kind === 'client');
        if (tr.spans.length > 0) expect(client?.ownMs ?? 0, `${tr.cls} #${tr.seq}`).toBeLessThan(1e-9);
        // A request that reached a node over an edge with latency shows that latency as rows.
        for (const r of w.rows)
          if (r.kind.startsWith('network'))
            expect(r.ownMs).toBeLessThanOrEqual(tr.spans[r.span].latencyMs + 1e-9);
      }
    });
  }

  it('a full-stack feed: the 30 ms each way between the phone and the limiter are rows', () => {
    const feed = traces('full-stack.json', 40_000).find((t) => t.cls === 'feed' && t.outcome === 'ok');
    if (!feed) throw new Error('no feed sampled');
    const w = waterfallOf(feed);
    const net = w.rows.filter((r) => r.kind !== 'hop' && r.kind !== 'client');
    expect(net.reduce((a, r) => a + r.ownMs, 0)).toBeGreaterThanOrEqual(60);
    const first = w.rows[0];
    expect(first.kind).toBe('network-in');
    expect(first.ownMs).toBe(30);
    expect(w.rows[w.rows.length - 1].kind).toBe('network-out');
  });
});

describe('the request a finished run opens on', () => {
  const base: RequestTrace = {
    seq: 1,
    attempt: 1,
    cls: 'x',
    startMs: 0,
    endMs: 0,
    outcome: 'ok',
    reason: 'ok',
    failedAt: null,
    jobsDoneMs: null,
    spans: [],
  };
  it('is the slowest successful one, not a 0 ms failure, and prefers more hops on a tie', () => {
    const fail = { ...base, seq: 2, outcome: 'failed' as const, endMs: 0 };
    const slowFail = { ...base, seq: 3, outcome: 'failed' as const, endMs: 900 };
    const ok1 = { ...base, seq: 4, endMs: 40 };
    const ok2 = { ...base, seq: 5, endMs: 40, spans: [{} as never, {} as never] };
    expect(mostInformative([fail, ok1, slowFail, ok2])?.seq).toBe(5);
    expect(mostInformative([fail, slowFail])?.seq).toBe(3);
    expect(mostInformative([])).toBeNull();
  });
});
