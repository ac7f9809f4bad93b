/**
 * Scales, ticks and paths of a line chart, computed once per (data, size, scale type) and memoised
 * by the chart, so moving the shared cursor re-renders nothing but the cursor.
 */
import { bisector, type ScaleContinuousNumeric, scaleLinear, scaleLog } from 'd3';
import { CHAR_W, LEGEND_ROW_H, type LegendItem, layoutLegend, type Tick } from './chartParts';
import { formatTimeTick, type TimeUnit, timeUnitFor } from './format';
import type { LineSpec } from './types';

const TITLE_H = 24;
/** Room above the plot for the y unit label. */
const UNIT_H = 20;
const BOTTOM_H = 24;
const RIGHT_PAD = 14;
const MIN_PLOT_H = 48;

export interface Geometry {
  width: number;
  height: number;
  legend: LegendItem[];
  legendTop: number;
  plotLeft: number;
  plotRight: number;
  plotTop: number;
  plotBottom: number;
  xTicks: Tick[];
  yTicks: Tick[];
  /** One SVG path per line, same order as the input. */
  paths: string[];
  timeUnit: TimeUnit;
  /** Maps a time in ms to an x position. */
  xOfMs(ms: number): number;
  /** Maps a time x position back to ms. */
  msOfX(x: number): number;
  /** Maps a value to a y position, or null when it cannot be drawn (non-finite, ≤ 0 on a log scale). */
  yOf(v: number): number | null;
}

export interface GeometryInput {
  t: readonly number[];
  lines: readonly LineSpec[];
  width: number;
  /** Height with a single legend row; extra rows add to it. */
  height: number;
  log: boolean;
  /** Fixed y domain (e.g. [0, 100] for percentages); otherwise from the data. */
  domain?: readonly [number, number];
  formatTick(v: number): string;
}

export function computeGeometry(input: GeometryInput): Geometry {
  const { t, lines, width, log, formatTick } = input;
  const legend = layoutLegend(lines, width, 12);
  const rows = legend.length === 0 ? 1 : legend[legend.length - 1].row + 1;
  const height = input.height + (rows - 1) * LEGEND_ROW_H;
  const legendTop = TITLE_H;
  const plotTop = legendTop + rows * LEGEND_ROW_H + UNIT_H;
  const plotBottom = Math.max(plotTop + MIN_PLOT_H, height - BOTTOM_H);
  const plotH = plotBottom - plotTop;

  const y = yScale(lines, log, input.domain).range([plotBottom, plotTop]);
  const yTickValues = log
    ? logTicks(y, Math.max(2, Math.floor(plotH / 28)))
    : y.ticks(Math.max(2, Math.floor(plotH / 32)));
  const yTicks = yTickValues.map((v) => ({ pos: y(v), label: formatTick(v) }));
  const labelChars = Math.max(3, ...yTicks.map((tk) => tk.label.length));
  const plotLeft = Math.round(Math.max(38, labelChars * CHAR_W * 0.95 + 14));
  const plotRight = Math.max(plotLeft + 40, width - RIGHT_PAD);

  // Start the axis at 0 when the first sample is the end of the first interval (the usual case),
  // so "0 s" is on the axis; a series that starts later (after a warm-up) starts where it starts.
  const first = t.length > 0 ? t[0] : 0;
  const step = t.length > 1 ? t[1] - t[0] : first;
  const t0 = first > 0 && first <= 2 * step ? 0 : first;
  const tN = t.length > 1 ? t[t.length - 1] : t0 + Math.max(1000, first - t0);
  const timeUnit = timeUnitFor(tN - t0);
  const x = scaleLinear()
    .domain([t0 / timeUnit.ms, tN / timeUnit.ms])
    .range([plotLeft, plotRight]);
  const xTicks = x
    .ticks(Math.max(2, Math.floor((plotRight - plotLeft) / 80)))
    .map((v) => ({ pos: x(v), label: formatTimeTick(v, timeUnit) }));

  const drawable = (v: number) => Number.isFinite(v) && (!log || v > 0);
  const xOfMs = (ms: number) => x(ms / timeUnit.ms);
  const paths = lines.map((spec) => linePath(t, spec.values, xOfMs, y, drawable));

  return {
    width,
    height,
    legend,
    legendTop,
    plotLeft,
    plotRight,
    plotTop,
    plotBottom,
    xTicks,
    yTicks,
    paths,
    timeUnit,
    xOfMs,
    msOfX: (px) => x.invert(px) * timeUnit.ms,
    yOf: (v) => (drawable(v) ? y(v) : null),
  };
}

