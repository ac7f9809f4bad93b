/**
 * What every node measures, in constant memory: counters, failures by reason, its own latency
 * histogram, and time-weighted busy servers, capacity (servers in service) and waiting calls.
 *
 * Counters and integrals only ever grow; a window's figure is the difference between two marks.
 * Three marks are kept: the end of warm-up (summary statistics), the last series point, and the
 * last live snapshot — so sampling for charts never disturbs the summary.
 */
import { LatencyHistogram } from '../engine/histogram';
import { TimeWeighted } from '../engine/timeWeighted';
import { isRejectReason, REASONS } from './call';
import { WaitCounts } from './serverPool';

/**
 * Each counter of `now` minus its value in `mark`, for a kind's own whole-run counters kept as
 * one object (marked with Object.assign at warm-up), in `now`'s key order.
 */
export function countsSince<T extends Record<string, number>>(now: T, mark: T): T {
  const out: Record<string, number> = {};
  for (const k of Object.keys(now)) out[k] = now[k] - mark[k];
  return out as T;
}

export class StatsMark {
  t = 0;
  busy = 0;
  capacity = 0;
  queue = 0;
  arrivals = 0;
  completions = 0;
  failures = 0;
}

export class NodeStats {
  arrivals = 0;
  completions = 0;
  rejected = 0;
  failed = 0;
  /** Failures caused at this node by reason code (whole run). */
  readonly failuresByReason = new Float64Array(REASONS.length);
  /** Failures by reason at the end of warm-up, so results cover only the time after it. */
  readonly failuresAtWarmup = new Float64Array(REASONS.length);
  /** Time at the node (arrival → answer), recorded after warm-up. */
  readonly latency = new LatencyHistogram();
  readonly busy = new TimeWeighted(0, 0);
  readonly capacity = new TimeWeighted(0, 0);
  readonly queue = new TimeWeighted(0, 0);
  readonly warm = new StatsMark();
  readonly seriesMark = new StatsMark();
  readonly liveMark = new StatsMark();
  /** Admissions to the node's main pool and how many waited (pass to its ServerPool). */
  readonly waits = new WaitCounts();
  private readonly waitsAtWarmup = new WaitCounts();

  fail(reason: number): void {
    this.failuresByReason[reason]++;
    if (isRejectReason(reason)) this.rejected++;
    else this.failed++;
  }

  get failures(): number {
    return this.rejected + this.failed;
  }

  mark(m: StatsMark, t: number): void {
    m.t = t;
    m.busy = this.busy.integral(t);
    m.capacity = this.capacity.integral(t);
    m.queue = this.queue.integral(t);
    m.arrivals = this.arrivals;
    m.completions = this.completions;
    m.failures = this.failures;
  }

  /** Busy fraction of servers since mark m (0 when no capacity was in service). */
  utilizationSince(m: StatsMark, t: number): number {
    const cap = this.capacity.integral(t) - m.capacity;
    return cap > 0 ? (this.busy.integral(t) - m.busy) / cap : 0;
  }

  meanQueueSince(m: StatsMark, t: number): number {
    const span = t - m.t;
    return span > 0 ? (this.queue.integral(t) - m.queue) / span : this.queue.value;
  }

  /** Time-average servers in service since m (instances × servers when autoscaling). */
  meanCapacitySince(m: StatsMark, t: number): number {
    const span = t - m.t;
    return span > 0 ? (this.capacity.integral(t) - m.capacity) / span : this.capacity.value;
  }

  markWarmup(t: number): void {
    this.mark(this.warm, t);
    this.failuresAtWarmup.set(this.failuresByReason);
    this.waitsAtWarmup.admitted = this.waits.admitted;
    this.waitsAtWarmup.waited = this.waits.waited;
    this.latency.reset();
  }

  /** Fraction of admissions in the measured window that waited for a server (undefined: none). */
  measuredPWait(): number | undefined {
    const n = this.waits.admitted - this.waitsAtWarmup.admitted;
    return n > 0 ? (this.waits.waited - this.waitsAtWarmup.waited) / n : undefined;
  }

  /** Failures in the measured window by reason name, zero counts left out. */
  measuredFailures(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let r = 1; r < REASONS.length; r++) {
      const n = this.failuresByReason[r] - this.failuresAtWarmup[r];
      if (n > 0) out[REASONS[r]] = n;
    }
    return out;
  }
}
