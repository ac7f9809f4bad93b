import type { Series } from '../../scenario/resultTypes';

/** Props every chart takes. Times are simulated milliseconds, like `series.t`. */
export interface ChartProps {
  /** The run's time series (result@1 `series`); empty arrays show the chart's empty state. */
  series: Series;
  /** The shared cursor: a simulated time in ms that every chart marks, or null for none. */
  cursorMs: number | null;
  /** Called with the sample time under the pointer while hovering, and null when it leaves. */
  onCursor(ms: number | null): void;
  /** Height of the chart in px, legend rows beyond the first excluded. Default 220. */
  height?: number;
  /** Fixed width in px; by default the chart fills its container (measured with ResizeObserver). */
  width?: number;
}

/** One line on a chart. `values[i]` belongs to `series.t[i]`; non-finite values leave a gap. */
export interface LineSpec {
  key: string;
  label: string;
  values: readonly number[];
  /** CSS colour (may be a var(--…) reference). */
  colour: string;
  /** SVG stroke-dasharray; empty or absent = solid. */
  dash?: string;
  /** Stroke width in px. Default 1.5. */
  width?: number;
}
