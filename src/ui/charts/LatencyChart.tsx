/** End-to-end latency percentiles over simulated time, with a log-scale toggle. */
import { useMemo, useState } from 'react';
import { formatAxisMs } from './format';
import { LineChart, ToolbarButton } from './LineChart';
import { PERCENTILE_STYLE } from './palette';
import type { ChartProps, LineSpec } from './types';

export interface LatencyChartProps extends ChartProps {
  /** Start on a logarithmic y axis. Default false; the user toggles it in the chart. */
  defaultLog?: boolean;
}

export function LatencyChart(props: LatencyChartProps) {
  const { series } = props;
  const [log, setLog] = useState(props.defaultLog ?? false);
  const lines = useMemo<LineSpec[]>(() => {
    const pct = (key: 'p50' | 'p95' | 'p99', values: readonly number[] | undefined): LineSpec => ({
      key,
      label: key,
      values: values ?? [],
      colour: PERCENTILE_STYLE[key].colour,
      dash: PERCENTILE_STYLE[key].dash,
      width: PERCENTILE_STYLE[key].width,
    });
    return [pct('p50', series.p50Ms), pct('p95', series.p95Ms), pct('p99', series.p99Ms)];
  }, [series]);
  return (
    <LineChart
      testId="chart-latency"
      title="Latency"
      unit="ms"
      t={series.t}
      lines={lines}
      formatValue={formatAxisMs}
      log={log}
      emptyText="Press play to see latency over time"
      toolbar={
        <ToolbarButton
          label="log"
          title={log ? 'Use a linear latency axis' : 'Use a logarithmic latency axis'}
          pressed={log}
          onClick={() => setLog((v) => !v)}
        />
      }
      cursorMs={props.cursorMs}
      onCursor={props.onCursor}
      height={props.height}
      width={props.width}
    />
  );
}
