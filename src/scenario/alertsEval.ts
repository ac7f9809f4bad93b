/**
 * Evaluates alert rules as a run goes, the way a Prometheus rule group does: every `every` of
 * simulated time (at whole multiples of it, after the warm-up), the rule's figure over the trailing
 * `window` is compared with its threshold; the rule fires once the condition has held at every
 * evaluation for `for`, and resolves at the first evaluation where it no longer holds.
 *
 * Pure observation: the monitor reads cumulative counters, integrals and histograms the nodes keep
 * anyway (differences between evaluations, kept in a ring per rule), and is called between kernel
 * slices by RunningSimulation.advance — it schedules no kernel event and records nothing per
 * request, so a run with rules gives the same result as one without, apart from `alerts`.
 */
import type { SimNode } from '../components/node';
import type { Queue } from '../components/queue';
import type { Replica } from '../components/replica';
import type { RunMetrics } from '../components/runMetrics';
import {
  bucketIndex,
  bucketMidpoint,
  HISTOGRAM_BUCKETS,
  type LatencyHistogram,
  percentileRank,
} from '../engine/histogram';
import { type AlertFiring, type AlertRule, MAX_FIRINGS } from './alerts';

/** What the monitor needs of the running simulation. */
export interface MonitorHost {
  readonly metrics: RunMetrics;
  readonly nodes: ReadonlyMap<string, SimNode>;
}

/** Cumulative scalars read at each evaluation (whole run; differences give a window's figure). */
const C_DONE = 0;
const C_ERR = 1;
const C_BUSY = 2;
const C_CAP = 3;
const C_QUEUE = 4;
const C_LAG_SUM = 5;
const C_LAG_N = 6;
const SCALARS = 7;
/** Per slot: the scalars' differences, then the interval's length and the gauge sampled at its end. */
const S_DT = SCALARS;
const S_GAUGE = SCALARS + 1;
const SLOT = SCALARS + 2;

const LATENCY_Q: Partial<Record<AlertRule['metric'], number>> = { p50Ms: 0.5, p99Ms: 0.99 };

/** Scratch for merging a window's latency differences (shared: evaluations never overlap). */
const scratch = new Float64Array(HISTOGRAM_BUCKETS);

class RuleState {
  /** Ring of per-interval differences, `steps` slots of SLOT numbers. */
  private readonly ring: Float64Array;
  /** Per-interval latency differences as (bucket, count) pairs, for p50/p99 rules. */
  private readonly latBuckets: Int32Array[] = [];
  private readonly latCounts: Float64Array[] = [];
  private readonly steps: number;
  private filled = 0;
  private head = 0;
  private readonly prev = new Float64Array(SCALARS);
  private readonly cur = new Float64Array(SCALARS);
  private readonly prevHist: Float64Array | null;
  private prevHistCount = 0;
  private prevT = 0;
  /** The node object read last (a node removed and added again is a new object with new counters). */
  private source: SimNode | null = null;
  private readonly q: number | undefined;
  /** Next evaluation: k·every. */
  k: number;
  /** First evaluation time at which the condition held in the current run of holds, or null. */
  private holdingSince: number | null = null;
  /** Index in the monitor's firings of this rule's open firing, or -1. */
  open = -1;

  constructor(
    readonly rule: AlertRule,
    warmupMs: number,
  ) {
    this.steps = Math.max(1, Math.ceil(rule.window / rule.every - 1e-9));
    this.ring = new Float64Array(this.steps * SLOT);
    this.q = LATENCY_Q[rule.metric];
    this.prevHist = this.q === undefined ? null : new Float64Array(HISTOGRAM_BUCKETS);
    this.k = Math.floor(warmupMs / rule.every) + 1;
  }

  get nextMs(): number {
    return this.k * this.rule.every;
  }

  /** Starts the first interval at t (the end of warm-up): what came before is not measured. */
  mark(host: MonitorHost, t: number): void {
    this.read(host, this.prev, t);
    this.prevT = t;
    const h = this.histogram(host);
    if (h && this.prevHist) {
      this.prevHist.fill(0);
      if (h.count > 0) this.prevHist.set(h.countsView());
      this.prevHistCount = h.count;
    }
  }

