/** Completed requests per second against failed requests per second, on one req/s axis. */
import { useMemo } from 'react';
import { formatQuantity } from './format';
import { LineChart } from './LineChart';
import { OKABE_ITO } from './palette';
import type { ChartProps, LineSpec } from './types';

/**
 * `series.errors` is read as errors per second over each interval (the same unit as `series.rps`),
 * so the two lines share an axis honestly.
 */
export function ThroughputChart(props: ChartProps) {
  const { series } = props;
  const lines = useMemo<LineSpec[]>(
    () => [
      {
        key: 'rps',
        label: 'throughput',
        values: series.rps,
        colour: `var(--chart-ok, ${OKABE_ITO.blue})`,
        width: 2,
      },
      {
        key: 'errors',
        label: 'errors',
        values: series.errors,
        colour: `var(--chart-error, ${OKABE_ITO.vermillion})`,
        dash: '6 3',
        width: 1.75,
      },
    ],
    [series],
  );
  return (
    <LineChart
      testId="chart-throughput"
      title="Throughput and errors"
      unit="req/s"
      t={series.t}
      lines={lines}
      formatValue={formatQuantity}
      emptyText="Press play to see throughput and errors over time"
      cursorMs={props.cursorMs}
      onCursor={props.onCursor}
      height={props.height}
      width={props.width}
    />
  );
}
