/**
 * Number and time formatting for chart axes and readouts (d3-format), chosen so a glance gives
 * the figure: "1.2k" req/s, "340" ms, "0.85" ms, "2 min", "45 s".
 */
import { format } from 'd3';

/** How the time axis is labelled: seconds for runs up to 3 minutes, minutes beyond. */
export interface TimeUnit {
  /** Milliseconds per displayed unit. */
  ms: number;
  /** Suffix after tick values ("s", "min"). */
  suffix: string;
}

export function timeUnitFor(spanMs: number): TimeUnit {
  if (spanMs > 3 * 60 * 60_000) return { ms: 3_600_000, suffix: 'h' };
  return spanMs > 3 * 60_000 ? { ms: 60_000, suffix: 'min' } : { ms: 1000, suffix: 's' };
}

const fmtTick = format('~g');

/** A time-axis tick in display units ("30 s", "2.5 min"). */
export function formatTimeTick(value: number, unit: TimeUnit): string {
  return `${fmtTick(Number(value.toPrecision(6)))} ${unit.suffix}`;
}

/** A simulated time for a readout, e.g. "1 min 23.4 s" or "12.3 s". */
export function formatClock(ms: number): string {
  if (ms < 60_000) return `${format('.1f')(ms / 1000)} s`;
  const min = Math.floor(ms / 60_000);
  const s = (ms - min * 60_000) / 1000;
  return `${min} min ${format('.1f')(s)} s`;
}

const fmtSi = format('.3~s');
const fmtFixed1 = format('.1~f');
const fmtFixed2 = format('.2~f');
const fmtGrouped = format(',.0f');

/** A count or rate: 0.35, 12, 940, 1.2k, 3.4M. */
export function formatQuantity(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a < 1) return fmtFixed2(v);
  if (a < 10) return fmtFixed1(v);
  if (a < 10_000) return fmtGrouped(v);
  return fmtSi(v);
}

/** Milliseconds on an axis or readout (the unit is on the axis): 0.25, 4.5, 120, 1,800 — precision where it matters, grouping where it helps. */
export function formatAxisMs(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a < 1) return fmtFixed2(v);
  if (a < 10) return fmtFixed1(v);
  return fmtGrouped(v);
}

/** A percentage already scaled to 0..100, for an axis (the % is on the axis). */
export function formatAxisPercent(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return Math.abs(v) < 10 && v !== 0 ? fmtFixed1(v) : fmtGrouped(v);
}

const fmtDollars = format('$,.2f');

/** Dollars per hour. */
export function formatDollars(v: number): string {
  return Number.isFinite(v) ? fmtDollars(v) : '–';
}
