/** Per-node charts: utilisation, queue depth, replication lag and cache hit ratio. */
import { useMemo } from 'react';
import { nameOf, useNodeNames } from '../panels/nodeNames';
import { formatAxisMs, formatAxisPercent, formatQuantity } from './format';
import { LineChart } from './LineChart';
import { nodeMetricLines } from './nodeMetrics';
import type { ChartProps } from './types';

const PERCENT_DOMAIN = [0, 100] as const;

/** What one per-node chart shows: which series extras, scaled how, on what axis. */
interface NodeChartSpec {
  testId: string;
  title: string;
  unit: string;
  /** Series names per node, the first one present wins (see nodeMetricLines). */
  metrics: readonly string[];
  /** Multiplies each value (100 for fractions shown as %); default 1. */
  scale?: number;
  domain?: readonly [number, number];
  formatValue: (v: number) => string;
  emptyText: string;
}

function NodeMetricChart({ spec, ...props }: ChartProps & { spec: NodeChartSpec }) {
  const names = useNodeNames();
  const lines = useMemo(
    () => nodeMetricLines(props.series, spec.metrics, spec.scale, (id) => nameOf(names, id)),
    [props.series, spec, names],
  );
  return (
    <LineChart
      testId={spec.testId}
      title={spec.title}
      unit={spec.unit}
      t={props.series.t}
      lines={lines}
      domain={spec.domain}
      formatValue={spec.formatValue}
      emptyText={spec.emptyText}
      cursorMs={props.cursorMs}
      onCursor={props.onCursor}
      height={props.height}
      width={props.width}
    />
  );
}

/** Busy fraction of each node's servers (cores, or a database's connections), 0–100%. */
const UTILIZATION: NodeChartSpec = {
  testId: 'chart-utilization',
  title: 'Utilisation',
  unit: '%',
  metrics: ['utilization'],
  scale: 100,
  domain: PERCENT_DOMAIN,
  formatValue: formatAxisPercent,
  emptyText: 'Press play to see how busy each node is',
};
export const UtilizationChart = (props: ChartProps) => <NodeMetricChart spec={UTILIZATION} {...props} />;

/** Requests waiting at each node (a queue broker's job depth where it has one). */
const QUEUE: NodeChartSpec = {
  testId: 'chart-queue',
  title: 'Queue depth',
  unit: 'waiting',
  metrics: ['depth', 'queue'],
  formatValue: formatQuantity,
  emptyText: 'Press play to see queues build up',
};
export const QueueChart = (props: ChartProps) => <NodeMetricChart spec={QUEUE} {...props} />;

/** How far each read replica is behind its primary, ms. */
const LAG: NodeChartSpec = {
  testId: 'chart-lag',
  title: 'Replication lag',
  unit: 'ms',
  metrics: ['lagMs'],
  formatValue: formatAxisMs,
  emptyText: 'Add a read replica to see replication lag',
};
export const LagChart = (props: ChartProps) => <NodeMetricChart spec={LAG} {...props} />;

/** Share of cache gets that were hits, per cache, 0–100%. */
const HIT_RATIO: NodeChartSpec = {
  testId: 'chart-hit-ratio',
  title: 'Cache hit ratio',
  unit: '%',
  metrics: ['hitRatio'],
  scale: 100,
  domain: PERCENT_DOMAIN,
  formatValue: formatAxisPercent,
  emptyText: 'Add a cache to see its hit ratio',
};
export const HitRatioChart = (props: ChartProps) => <NodeMetricChart spec={HIT_RATIO} {...props} />;
