/** The charts of the run on screen, sharing one cursor. */
import { useMemo } from 'react';
import { useRunStore } from '../../store/runStore';
import { useScenarioStore } from '../../store/scenarioStore';
import { validate } from '../../store/validation';
import { useViewStore } from '../../store/viewStore';
import { ChartsPanel } from '../charts';

export function Charts() {
  const series = useRunStore((s) => s.series);
  const cursorMs = useViewStore((s) => s.cursorMs);
  const setCursor = useViewStore((s) => s.setCursor);
  const input = useScenarioStore((s) => s.input);
  const costPerHour = useMemo(() => {
    const parsed = validate(input);
    if (!parsed.ok) return undefined;
    return Object.fromEntries(parsed.scenario.nodes.map((n) => [n.id, n.costPerHour]));
  }, [input]);
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
    />
  );
}
