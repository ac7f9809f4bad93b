/**
 * All charts of a run in a responsive grid, showing only those with something to say: latency and
 * throughput always; utilisation once nodes report; queue, lag, hit ratio and cost only when the
 * series carries their metrics.
 */

import { useMemo } from 'react';
import type { Series } from '../../scenario/resultTypes';
import { CostChart, hasCostData } from './CostChart';
import { LatencyChart } from './LatencyChart';
import { ChartMarksContext, type TimeMark } from './marks';
import { HitRatioChart, LagChart, QueueChart, UtilizationChart } from './nodeCharts';
import { hasNodeMetric } from './nodeMetrics';
import { SloChart, type SloChartInfo } from './SloChart';
import { ThroughputChart } from './ThroughputChart';
import { useMeasuredWidth } from './useChartWidth';

const NO_MARKS: readonly TimeMark[] = [];

/** Gap between charts, px. */
const GAP = 12;

/**
 * The width of one column of the grid below (repeat(auto-fill, minmax(min(100%, min), 1fr))): as
 * many columns as fit at `min` px, sharing the width. Passing it to the charts means each is drawn
 * once at its final width, instead of each measuring itself after a first draw at a guess.
 */
export function columnWidth(total: number, min: number): number {
  const cols = Math.max(1, Math.floor((total + GAP) / (Math.min(min, total) + GAP)));
  return Math.floor((total - GAP * (cols - 1)) / cols);
}

export interface ChartsPanelProps {
  series: Series;
  cursorMs: number | null;
  onCursor(ms: number | null): void;
  /** Height of each chart, px. Default 220. */
  chartHeight?: number;
  /** Smallest column width before the grid drops a column, px. Default 380. */
  minColumnWidth?: number;
  /** Passed to the cost chart (see CostChart). */
  costSeries?: readonly number[];
  costPerHour?: Readonly<Record<string, number>>;
  /** Marks on every chart's time axis (recorded events). Default none. */
  marks?: readonly TimeMark[];
  /** The scenario's SLO: its error-budget chart comes right after throughput. Default none. */
  slo?: SloChartInfo;
}

export function ChartsPanel(props: ChartsPanelProps) {
  const { series, cursorMs, onCursor, chartHeight, costSeries, costPerHour } = props;
  const minColumn = props.minColumnWidth ?? 380;
  const [ref, total] = useMeasuredWidth<HTMLElement>();
  const width = total === null ? undefined : columnWidth(total, minColumn);
  const common = { series, cursorMs, onCursor, height: chartHeight, width };
  // Scanning the metrics is cheap but not free at 2 000 points × many nodes; do it once per series,
  // not on every cursor move.
  const show = useMemo(
    () => ({
      utilization: hasNodeMetric(series, 'utilization'),
      queue: hasNodeMetric(series, 'queue') || hasNodeMetric(series, 'depth'),
      lag: hasNodeMetric(series, 'lagMs'),
      hitRatio: hasNodeMetric(series, 'hitRatio'),
    }),
    [series],
  );
  const showCost = hasCostData(series, costSeries, costPerHour);
  return (
    <section
      ref={ref}
      data-testid="charts"
      aria-label="Charts"
      style={{
        display: 'grid',
        gridTemplateColumns: `repeat(auto-fill, minmax(min(100%, ${minColumn}px), 1fr))`,
        gap: GAP,
        alignItems: 'start',
        // Until the width is known nothing is drawn; keep the room the charts will take.
        minHeight: total === null ? (chartHeight ?? 220) + 40 : undefined,
      }}
    >
      {total !== null && (
        <ChartMarksContext.Provider value={props.marks ?? NO_MARKS}>
          <LatencyChart {...common} />
          <ThroughputChart {...common} />
          {props.slo && <SloChart {...common} slo={props.slo} />}
          {show.utilization && <UtilizationChart {...common} />}
          {show.queue && <QueueChart {...common} />}
          {show.lag && <LagChart {...common} />}
          {show.hitRatio && <HitRatioChart {...common} />}
          {showCost && <CostChart {...common} costSeries={costSeries} costPerHour={costPerHour} />}
        </ChartMarksContext.Provider>
      )}
    </section>
  );
}
