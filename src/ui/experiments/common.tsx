/** Pieces the experiment sections share: the run-length note, progress with cancel, staleness. */
import { useMemo } from 'react';
import {
  type ExperimentWindow,
  experimentWindow,
  MEASURED_CAP_MS,
  type TroubleEvent,
} from '../../experiments';
import type { ActiveExperiment, Provenance } from '../../store/experimentStore';
import { useExperimentStore } from '../../store/experimentStore';
import { cancelExperiment } from '../../store/experiments';
import { simulationKey, useScenarioStore } from '../../store/scenarioStore';
import { validate } from '../../store/validation';
import { formatSeconds } from '../format';
import { nameOf, useNodeNames } from '../panels/nodeNames';

/** "2 min 30 s", "45 s". */
export function formatSpan(ms: number): string {
  if (ms < 60_000) return ms % 1000 === 0 ? `${ms / 1000} s` : formatSeconds(ms);
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms - min * 60_000) / 1000);
  return s === 0 ? `${min} min` : `${min} min ${s} s`;
}

/** "Replica 1 fails", "the app → db wire is removed". */
function troubleText(e: TroubleEvent, name: (id: string) => string): string {
  switch (e.do) {
    case 'fail':
      return `${name(e.node)} fails`;
    case 'remove-node':
      return `${name(e.node)} is removed`;
    case 'slow':
      return `${name(e.node)} slows down ×${e.factor}`;
    case 'remove-edge':
      return `the ${name(e.from)} → ${name(e.to)} wire is removed`;
  }
}

/**
 * What one experiment run simulates and measures, in a sentence; `name` turns node ids into what
 * the canvas shows.
 */
export function runLengthNote(
  w: ExperimentWindow,
  scenarioMs: number,
  warmupMs: number,
  name: (id: string) => string = (id) => id,
): string {
  if (w.toMs >= scenarioMs && w.fromMs <= warmupMs)
    return `Each run simulates the whole scenario: ${formatSpan(scenarioMs)}, of which ${formatSpan(warmupMs)} warm-up.`;
  const span = `from ${formatSpan(w.fromMs)} to ${formatSpan(w.toMs)}`;
  const t = w.trouble;
  const measured = !t
    ? `measures the ${formatSpan(MEASURED_CAP_MS)} with the most traffic, ${span}`
    : t.at === w.fromMs
      ? `measures the ${formatSpan(MEASURED_CAP_MS)} ${span}, starting when ${troubleText(t, name)}`
      : `measures the ${formatSpan(MEASURED_CAP_MS)} ${span}, in which ${troubleText(t, name)} (at ${formatSpan(t.at)})`;
  if (w.toMs >= scenarioMs)
    return `Each run simulates the whole scenario (${formatSpan(scenarioMs)}) and ${measured}.`;
  return `Each run simulates the first ${formatSpan(w.toMs)} of the scenario's ${formatSpan(scenarioMs)} and ${measured}, so experiments stay quick.`;
}

/**
 * The run-length note a section shows: for the result on screen (`done`, unless an experiment is
 * under way), else for the scenario on screen (null when it is invalid).
 */
export function useRunNote(done: Provenance | null, running: boolean): string | null {
  const input = useScenarioStore((s) => s.input);
  const names = useNodeNames();
  const name = (id: string) => nameOf(names, id);
  if (done && !running) return runLengthNote(done.window, done.scenarioMs, done.warmupMs, name);
  const parsed = validate(input);
  if (!parsed.ok) return null;
  const s = parsed.scenario;
  return runLengthNote(experimentWindow(s), s.duration, s.warmup, name);
}

/** True when the scenario on screen is no longer the one `p` ran on. */
export function useIsStale(p: Provenance | null): boolean {
  const input = useScenarioStore((s) => s.input);
  const key = useMemo(() => simulationKey(input), [input]);
  return p !== null && p.key !== key;
}

export function StaleNote({ stale }: { stale: boolean }) {
  if (!stale) return null;
  return <p className="stale-note small">The scenario has changed since this ran: run it again to update.</p>;
}

/** Progress bar with the runs done and a cancel button, for the experiment of `kind` under way. */
export function Progress({ active, testId }: { active: ActiveExperiment; testId: string }) {
  const pct = active.total > 0 ? Math.min(100, (active.done / active.total) * 100) : 0;
  return (
    <div className="experiment-progress" data-testid={testId}>
      <div
        className="progress"
        role="progressbar"
        aria-valuenow={Math.round(pct)}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div style={{ width: `${pct}%` }} />
      </div>
      <span className="small muted">
        run {Math.min(active.total, Math.floor(active.done) + 1)} of {active.total}
      </span>
      <button type="button" data-testid="experiment-cancel" onClick={cancelExperiment}>
        Cancel
      </button>
    </div>
  );
}

/** The experiment under way, if it is of this kind. */
export function useActive(kind: ActiveExperiment['kind']): ActiveExperiment | null {
  return useExperimentStore((s) => (s.active?.kind === kind ? s.active : null));
}

/** Any experiment under way (only one runs at a time). */
export function useBusy(): boolean {
  return useExperimentStore((s) => s.active !== null);
}
