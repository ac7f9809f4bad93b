/**
 * The SLO's error budget burning over simulated time: the share of the budget used so far, the
 * whole budget as a dashed 100% line, the figure "x% of the error budget used" and, on a finished
 * run, a mark where the budget ran out.
 */
import { useContext, useMemo } from 'react';
import type { Series } from '../../scenario/resultTypes';
import type { SloResult } from '../../scenario/slo';
import { formatAxisPercent, formatClock } from './format';
import { LineChart } from './LineChart';
import { ChartMarksContext } from './marks';
import { OKABE_ITO, THEME } from './palette';
import { sloView } from './sloView';
import type { ChartProps, LineSpec } from './types';
import './slo.css';

/** The scenario's objective and threshold (what the chart is about), and the result's figures once finished. */
export interface SloChartInfo {
  objective: number;
  /** ms, or undefined for an availability-only SLO. */
  latencyMs?: number;
  result?: SloResult;
}

export interface SloChartProps extends ChartProps {
  slo: SloChartInfo;
}

/** "99.9% of requests within 300 ms". */
export function sloSentence(objective: number, latencyMs?: number): string {
  const pct = `${+(objective * 100).toPrecision(6)}%`;
  return latencyMs === undefined
    ? `${pct} of requests succeed`
    : `${pct} of requests succeed within ${formatClockMs(latencyMs)}`;
}

function formatClockMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toPrecision(4)} s` : `${+ms.toPrecision(4)} ms`;
}

function percentText(p: number): string {
  if (!Number.isFinite(p)) return '–';
  return p < 10 ? `${p.toFixed(1)}%` : `${Math.round(p).toLocaleString('en-US')}%`;
}

export function SloChart(props: SloChartProps) {
  const { series, slo } = props;
  const view = useMemo(
    () => sloView(series as Series, slo.result, slo.objective),
    [series, slo.result, slo.objective],
  );
  const lines = useMemo<LineSpec[]>(
    () =>
      view
        ? [
            {
              key: 'used',
              label: 'budget used',
              values: view.usedPct,
              colour: `var(--chart-error, ${OKABE_ITO.vermillion})`,
              width: 2,
            },
            {
              key: 'budget',
              label: 'whole budget',
              values: view.t.map(() => 100),
              colour: THEME.muted,
              dash: '6 3',
              width: 1.25,
            },
          ]
        : [],
    [view],
  );
  const outer = useContext(ChartMarksContext);
  const marks = useMemo(
    () =>
      view?.exhaustedAtMs != null
        ? [...outer, { t: view.exhaustedAtMs, label: 'error budget ran out' }]
        : outer,
    [outer, view],
  );
  const ranOut = view?.exhaustedAtMs ?? null;
  return (
    <div className="slo-chart" data-testid="chart-slo">
      <p className="slo-figure" data-testid="slo-figure">
        <strong data-testid="slo-budget-used">{percentText(view?.nowPct ?? Number.NaN)}</strong> of the error
        budget used{view?.live ? ' so far' : ''}
        {ranOut !== null && (
          <>
            {' '}
            · <span data-testid="slo-ran-out">ran out at {formatClock(ranOut)}</span>
          </>
        )}
        <span className="muted"> · SLO: {sloSentence(slo.objective, slo.latencyMs)}</span>
      </p>
      <ChartMarksContext.Provider value={marks}>
        <LineChart
          testId="chart-slo-burn"
          title="Error budget"
          unit="% used"
          t={view?.t ?? []}
          lines={lines}
          formatValue={formatAxisPercent}
          formatReadout={(v) => `${formatAxisPercent(v)}%`}
          domain={[0, 100]}
          emptyText="The error budget is counted after the warm-up"
          cursorMs={props.cursorMs}
          onCursor={props.onCursor}
          height={props.height}
          width={props.width}
        />
      </ChartMarksContext.Provider>
    </div>
  );
}
