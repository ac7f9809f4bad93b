/** Independent replications: the headline figures' means with 95% Student-t intervals. */
import type { Interval } from '../../analysis/experiments';
import { useExperimentStore } from '../../store/experimentStore';
import { runReplications } from '../../store/experiments';
import { formatMs, formatPercent, formatRate } from '../format';
import { Progress, StaleNote, useActive, useBusy, useIsStale, useRunNote } from './common';

/**
 * One figure's row. `points`: the figure is a fraction (the error rate), whose half-width reads in
 * percentage points ("±1.8 pp"), as A/B does — a relative ±% of a rate would read as its change.
 */
function IntervalRow({
  label,
  iv,
  fmt,
  points = false,
}: {
  label: string;
  iv: Interval;
  fmt(v: number): string;
  points?: boolean;
}) {
  const half = (iv.high - iv.low) / 2;
  const rel = iv.mean !== 0 ? Math.abs(half / iv.mean) : 0;
  const spread = points
    ? `±${(half * 100).toFixed(half * 100 < 10 ? 1 : 0)} pp`
    : `±${(rel * 100).toFixed(rel < 0.1 ? 1 : 0)}%`;
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{fmt(iv.mean)}</td>
      <td className="num">
        {fmt(iv.low)} – {fmt(iv.high)}
      </td>
      <td className="num muted">{spread}</td>
    </tr>
  );
}

export function ReplicationsSection() {
  const reps = useExperimentStore((s) => s.replications);
  const n = useExperimentStore((s) => s.replicationCount);
  const setN = useExperimentStore((s) => s.setReplicationCount);
  const active = useActive('replicate');
  const busy = useBusy();
  const stale = useIsStale(reps);
  const note = useRunNote(reps, active !== null);
  return (
    <section className="experiment" data-testid="replications" aria-label="Replications">
      <header className="experiment-head">
        <h3>Replications</h3>
        <label className="run-field small">
          N
          <input
            type="number"
            data-testid="replications-n"
            min={2}
            max={30}
            value={n}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isInteger(v) && v >= 2 && v <= 30) setN(v);
            }}
          />
        </label>
        <button
          type="button"
          className="primary"
          data-testid="replications-run"
          onClick={() => void runReplications()}
          disabled={busy}
        >
          Run
        </button>
      </header>
      <p className="muted small">
        {n} independent runs of the same scenario (different random streams), so the spread of each figure
        shows. {note}
      </p>
      {active && <Progress active={active} testId="replications-progress" />}
      <StaleNote stale={stale && !active} />
      {reps && !active && (
        <table className="insight-table" data-testid="replications-table">
          <thead>
            <tr>
              <th scope="col">{reps.runs.length} runs</th>
              <th scope="col" className="num">
                Mean
              </th>
              <th scope="col" className="num">
                95% interval
              </th>
              <th scope="col" className="num">
                ±
              </th>
            </tr>
          </thead>
          <tbody>
            <IntervalRow label="Mean latency" iv={reps.meanMs} fmt={formatMs} />
            <IntervalRow label="p99 latency" iv={reps.p99Ms} fmt={formatMs} />
            <IntervalRow label="Throughput" iv={reps.throughputRps} fmt={formatRate} />
            <IntervalRow label="Errors" iv={reps.errorRate} fmt={formatPercent} points />
          </tbody>
        </table>
      )}
    </section>
  );
}
