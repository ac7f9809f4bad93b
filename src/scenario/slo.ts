/**
 * A service-level objective (scenario `slo`, result `slo`): "99.9% of requests succeed within
 * 300 ms". The run counts good and bad requests over the measured window (after the warm-up) and
 * reports the error budget, how much of it was used, the burn rate and when the budget ran out,
 * with a series for the chart.
 *
 * Definitions (as in Google's SRE workbook, "Alerting on SLOs"):
 * - A request is an attempt that ended in the measured window (a retry is another request), the
 *   same count the result's `errorRate` divides by. Good: it completed with latency ≤ `latency`.
 *   Bad: it failed, timed out or was rejected, or it completed slower than `latency`.
 * - Error budget = (1 − objective) × requests: how many requests may be bad over the window.
 * - Budget used = bad ÷ budget (1 = all of it; above 1, overspent).
 * - Burn rate = (bad ÷ requests) ÷ (1 − objective): how fast the budget goes relative to the rate
 *   that would use exactly all of it by the end of the window. Over the whole window it equals the
 *   budget used; per series interval it is the interval's burn (a burn of 14.4 spends a 30-day
 *   budget in 2 days).
 *
 * Pure observation: RunMetrics counts completions over the threshold (one comparison per
 * completion) and SloRecorder reads the cumulative counts at each series point, so a scenario
 * without `slo` gives exactly the result it gave before, and one with it differs only by `slo`.
 */
import * as v from 'valibot';
import type { RunMetrics } from '../components/runMetrics';
import { dur, type Schema, show, strict } from './schemaCommon';

/** The scenario's `slo`. */
export interface Slo {
  /** Fraction of requests that must be good, strictly between 0 and 1 (0.999 = 99.9%). */
  objective: number;
  /**
   * A completed request slower than this (ms) is bad. Absent: only failures are bad (an
   * availability SLO).
   */
  latency?: number;
}

/** result@1 `slo` (present when the scenario has one). Counts cover the measured window. */
export interface SloResult {
  objective: number;
  /** The latency threshold, ms, or null for an availability-only SLO. */
  latencyMs: number | null;
  /** Attempts that ended after the warm-up (completed + failed + timed out + rejected). */
  requests: number;
  /** Completed within the threshold. */
  good: number;
  /** failed + slow. */
  bad: number;
  /** Failed, timed out or rejected. */
  failed: number;
  /** Completed, but slower than the threshold. */
  slow: number;
  /** Bad requests the objective allows: (1 − objective) × requests. */
  budget: number;
  /** bad ÷ budget (0 when there were no requests); 1 means the whole budget. */
  budgetUsed: number;
  /** (bad ÷ requests) ÷ (1 − objective) over the measured window (equal to budgetUsed). */
  burnRate: number;
  /** bad ≤ budget. */
  met: boolean;
  /**
   * End of the first series interval by which the bad requests reached the budget (ms of
   * simulated time; resolution series.intervalMs), or null when it never ran out.
   */
  exhaustedAtMs: number | null;
  /** One point per series interval after the warm-up. */
  series: {
    /** End of each interval, ms (the same times as the result's series). */
    t: number[];
    /** Bad requests so far ÷ the window's budget: rises to budgetUsed at the end. */
    budgetUsed: number[];
    /** The interval's burn rate (0 for an interval without requests). */
    burnRate: number[];
  };
}

function objectiveProblem(x: unknown): string | undefined {
  if (typeof x === 'number' && Number.isFinite(x) && x > 0 && x < 1) return undefined;
  return `must be a fraction between 0 and 1 (not 0 or 1), such as 0.999 for 99.9%, got ${show(x)}`;
}

export const sloSchema: Schema<Slo> = strict({
  objective: v.custom<number>(
    (x) => objectiveProblem(x) === undefined,
    (issue) => objectiveProblem(issue.input) ?? 'is not valid',
  ),
  latency: v.optional(dur({ positive: true })),
});

/** Reads the run's cumulative SLO counts at each series point and builds result@1 `slo`. */
export class SloRecorder {
  private readonly t: number[] = [];
  private readonly bad: number[] = [];
  private readonly total: number[] = [];

  constructor(
    readonly slo: Slo,
    private readonly metrics: RunMetrics,
    private readonly warmupMs: number,
  ) {
    metrics.sloLatencyMs = slo.latency ?? Number.POSITIVE_INFINITY;
  }

  /** At a series point t (before or after the series reads its interval: counts are cumulative). */
  sample(t: number): void {
    const m = this.metrics;
    if (!m.measuring || t <= this.warmupMs) return;
    this.t.push(t);
    this.bad.push(m.measuredErrors + m.measuredSlow);
    this.total.push(m.measuredCompleted + m.measuredErrors);
  }

  /** result@1 `slo` for a run now at `nowMs`. */
  result(nowMs: number): SloResult {
    const m = this.metrics;
    const allowed = 1 - this.slo.objective;
    const requests = m.measuredCompleted + m.measuredErrors;
    const failed = m.measuredErrors;
    const slow = m.measuredSlow;
    const bad = failed + slow;
    const budget = allowed * requests;
    const used = (x: number) => (budget > 0 ? x / budget : 0);
    const burn: number[] = [];
    let exhaustedAtMs: number | null = null;
    for (let i = 0; i < this.t.length; i++) {
      const dBad = this.bad[i] - (i > 0 ? this.bad[i - 1] : 0);
      const dTotal = this.total[i] - (i > 0 ? this.total[i - 1] : 0);
      burn.push(dTotal > 0 ? dBad / dTotal / allowed : 0);
      if (exhaustedAtMs === null && budget > 0 && this.bad[i] >= budget) exhaustedAtMs = this.t[i];
    }
    // The run may end after its last series point (a stop, or a duration off the grid).
    if (exhaustedAtMs === null && budget > 0 && bad >= budget && requests > 0) exhaustedAtMs = nowMs;
    return {
      objective: this.slo.objective,
      latencyMs: this.slo.latency ?? null,
      requests,
      good: requests - bad,
      bad,
      failed,
      slow,
      budget,
      budgetUsed: used(bad),
      burnRate: requests > 0 ? bad / requests / allowed : 0,
      met: bad <= budget,
      exhaustedAtMs,
      series: { t: this.t.slice(), budgetUsed: this.bad.map(used), burnRate: burn },
    };
  }
}