  /** Evaluates at t = nextMs; returns true when the condition holds. */
  evaluate(host: MonitorHost, t: number): boolean {
    this.k++;
    const slot = this.head * SLOT;
    this.head = (this.head + 1) % this.steps;
    if (this.filled < this.steps) this.filled++;
    const node = this.rule.node === undefined ? null : (host.nodes.get(this.rule.node) ?? null);
    if (node !== this.source) {
      // Another object (or none): its counters started from zero, so differences start there.
      this.prev.fill(0);
      this.prevHist?.fill(0);
      this.prevHistCount = 0;
      this.source = node;
    }
    this.read(host, this.cur, t);
    const ring = this.ring;
    for (let i = 0; i < SCALARS; i++) ring[slot + i] = this.cur[i] - this.prev[i];
    this.prev.set(this.cur);
    ring[slot + S_DT] = t - this.prevT;
    ring[slot + S_GAUGE] = this.gauge(node);
    this.prevT = t;
    if (this.prevHist) this.histogramDelta(host, slot / SLOT);
    const figure = this.figure();
    return this.rule.op === '>' ? figure > this.rule.value : figure < this.rule.value;
  }

  /** True when, holding at t, the rule has now held for `for` (it fires). */
  held(holds: boolean, t: number): boolean {
    if (!holds) {
      this.holdingSince = null;
      return false;
    }
    if (this.holdingSince === null) this.holdingSince = t;
    return t - this.holdingSince >= this.rule.for - 1e-9;
  }

  private histogram(host: MonitorHost): LatencyHistogram | null {
    if (this.q === undefined) return null;
    if (this.rule.node === undefined) return host.metrics.latency;
    return host.nodes.get(this.rule.node)?.stats.latency ?? null;
  }

  private read(host: MonitorHost, out: Float64Array, t: number): void {
    out.fill(0);
    if (this.rule.node === undefined) {
      const m = host.metrics;
      out[C_DONE] = m.completed;
      out[C_ERR] = m.failed + m.timedOut + m.rejected;
      return;
    }
    const node = host.nodes.get(this.rule.node);
    if (!node) return;
    const s = node.stats;
    out[C_DONE] = s.completions;
    out[C_ERR] = s.failures;
    out[C_BUSY] = s.busy.integral(t);
    out[C_CAP] = s.capacity.integral(t);
    out[C_QUEUE] = s.queue.integral(t);
    if (this.rule.metric === 'lagMs' && isReplica(node)) {
      out[C_LAG_SUM] = node.lag.sum;
      out[C_LAG_N] = node.lag.count;
    }
  }

  private gauge(node: SimNode | null): number {
    if (!node) return 0;
    if (this.rule.metric === 'oldestJobMs' && node.type === 'queue') return (node as Queue).oldestAgeMs();
    if (this.rule.metric === 'lagMs' && isReplica(node)) return node.oldestUnappliedAgeMs();
    return 0;
  }

  /** Stores the interval's new latency observations (cumulative histogram minus the last one). */
  private histogramDelta(host: MonitorHost, slotIndex: number): void {
    const prev = this.prevHist!;
    const h = this.histogram(host);
    const buckets: number[] = [];
    const counts: number[] = [];
    if (h && h.count > 0) {
      // A histogram reset (end of warm-up, a node added anew) starts the differences from zero.
      if (h.count < this.prevHistCount) prev.fill(0);
      const cur = h.countsView();
      const last = bucketIndex(h.max);
      for (let i = bucketIndex(h.min); i <= last; i++) {
        const d = cur[i] - prev[i];
        if (d !== 0) {
          buckets.push(i);
          counts.push(d);
          prev[i] = cur[i];
        }
      }
    }
    this.prevHistCount = h?.count ?? 0;
    this.latBuckets[slotIndex] = Int32Array.from(buckets);
    this.latCounts[slotIndex] = Float64Array.from(counts);
  }

