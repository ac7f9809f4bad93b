/** Per-node charts: utilisation, queue depth, replication lag and cache hit ratio. */
import { useMemo } from 'react';
import { formatAxisMs, formatAxisPercent, formatQuantity } from './format';
import { LineChart } from './LineChart';
import { nodeMetricLines } from './nodeMetrics';
import type { ChartProps } from './types';

const PERCENT_DOMAIN = [0, 100] as const;

/** Busy fraction of each node's servers (cores, or a database's connections), 0–100%. */
export function UtilizationChart(props: ChartProps) {
  const lines = useMemo(() => nodeMetricLines(props.series, ['utilization'], 100), [props.series]);
  return (
    <LineChart
      testId="chart-utilization"
      title="Utilisation"
      unit="%"
      t={props.series.t}
      lines={lines}
      domain={PERCENT_DOMAIN}
      formatValue={formatAxisPercent}
      emptyText="Press play to see how busy each node is"
      cursorMs={props.cursorMs}
      onCursor={props.onCursor}
      height={props.height}
      width={props.width}
    />
  );
}

/** Requests waiting at each node (a queue broker's job depth where it has one). */
export function QueueChart(props: ChartProps) {
  const lines = useMemo(() => nodeMetricLines(props.series, ['depth', 'queue']), [props.series]);
  return (
    <LineChart
      testId="chart-queue"
      title="Queue depth"
      unit="waiting"
      t={props.series.t}
      lines={lines}
      formatValue={formatQuantity}
      emptyText="Press play to see queues build up"
      cursorMs={props.cursorMs}
      onCursor={props.onCursor}
      height={props.height}
      width={props.width}
    />
  );
}

/** How far each read replica is behind its primary, ms. */
export function LagChart(props: ChartProps) {
  const lines = useMemo(() => nodeMetricLines(props.series, ['lagMs']), [props.series]);
  return (
    <LineChart
      testId="chart-lag"
      title="Replication lag"
      unit="ms"
      t={props.series.t}
      lines={lines}
      formatValue={formatAxisMs}
      emptyText="Add a read replica to see replication lag"
      cursorMs={props.cursorMs}
      onCursor={props.onCursor}
      height={props.height}
      width={props.width}
    />
  );
}

/** Share of cache gets that were hits, per cache, 0–100%. */
export function HitRatioChart(props: ChartProps) {
  const lines = useMemo(() => nodeMetricLines(props.series, ['hitRatio'], 100), [props.series]);
  return (
    <LineChart
      testId="chart-hit-ratio"
      title="Cache hit ratio"
      unit="%"
      t={props.series.t}
      lines={lines}
      domain={PERCENT_DOMAIN}
      formatValue={formatAxisPercent}
      emptyText="Add a cache to see its hit ratio"
      cursorMs={props.cursorMs}
      onCursor={props.onCursor}
      height={props.height}
      width={props.width}
    />
  );
}
