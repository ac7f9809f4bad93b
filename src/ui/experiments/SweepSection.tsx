/** The load sweep: the scenario at 0.25× … 3× its traffic, latency and goodput against offered load, the knee marked. */
import { useMemo } from 'react';
import { SWEEP_FACTORS, type SweepOutcome, sweepJson } from '../../experiments';
import { downloadText } from '../../share/download';
import { useExperimentStore } from '../../store/experimentStore';
import { runSweep } from '../../store/experiments';
import { formatAxisMs, formatQuantity } from '../charts/format';
import { formatPercent } from '../format';
import { nameOf, useNodeNames } from '../panels/nodeNames';
import { Progress, StaleNote, useActive, useBusy, useIsStale, useRunNote } from './common';
import { SweepChart } from './SweepChart';

type Point = SweepOutcome['points'][number];

/** "0.75×", "1.56×": a traffic factor, refined ones included, to two decimals at most. */
export const formatFactor = (f: number) => `${Number(f.toFixed(2))}×`;

/**
 * The sentence under the chart: where the knee is, or why there is none. `troubled`: the measured
 * window holds a timed failure or slowdown, which can break even the lightest load.
 */
export function kneeSentence(points: readonly Point[], knee: number, troubled = false): string {
  if (points.length === 0) return '';
  if (knee >= 0) {
    const p = points[knee];
    return `The knee: up to ≈ ${formatQuantity(p.offeredRps)} req/s (${formatFactor(p.factor)} traffic) the system keeps up; one step further p99 more than doubles, errors pass 1% or goodput falls behind the load.`;
  }
  const first = points[0];
  const broken = first.errorRate > 0.01 || first.goodputRps < 0.95 * first.offeredRps * (1 - first.errorRate);
  if (broken && troubled)
    return `Even at ${formatFactor(first.factor)} traffic requests fail or fall behind: the measured window holds the scenario's failure, so read the curves as how its damage grows with load.`;
  return broken
    ? `Already past the knee at ${formatFactor(first.factor)} traffic: even the lightest load tried fails or falls behind.`
    : `No knee up to ${formatFactor(points[points.length - 1].factor)} traffic: the system keeps up at every load tried.`;
}

/** The capacity the sweep measured: the goodput plateau and the node that limits it. */
export function capacitySentence(
  o: Pick<SweepOutcome, 'saturationRps' | 'bottleneck'>,
  name: (id: string) => string,
): string {
  const who = o.bottleneck ? name(o.bottleneck) : null;
  if (o.saturationRps === null)
    return who
      ? `No saturation at the loads tried; the busiest at the heaviest load is ${who}.`
      : 'No saturation at the loads tried.';
  return `Goodput levels off at ≈ ${formatQuantity(o.saturationRps)} req/s${who ? `, limited by ${who} (the busiest node there)` : ''}.`;
}

export function SweepSection() {
  const sweep = useExperimentStore((s) => s.sweep);
  const error = useExperimentStore((s) => s.error);
  const names = useNodeNames();
  const active = useActive('sweep');
  const busy = useBusy();
  const stale = useIsStale(sweep);
  const note = useRunNote(sweep, active !== null);
  const livePoints = useMemo(
    () =>
      active
        ? active.runs
            .flatMap((s, i) => {
              const load = active.loads[i];
              return s && load ? [{ ...s, ...load, goodputRps: s.throughputRps, summary: s }] : [];
            })
            .sort((a, b) => a.offeredRps - b.offeredRps)
        : null,
    [active],
  );
  const points = livePoints ?? sweep?.points ?? [];
  const knee = active ? null : (sweep?.knee ?? null);
  return (
    <section className="experiment" data-testid="sweep" aria-label="Load sweep">
      <header className="experiment-head">
        <h3>Load sweep</h3>
        <button
          type="button"
          className="primary"
          data-testid="sweep-run"
          onClick={() => void runSweep()}
          disabled={busy}
        >
          {sweep ? 'Run again' : 'Run sweep'}
        </button>
        {sweep && !active && (
          <button
            type="button"
            data-testid="sweep-export"
            title="Download the sweep as scalelab/sweep@1 JSON (what `npm run sim -- sweep --json` prints)"
            onClick={() =>
              downloadText('sweep.json', JSON.stringify(sweepJson(sweep, sweep.window)), 'application/json')
            }
          >
            Export JSON
          </button>
        )}
      </header>
      <p className="muted small">
        {SWEEP_FACTORS.length} runs at {SWEEP_FACTORS[0]}× … {SWEEP_FACTORS[SWEEP_FACTORS.length - 1]}× the
        scenario's traffic, all on the same seed, then a few more between the knee and the next step to place
        it closer. {note}
      </p>
      {active && <Progress active={active} testId="sweep-progress" />}
      {error && !active && <p className="stale-note small">{error}</p>}
      <StaleNote stale={stale && !active} />
      {points.length > 0 && <SweepChart points={points} knee={knee} />}
      {sweep && !active && (
        <p className="insight-lead" data-testid="sweep-knee-text">
          {kneeSentence(sweep.points, sweep.knee, sweep.window.trouble !== undefined)}{' '}
          <span data-testid="sweep-capacity">{capacitySentence(sweep, (id) => nameOf(names, id))}</span>
        </p>
      )}
      {sweep && !active && (
        <details className="experiment-details">
          <summary>Figures of each run</summary>
          <table className="insight-table">
            <thead>
              <tr>
                <th scope="col">Traffic</th>
                <th scope="col" className="num">
                  Offered
                </th>
                <th scope="col" className="num">
                  Goodput
                </th>
                <th scope="col" className="num">
                  p50
                </th>
                <th scope="col" className="num">
                  p99
                </th>
                <th scope="col" className="num">
                  Errors
                </th>
              </tr>
            </thead>
            <tbody>
              {sweep.points.map((p, i) => (
                <tr key={p.factor} className={i === sweep.knee ? 'is-bottleneck' : undefined}>
                  <th scope="row">{formatFactor(p.factor)}</th>
                  <td className="num">{formatQuantity(p.offeredRps)}/s</td>
                  <td className="num">{formatQuantity(p.goodputRps)}/s</td>
                  {p.goodputRps > 0 ? (
                    <>
                      <td className="num">{formatAxisMs(p.p50Ms)} ms</td>
                      <td className="num">{formatAxisMs(p.p99Ms)} ms</td>
                    </>
                  ) : (
                    <td className="num muted" colSpan={2} title="No request completed at this load">
                      none completed
                    </td>
                  )}
                  <td className="num">{formatPercent(p.errorRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
