/**
 * The charts of the run on screen, sharing one cursor. A new series (twice a second while running,
 * and the result's at the end) is drawn through useDeferredValue: React renders it in the
 * background, yielding to the page every few ms, so redrawing every chart never freezes it.
 */
import { useDeferredValue, useMemo } from 'react';
import { recordedRows } from '../../store/recorded';
import { useRunStore } from '../../store/runStore';
import { useScenarioStore } from '../../store/scenarioStore';
import { validate } from '../../store/validation';
import { useViewStore } from '../../store/viewStore';
import { ChartsPanel } from '../charts';

export function Charts() {
  const series = useDeferredValue(useRunStore((s) => s.series));
  const cursorMs = useViewStore((s) => s.cursorMs);
  const setCursor = useViewStore((s) => s.setCursor);
  const input = useScenarioStore((s) => s.input);
  const result = useRunStore((s) => s.result);
  const parsed = useMemo(() => validate(input), [input]);
  const costPerHour = useMemo(() => {
    if (!parsed.ok) return undefined;
    return Object.fromEntries(parsed.scenario.nodes.map((n) => [n.id, n.costPerHour]));
  }, [parsed]);
  // The result's own objective wins: it is what the finished run was counted against.
  const sloSpec = parsed.ok ? parsed.scenario.slo : undefined;
  const slo = useMemo(
    () =>
      result?.slo
        ? {
            objective: result.slo.objective,
            latencyMs: result.slo.latencyMs ?? undefined,
            result: result.slo,
          }
        : sloSpec
          ? { objective: sloSpec.objective, latencyMs: sloSpec.latency }
          : undefined,
    [result, sloSpec],
  );
  const marks = useMemo(
    () => recordedRows(input).map((r) => ({ t: r.atMs, label: `${r.node} ${r.what}` })),
    [input],
  );
  if (!series || series.t.length === 0) {
    return (
      <section className="charts-empty" aria-label="Charts">
        <p className="muted">
          Charts fill in as the run plays: latency, throughput and errors, utilisation, queues, lag, hit
          ratio, cost.
        </p>
      </section>
    );
  }
  return (
    <ChartsPanel
      series={series}
      cursorMs={cursorMs}
      onCursor={setCursor}
      chartHeight={180}
      minColumnWidth={340}
      costPerHour={costPerHour}
      marks={marks}
      slo={slo}
    />
  );
}