  /** The rule's figure over the slots in the window. */
  private figure(): number {
    const sum = new Float64Array(SLOT);
    let gaugeMax = 0;
    for (let j = 0; j < this.filled; j++) {
      const base = j * SLOT;
      for (let i = 0; i < SLOT; i++) sum[i] += this.ring[base + i];
      if (this.ring[base + S_GAUGE] > gaugeMax) gaugeMax = this.ring[base + S_GAUGE];
    }
    const span = sum[S_DT];
    switch (this.rule.metric) {
      case 'p50Ms':
      case 'p99Ms':
        return this.windowPercentile(this.q!);
      case 'errorRate': {
        const ended = sum[C_DONE] + sum[C_ERR];
        return ended > 0 ? sum[C_ERR] / ended : 0;
      }
      case 'throughputRps':
        return span > 0 ? (sum[C_DONE] * 1000) / span : 0;
      case 'utilization':
        return sum[C_CAP] > 0 ? sum[C_BUSY] / sum[C_CAP] : 0;
      case 'queue':
        return span > 0 ? sum[C_QUEUE] / span : 0;
      case 'lagMs': {
        const mean = sum[C_LAG_N] > 0 ? sum[C_LAG_SUM] / sum[C_LAG_N] : 0;
        return Math.max(mean, this.ring[((this.head + this.steps - 1) % this.steps) * SLOT + S_GAUGE]);
      }
      case 'oldestJobMs':
        return gaugeMax;
    }
  }

  /** q-quantile of the window's latencies: the midpoint of the bucket holding it (≤ 0.39% off). */
  private windowPercentile(q: number): number {
    let n = 0;
    let lo = HISTOGRAM_BUCKETS;
    let hi = -1;
    for (let j = 0; j < this.filled; j++) {
      const b = this.latBuckets[j];
      const c = this.latCounts[j];
      for (let i = 0; i < b.length; i++) {
        scratch[b[i]] += c[i];
        n += c[i];
        if (b[i] < lo) lo = b[i];
        if (b[i] > hi) hi = b[i];
      }
    }
    if (n === 0) return 0;
    const rank = percentileRank(q, n);
    let cumulative = 0;
    let value = 0;
    for (let i = lo; i <= hi; i++) {
      cumulative += scratch[i];
      if (cumulative >= rank) {
        value = i === 0 ? 0 : bucketMidpoint(i);
        break;
      }
    }
    scratch.fill(0, lo, hi + 1);
    return value;
  }
}

function isReplica(node: SimNode): node is Replica {
  return node.type === 'database' && (node as Replica).oldestUnappliedAgeMs !== undefined;
}

export class AlertMonitor {
  /** Every firing so far, in the order they fired (rule order at equal times). */
  readonly firings: AlertFiring[] = [];
  private readonly rules: RuleState[];
  private marked: boolean;

  constructor(
    private readonly host: MonitorHost,
    rules: readonly AlertRule[],
    private readonly warmupMs: number,
    private readonly endMs: number,
  ) {
    this.rules = rules.map((r) => new RuleState(r, warmupMs));
    this.marked = warmupMs <= 0;
    if (this.marked) for (const r of this.rules) r.mark(host, 0);
  }

  /** Simulated time of the monitor's next work (Infinity when none is left before the end). */
  nextDue(): number {
    if (!this.marked) return this.warmupMs;
    let due = Number.POSITIVE_INFINITY;
    for (const r of this.rules) if (r.nextMs < due) due = r.nextMs;
    return due <= this.endMs + 1e-9 ? due : Number.POSITIVE_INFINITY;
  }

  /**
   * Does the work due at t = nextDue(), once every event up to t has run. Returns the firings that
   * began now (empty almost always).
   */
  runDue(t: number): AlertFiring[] {
    if (!this.marked) {
      this.marked = true;
      for (const r of this.rules) r.mark(this.host, t);
      return [];
    }
    let fired: AlertFiring[] | null = null;
    for (const r of this.rules) {
      if (Math.abs(r.nextMs - t) > 1e-9) continue;
      const holds = r.evaluate(this.host, t);
      const firing = r.held(holds, t);
      if (firing && r.open < 0 && this.firings.length < MAX_FIRINGS) {
        const f: AlertFiring = { name: r.rule.name, firedAtMs: t, resolvedAtMs: null };
        r.open = this.firings.length;
        this.firings.push(f);
        (fired ??= []).push(f);
      } else if (!holds && r.open >= 0) {
        this.firings[r.open].resolvedAtMs = t;
        r.open = -1;
      }
    }
    return fired ?? [];
  }

  /** The result's `alerts`: copies, so a later evaluation cannot change a result already made. */
  result(): AlertFiring[] {
    return this.firings.map((f) => ({ ...f }));
  }
}
