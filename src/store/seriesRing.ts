/**
 * Accumulates live snapshots into a chart Series of at most MAX_POINTS points. Points are buckets
 * of simulated time (so the picture does not depend on the playback speed); when the buckets fill
 * up, neighbours are merged pairwise and the bucket width doubles — the same downsampling the
 * result's series uses as the duration grows.
 */
import type { Series } from '../scenario/resultTypes';
import type { LiveSnapshot } from '../scenario/simulationTypes';

/** Upper bound on points kept (DESIGN §4: about 2 000). */
export const MAX_POINTS = 2000;
/**
 * Points kept while a run plays in the app: the charts redraw several times a second, and on a
 * slow machine ~500 points per line keeps each redraw well inside a frame budget. The finished
 * run's result series (up to MAX_POINTS) replaces it at the end.
 */
export const LIVE_POINTS = 500;
/** First bucket width, simulated ms. */
export const START_INTERVAL_MS = 250;

type Columns = Record<string, number[]>;

/** Per-node figures charted from a NodeLive. */
function nodeFigures(n: LiveSnapshot['nodes'][string]): Record<string, number> {
  const figures: Record<string, number> = {
    utilization: n.utilization,
    queue: n.queue,
    throughput: n.throughputRps,
    failures: n.failures,
  };
  for (const [k, v] of Object.entries(n.extra)) if (Number.isFinite(v)) figures[k] = v;
  return figures;
}

/** Flattens a snapshot into named columns ("rps", "node:db:utilization", …). */
function flatten(s: LiveSnapshot): Record<string, number> {
  const total = s.requests;
  const row: Record<string, number> = {
    rps: s.rps,
    p50Ms: s.p50Ms,
    p95Ms: s.p95Ms,
    p99Ms: s.p99Ms,
    errors: s.errorsPerSec,
    cumulativeFailed: total.failed + total.timedOut + total.rejected,
  };
  if (s.slo) {
    row['slo:requests'] = s.slo.requests;
    row['slo:bad'] = s.slo.bad;
  }
  for (const [id, n] of Object.entries(s.nodes)) {
    for (const [k, v] of Object.entries(nodeFigures(n))) row[`node:${id}:${k}`] = v;
  }
  return row;
}

export class SeriesRing {
  constructor(private readonly maxPoints = MAX_POINTS) {}

  intervalMs = START_INTERVAL_MS;
  private t: number[] = [];
  /** Simulated ms each point covers (the merge weight). */
  private weight: number[] = [];
  private cols: Columns = {};
  private lastNowMs = 0;

  get length(): number {
    return this.t.length;
  }

  clear(): void {
    this.intervalMs = START_INTERVAL_MS;
    this.t = [];
    this.weight = [];
    this.cols = {};
    this.lastNowMs = 0;
  }

  push(snapshot: LiveSnapshot): void {
    const dt = Math.max(0, snapshot.nowMs - this.lastNowMs);
    this.lastNowMs = snapshot.nowMs;
    if (dt === 0 && this.t.length > 0) return;
    const row = flatten(snapshot);
    const n = this.t.length;
    const lastT = n > 0 ? this.t[n - 1] : Number.NEGATIVE_INFINITY;
    const sameBucket =
      n > 0 &&
      Math.floor((lastT - 1e-9) / this.intervalMs) === Math.floor((snapshot.nowMs - 1e-9) / this.intervalMs);
    if (sameBucket) {
      const w0 = this.weight[n - 1];
      const w = w0 + dt;
      for (const [k, v] of Object.entries(row)) {
        const col = this.column(k, n);
        const prev = col[n - 1];
        col[n - 1] = Number.isFinite(prev) && w > 0 ? (prev * w0 + v * dt) / w : v;
      }
      this.t[n - 1] = snapshot.nowMs;
      this.weight[n - 1] = w;
    } else {
      this.t.push(snapshot.nowMs);
      this.weight.push(dt);
      for (const col of Object.values(this.cols)) col.push(Number.NaN);
      for (const [k, v] of Object.entries(row)) this.column(k, n + 1)[n] = v;
      if (this.t.length > this.maxPoints) this.compact();
    }
  }

  /** A column, created full of NaN (a node added mid-run has no past). */
  private column(key: string, length: number): number[] {
    let col = this.cols[key];
    if (!col) {
      col = new Array(length).fill(Number.NaN);
      this.cols[key] = col;
    }
    return col;
  }

  /** Merges neighbouring points pairwise (weighted by the time each covers) and doubles the bucket. */
  private compact(): void {
    const n = this.t.length;
    const t: number[] = [];
    const weight: number[] = [];
    const cols: Columns = {};
    for (const k of Object.keys(this.cols)) cols[k] = [];
    for (let i = 0; i < n; i += 2) {
      const j = Math.min(i + 1, n - 1);
      const wi = this.weight[i];
      const wj = j === i ? 0 : this.weight[j];
      t.push(this.t[j]);
      weight.push(wi + wj);
      for (const [k, col] of Object.entries(this.cols)) {
        const a = col[i];
        const b = j === i ? Number.NaN : col[j];
        let v: number;
        if (!Number.isFinite(a)) v = b;
        else if (!Number.isFinite(b)) v = a;
        else v = wi + wj > 0 ? (a * wi + b * wj) / (wi + wj) : (a + b) / 2;
        cols[k].push(v);
      }
    }
    this.t = t;
    this.weight = weight;
    this.cols = cols;
    this.intervalMs *= 2;
  }

  /** A Series (copies; safe to hand to React). p95 is not in live snapshots, so it stays NaN until the result arrives. */
  toSeries(): Series {
    const nodes: Series['nodes'] = {};
    const top = (k: string) => (this.cols[k] ? [...this.cols[k]] : this.t.map(() => Number.NaN));
    for (const [k, col] of Object.entries(this.cols)) {
      if (!k.startsWith('node:')) continue;
      const rest = k.slice(5);
      const cut = rest.lastIndexOf(':');
      const id = rest.slice(0, cut);
      const metric = rest.slice(cut + 1);
      nodes[id] ??= {};
      nodes[id][metric] = [...col];
    }
    return {
      intervalMs: this.intervalMs,
      t: [...this.t],
      rps: top('rps'),
      p50Ms: top('p50Ms'),
      p95Ms: top('p95Ms'),
      p99Ms: top('p99Ms'),
      errors: top('errors'),
      nodes,
      ...(this.cols['slo:bad'] ? { sloLive: { requests: top('slo:requests'), bad: top('slo:bad') } } : {}),
    };
  }
}