/** The index of the sample time nearest to `ms` (t ascending, non-empty). */
export function nearestIndex(t: readonly number[], ms: number): number {
  const i = bisector((d: number) => d).center(t, ms);
  return Math.max(0, Math.min(t.length - 1, i));
}

/** True when at least one line has a value that can be drawn. */
export function hasDrawableData(t: readonly number[], lines: readonly LineSpec[]): boolean {
  if (t.length === 0) return false;
  return lines.some((l) => l.values.some((v) => Number.isFinite(v)));
}

function yScale(
  lines: readonly LineSpec[],
  log: boolean,
  domain: readonly [number, number] | undefined,
): ScaleContinuousNumeric<number, number> {
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  let minPositive = Number.POSITIVE_INFINITY;
  for (const l of lines) {
    for (const v of l.values) {
      if (!Number.isFinite(v)) continue;
      if (v > max) max = v;
      if (v < min) min = v;
      if (v > 0 && v < minPositive) minPositive = v;
    }
  }
  if (log) {
    const lo = Number.isFinite(minPositive) ? minPositive : 1;
    const hi = max > lo ? max : lo * 10;
    return scaleLog().domain([lo, hi]).nice().clamp(true);
  }
  if (domain) {
    // A fixed domain still grows if the data leaves it (e.g. an over-100% reading).
    return scaleLinear()
      .domain([Math.min(domain[0], min), Math.max(domain[1], max)])
      .nice();
  }
  const hi = max > 0 ? max * 1.05 : 1;
  return scaleLinear()
    .domain([Math.min(0, min), hi])
    .nice();
}

/** Log ticks thinned to 1-2-5 or powers of ten so labels never crowd. */
function logTicks(y: ScaleContinuousNumeric<number, number>, count: number): number[] {
  const all = y.ticks(count);
  const mantissa = (v: number) => Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
  if (all.length <= count) return all;
  const oneTwoFive = all.filter((v) => [1, 2, 5].includes(mantissa(v)));
  if (oneTwoFive.length <= count) return oneTwoFive;
  return all.filter((v) => mantissa(v) === 1);
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/**
 * An SVG path through the drawable samples, with gaps where a sample cannot be drawn. Samples are
 * decimated per pixel column (M4: the first, lowest, highest and last sample of each column, in
 * order), which draws exactly the same picture as every sample but keeps a 2 000-point line to at
 * most four points per pixel — building the path is then cheap whatever the series length.
 */
export function linePath(
  t: readonly number[],
  vals: readonly number[],
  xOf: (ms: number) => number,
  yOf: (v: number) => number,
  drawable: (v: number) => boolean,
): string {
  let out = '';
  let open = false;
  let column = Number.NaN;
  let first = -1;
  let lo = -1;
  let hi = -1;
  let last = -1;
  const emit = (i: number) => {
    out += `${open ? 'L' : 'M'}${r1(xOf(t[i]))},${r1(yOf(vals[i]))}`;
    open = true;
  };
  const flush = () => {
    if (first < 0) return;
    emit(first);
    const a = Math.min(lo, hi);
    const b = Math.max(lo, hi);
    if (a !== first) emit(a);
    if (b !== a && b !== first) emit(b);
    if (last !== b && last !== first) emit(last);
    first = -1;
  };
  const n = Math.min(t.length, vals.length);
  for (let i = 0; i < n; i++) {
    const v = vals[i];
    if (!drawable(v)) {
      flush();
      open = false;
      column = Number.NaN;
      continue;
    }
    const px = Math.round(xOf(t[i]));
    if (px !== column) {
      flush();
      column = px;
      first = lo = hi = last = i;
    } else {
      if (v < vals[lo]) lo = i;
      if (v > vals[hi]) hi = i;
      last = i;
    }
  }
  flush();
  return out;
}
