/** Charts of a run over simulated time (DESIGN §5), sharing one cursor. */
export { ChartsPanel, type ChartsPanelProps } from './ChartsPanel';
export { CostChart, type CostChartProps, hasCostData, totalCost } from './CostChart';
export { LatencyChart, type LatencyChartProps } from './LatencyChart';
export { DEFAULT_CHART_HEIGHT, LineChart, type LineChartProps } from './LineChart';
export { HitRatioChart, LagChart, QueueChart, UtilizationChart } from './nodeCharts';
export { hasNodeMetric, nodeMetricLines, sortedNodeIds } from './nodeMetrics';
export {
  DASHES,
  OKABE_ITO,
  PERCENTILE_STYLE,
  SERIES_COLOURS,
  seriesColour,
  seriesDash,
  THEME,
} from './palette';
export { SloChart, type SloChartInfo, sloSentence } from './SloChart';
export { type SloView, sloView } from './sloView';
export { ThroughputChart } from './ThroughputChart';
export type { ChartProps, LineSpec } from './types';
