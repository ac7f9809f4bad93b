import { describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../../src/scenario/simulationTypes';
import { MAX_POINTS, SeriesRing, START_INTERVAL_MS } from '../../src/store/seriesRing';

function snap(nowMs: number, rps: number, util = 0.5): LiveSnapshot {
  return {
    nowMs,
    endMs: 1e9,
    finished: false,
    windowMs: 5000,
    rps,
    p50Ms: 5,
    p99Ms: 20,
    errorRate: 0,
    errorsPerSec: 0,
    p95Ms: 0,
    requests: { arrived: 0, completed: 0, failed: 0, timedOut: 0, rejected: 0, inFlight: 0, retries: 0 },
    nodes: {
      db: {
        health: 'ok',
        utilization: util,
        queue: 1,
        inFlight: 2,
        throughputRps: rps,
        arrivalsRps: 0,
        failures: 0,
        extra: { lagMs: 3 },
      },
    },
    edges: [],
  };
}

describe('SeriesRing', () => {
  it('merges snapshots inside one bucket of simulated time, weighted by the time each covers', () => {
    const ring = new SeriesRing();
    ring.push(snap(50, 100)); // covers 0..50
    ring.push(snap(200, 400)); // covers 50..200, same 250 ms bucket
    const s = ring.toSeries();
    expect(s.t).toEqual([200]);
    expect(s.rps[0]).toBeCloseTo((100 * 50 + 400 * 150) / 200, 10);
    expect(s.nodes.db.lagMs).toEqual([3]);
  });

  it('never holds more than MAX_POINTS points, doubling the bucket as it downsamples', () => {
    const ring = new SeriesRing();
    const n = MAX_POINTS * 5;
    for (let i = 1; i <= n; i++) ring.push(snap(i * START_INTERVAL_MS, i % 2 === 0 ? 10 : 30));
    const s = ring.toSeries();
    expect(s.t.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(s.t.length).toBeGreaterThan(MAX_POINTS / 2);
    expect(s.intervalMs).toBeGreaterThan(START_INTERVAL_MS);
    // Alternating 10 / 30 over equal spans averages to exactly 20 once pairs merge.
    expect(s.rps[5]).toBeCloseTo(20, 10);
    expect(s.t[s.t.length - 1]).toBe(n * START_INTERVAL_MS);
    for (let i = 1; i < s.t.length; i++) expect(s.t[i]).toBeGreaterThan(s.t[i - 1]);
  });

  it('gives a node that appears mid-run gaps (NaN) before it existed', () => {
    const ring = new SeriesRing();
    const a = snap(250, 1);
    a.nodes = {};
    ring.push(a);
    ring.push(snap(500, 1));
    const s = ring.toSeries();
    expect(Number.isNaN(s.nodes.db.utilization[0])).toBe(true);
    expect(s.nodes.db.utilization[1]).toBe(0.5);
  });

  it('clears', () => {
    const ring = new SeriesRing();
    ring.push(snap(250, 1));
    ring.clear();
    expect(ring.toSeries().t).toEqual([]);
  });
});
