/** Infrastructure cost in dollars per hour over simulated time. */
import { useMemo } from 'react';
import type { Series } from '../../scenario/resultTypes';
import { formatDollars } from './format';
import { LineChart } from './LineChart';
import { OKABE_ITO } from './palette';
import type { ChartProps, LineSpec } from './types';

export interface CostChartProps extends ChartProps {
  /** Total $/h per sample of `series.t`; wins over anything derived from the series. */
  costSeries?: readonly number[];
  /** $/h per instance by node id, multiplied by each node's `instances` metric when no cost is given. */
  costPerHour?: Readonly<Record<string, number>>;
}

/**
 * The total cost per sample: `costSeries` if given, else the sum of the nodes' `cost` metrics, else
 * Σ instances × costPerHour. Null when none of these is available.
 */
export function totalCost(
  series: Series,
  costSeries?: readonly number[],
  costPerHour?: Readonly<Record<string, number>>,
): readonly number[] | null {
  if (costSeries && costSeries.length > 0) return costSeries;
  const n = series.t.length;
  const ids = Object.keys(series.nodes ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const fromCost = ids.filter((id) => series.nodes[id].cost !== undefined);
  const fromInstances = ids.filter((id) => costPerHour?.[id] !== undefined && series.nodes[id].instances);
  if (fromCost.length === 0 && fromInstances.length === 0) return null;
  const total = new Array<number>(n).fill(0);
  if (fromCost.length > 0) {
    for (const id of fromCost) addInto(total, series.nodes[id].cost, 1);
  } else {
    for (const id of fromInstances) addInto(total, series.nodes[id].instances, costPerHour![id]);
  }
  return total;
}

/** Whether totalCost would find anything, without building the series. */
export function hasCostData(
  series: Series,
  costSeries?: readonly number[],
  costPerHour?: Readonly<Record<string, number>>,
): boolean {
  if (costSeries && costSeries.length > 0) return true;
  return Object.keys(series.nodes ?? {}).some(
    (id) =>
      series.nodes[id].cost !== undefined ||
      (costPerHour?.[id] !== undefined && !!series.nodes[id].instances),
  );
}

function addInto(total: number[], values: readonly number[], factor: number): void {
  for (let i = 0; i < total.length; i++) total[i] += (values[i] ?? Number.NaN) * factor;
}

export function CostChart(props: CostChartProps) {
  const { series, costSeries, costPerHour } = props;
  // Keyed on the prices' content, so a caller passing a fresh object literal each render does not
  // recompute the chart on every cursor move.
  const priceKey = costPerHour ? JSON.stringify(costPerHour) : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: priceKey stands for costPerHour.
  const lines = useMemo<LineSpec[]>(() => {
    const total = totalCost(series, costSeries, costPerHour);
    return total
      ? [
          {
            key: 'cost',
            label: 'total cost',
            values: total,
            colour: `var(--chart-cost, ${OKABE_ITO.bluishGreen})`,
            width: 2,
          },
        ]
      : [];
  }, [series, costSeries, priceKey]);
  return (
    <LineChart
      testId="chart-cost"
      title="Cost"
      unit="$/h"
      t={series.t}
      lines={lines}
      formatValue={formatDollars}
      formatReadout={(v) => `${formatDollars(v)}/h`}
      emptyText="Press play to see what the architecture costs per hour"
      cursorMs={props.cursorMs}
      onCursor={props.onCursor}
      height={props.height}
      width={props.width}
    />
  );
}
