import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/scenario/build';
import { LIVE_WINDOW_MS } from '../../src/scenario/live';
import { parseScenario } from '../../src/scenario/parse';

/** A steady 60 req/s client → app (one edge, no latency) → db. */
function steady() {
  const r = parseScenario({
    format: 'scalelab/scenario@1',
    name: 'live window',
    seed: 3,
    duration: '60s',
    nodes: [
      { id: 'users', type: 'client', rate: 60, mix: [{ name: 'r', op: 'read' }] },
      { id: 'app', type: 'appServer', cores: 4, service: '5ms' },
      { id: 'db', type: 'database', connections: 4, service: { read: '3ms', write: '3ms' } },
    ],
    edges: [
      { from: 'users', to: 'app' },
      { from: 'app', to: 'db' },
    ],
  });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.scenario;
}

describe('live snapshots', () => {
  it('smooth rates over the last 5 s, the same window for the run bar, nodes and edges', () => {
    expect(LIVE_WINDOW_MS).toBe(5000);
    const sim = buildSimulation(steady());
    sim.snapshot();
    // At 10× and 60 frames a second, a snapshot every 1/6 s of simulated time.
    const rates: number[] = [];
    for (let t = 1000 / 6; t <= 40_000; t += 1000 / 6) {
      sim.advance(t);
      const s = sim.snapshot();
      if (t < 6000) continue;
      expect(s.windowMs).toBeGreaterThanOrEqual(LIVE_WINDOW_MS);
      expect(s.windowMs).toBeLessThan(LIVE_WINDOW_MS + 500);
      rates.push(s.rps);
      // The edge users → app and app's arrivals count the same calls over the same window; the
      // app's completions lag them only by the requests in flight at the window's two ends.
      const edge = s.edges.find((e) => e.from === 'users' && e.to === 'app')!;
      expect(edge.rps).toBeCloseTo(s.nodes.app.arrivalsRps, 9);
      expect(Math.abs(s.nodes.app.throughputRps - s.nodes.app.arrivalsRps)).toBeLessThan(3);
    }
    // About 300 Poisson arrivals per window: σ ≈ 60/√300 ≈ 3.5/s, so every reading within
    // ±15/s (over 4σ). A per-frame rate (10 arrivals) would have σ ≈ 19/s and fail this.
    for (const r of rates) expect(Math.abs(r - 60)).toBeLessThan(15);
  });

  it('gives one in-flight figure per app server (slots held and backlog), not a raw extra', () => {
    const sim = buildSimulation(steady());
    sim.snapshot();
    sim.advance(10_000);
    const app = sim.snapshot().nodes.app;
    expect('inFlight' in app.extra).toBe(false);
    expect(app.inFlight).toBeGreaterThanOrEqual(0);
  });
});
