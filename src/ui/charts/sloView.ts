/**
 * What the error-budget chart draws, from a finished run's result@1 `slo` or, while a run plays,
 * from the live series' SLO counts. Pure; no DOM.
 *
 * A finished run knows its whole window, so its budget is (1 − objective) × all its requests and
 * the curve is the bad requests so far over that budget (rising to the final figure; it "ran out"
 * where it crosses 100%). While the run plays the window's total is not known yet, so the curve is
 * the bad requests so far over the budget of the requests so far; both end at the same figure.
 */
import type { Series } from '../../scenario/resultTypes';
import type { SloResult } from '../../scenario/slo';

export interface SloView {
  /** Sample times, ms. */
  t: readonly number[];
  /** Budget used at each sample, percent (100 = all of it). */
  usedPct: readonly number[];
  /** The latest (or final) budget used, percent; NaN before any request was measured. */
  nowPct: number;
  /** When the budget ran out (a finished run), or null. */
  exhaustedAtMs: number | null;
  /** true: counted from the live series (budget of the requests so far). */
  live: boolean;
}

/** The chart's data, or null when there is nothing to count yet. */
export function sloView(
  series: Series | null,
  slo: SloResult | undefined,
  objective: number,
): SloView | null {
  if (slo) {
    const usedPct = slo.series.budgetUsed.map((u) => u * 100);
    return {
      t: slo.series.t,
      usedPct,
      nowPct: slo.requests > 0 ? slo.budgetUsed * 100 : Number.NaN,
      exhaustedAtMs: slo.exhaustedAtMs,
      live: false,
    };
  }
  const live = series?.sloLive;
  if (!series || !live || !(objective > 0 && objective < 1)) return null;
  const allowed = 1 - objective;
  const t: number[] = [];
  const usedPct: number[] = [];
  for (let i = 0; i < series.t.length; i++) {
    const n = live.requests[i];
    const bad = live.bad[i];
    // Before the warm-up ends nothing is measured: no point (rather than a misleading 0%).
    if (!(n > 0) || !Number.isFinite(bad)) continue;
    t.push(series.t[i]);
    usedPct.push((bad / (allowed * n)) * 100);
  }
  return {
    t,
    usedPct,
    nowPct: usedPct.length > 0 ? usedPct[usedPct.length - 1] : Number.NaN,
    exhaustedAtMs: null,
    live: true,
  };
}
