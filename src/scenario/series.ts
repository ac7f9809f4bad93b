/**
 * The result's `series`: one point per interval of simulated time, at most about 2 000 points
 * whatever the duration (the interval grows with it), so memory stays flat as time grows.
 */
import type { SimNode } from '../components/node';
import type { RunningSimulation } from './build';
import type { Series } from './resultTypes';

/** At most this many points per run. */
export const MAX_SERIES_POINTS = 2000;

/** The smallest 1-2-5 × 10^k ms interval (≥ 100 ms) that keeps the series within MAX_SERIES_POINTS. */
export function seriesInterval(durationMs: number): number {
  const raw = Math.max(100, durationMs / MAX_SERIES_POINTS);
  let decade = 100;
  for (;;) {
    for (const m of [1, 2, 5]) if (m * decade >= raw) return m * decade;
    decade *= 10;
  }
}

export class SeriesRecorder {
  private readonly t: number[] = [];
  private readonly rps: number[] = [];
  private readonly p50: number[] = [];
  private readonly p95: number[] = [];
  private readonly p99: number[] = [];
  private readonly errors: number[] = [];
  private readonly perNode = new Map<SimNode, Record<string, number[]>>();
  private readonly scratch: Record<string, number> = {};

  constructor(
    private readonly run: RunningSimulation,
    readonly intervalMs: number,
  ) {
    for (const n of run.nodes.values()) this.addNode(n);
  }

  addNode(node: SimNode): void {
    node.stats.mark(node.stats.seriesMark, this.run.sim.now);
    this.perNode.set(node, {});
  }

  sample(t: number): void {
    const m = this.run.metrics;
    const perSec = 1000 / this.intervalMs;
    this.t.push(t);
    this.rps.push(m.intervalCompleted * perSec);
    this.p50.push(m.intervalLatency.percentile(0.5));
    this.p95.push(m.intervalLatency.percentile(0.95));
    this.p99.push(m.intervalLatency.percentile(0.99));
    this.errors.push(m.intervalErrors * perSec);
    m.intervalLatency.reset();
    m.intervalCompleted = 0;
    m.intervalErrors = 0;
    const n = this.t.length;
    for (const [node, arrays] of this.perNode) {
      if (node.removed) continue;
      const s = node.stats;
      const mk = s.seriesMark;
      const span = t - mk.t;
      const out = this.scratch;
      for (const k in out) delete out[k];
      out.utilization = s.utilizationSince(mk, t);
      out.queue = s.meanQueueSince(mk, t);
      out.throughput = span > 0 ? ((s.completions - mk.completions) * 1000) / span : 0;
      out.errors = span > 0 ? ((s.failures - mk.failures) * 1000) / span : 0;
      node.seriesExtras(out);
      s.mark(mk, t);
      for (const key of Object.keys(out).sort()) {
        let arr = arrays[key];
        if (!arr) {
          arr = arrays[key] = new Array(n - 1).fill(0);
        }
        arr.push(out[key]);
      }
    }
  }

  toSeries(): Series {
    const nodes: Series['nodes'] = {};
    for (const [node, arrays] of this.perNode) {
      const copy: Record<string, number[]> = {};
      for (const key of Object.keys(arrays).sort()) copy[key] = arrays[key].slice();
      nodes[node.id] = copy;
    }
    return {
      intervalMs: this.intervalMs,
      t: this.t.slice(),
      rps: this.rps.slice(),
      p50Ms: this.p50.slice(),
      p95Ms: this.p95.slice(),
      p99Ms: this.p99.slice(),
      errors: this.errors.slice(),
      nodes,
    };
  }
}
