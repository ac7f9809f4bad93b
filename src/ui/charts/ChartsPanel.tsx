/**
 * All charts of a run in a responsive grid, showing only those with something to say: latency and
 * throughput always; utilisation once nodes report; queue, lag, hit ratio and cost only when the
 * series carries their metrics.
 */

import { useMemo } from 'react';
import type { Series } from '../../scenario/resultTypes';
import { CostChart, hasCostData } from './CostChart';
import { LatencyChart } from './LatencyChart';
import { HitRatioChart, LagChart, QueueChart, UtilizationChart } from './nodeCharts';
import { hasNodeMetric } from './nodeMetrics';
import { ThroughputChart } from './ThroughputChart';

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
}

export function ChartsPanel(props: ChartsPanelProps) {
  const { series, cursorMs, onCursor, chartHeight, costSeries, costPerHour } = props;
  const common = { series, cursorMs, onCursor, height: chartHeight };
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
      data-testid="charts"
      aria-label="Charts"
      style={{
        display: 'grid',
        gridTemplateColumns: `repeat(auto-fill, minmax(min(100%, ${props.minColumnWidth ?? 380}px), 1fr))`,
        gap: 12,
        alignItems: 'start',
      }}
    >
      <LatencyChart {...common} />
      <ThroughputChart {...common} />
      {show.utilization && <UtilizationChart {...common} />}
      {show.queue && <QueueChart {...common} />}
      {show.lag && <LagChart {...common} />}
      {show.hitRatio && <HitRatioChart {...common} />}
      {showCost && <CostChart {...common} costSeries={costSeries} costPerHour={costPerHour} />}
    </section>
  );
}
