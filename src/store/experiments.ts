/**
 * Starting and cancelling experiments: the scenario on screen (validated), with the window each
 * run measures (its busiest two minutes when it is longer, see experimentWindow), is sent to the
 * experiment pool (the shared runner of src/experiments); progress and each finished run land in the experiment store as they come.
 */

import {
  type ExperimentKind,
  type ExperimentOutcome,
  type ExperimentWindow,
  experimentWindow,
  SWEEP_FACTORS,
} from '../experiments';
import type { Scenario } from '../scenario/types';
import type { ExperimentRequest, ExperimentService } from '../worker/experimentClient';
import { type Provenance, useExperimentStore } from './experimentStore';
import type { RawScenario } from './model';
import { simulationKey, useScenarioStore } from './scenarioStore';
import { validate } from './validation';
import { useViewStore } from './viewStore';

let factory: (() => ExperimentService) | null = null;
let client: ExperimentService | null = null;

/** How to start the experiment worker (main.tsx: the real one; tests: a fake). Started on first use. */
export function setExperimentClientFactory(make: (() => ExperimentService) | null): void {
  factory = make;
  client = null;
}

function getClient(): ExperimentService | null {
  if (!client && factory) client = factory();
  return client;
}

/** The scenario on screen, validated, or null (with a toast saying why). */
function currentScenario(): { scenario: Scenario; key: string } | null {
  const input = useScenarioStore.getState().input;
  const parsed = validate(input);
  if (!parsed.ok) {
    useViewStore.getState().toast('Fix the problems listed before running an experiment.', 'error');
    return null;
  }
  return { scenario: parsed.scenario, key: simulationKey(input) };
}

function provenance(s: Scenario, key: string, window: ExperimentWindow): Provenance {
  return { key, window, scenarioMs: s.duration, warmupMs: s.warmup };
}

async function start(
  kind: ExperimentKind,
  request: ExperimentRequest,
  store: (outcome: ExperimentOutcome) => void,
): Promise<void> {
  const c = getClient();
  if (!c) return;
  const { id, end } = c.start(request, {
    onProgress: (done, total) =>
      useExperimentStore.setState((s) => {
        if (s.active?.id === id) {
          s.active.done = done;
          s.active.total = total;
        }
      }),
    onRun: (index, summary, point) =>
      useExperimentStore.setState((s) => {
        if (s.active?.id !== id) return;
        s.active.runs[index] = summary;
        s.active.loads[index] = point;
      }),
  });
  useExperimentStore.setState((s) => {
    s.active = { kind, id, done: 0, total: 1, runs: [], loads: [] };
    s.error = null;
  });
  const outcome = await end;
  useExperimentStore.setState((s) => {
    if (s.active?.id === id) s.active = null;
    if (outcome.status === 'failed') s.error = outcome.message;
  });
  if (outcome.status === 'done') store(outcome.outcome);
}

/** Load sweep: the scenario at 0.25× … 3× its traffic, same seed. */
export function runSweep(factors: readonly number[] = SWEEP_FACTORS): Promise<void> {
  const cur = currentScenario();
  if (!cur) return Promise.resolve();
  const window = experimentWindow(cur.scenario);
  const meta = provenance(cur.scenario, cur.key, window);
  return start('sweep', { type: 'sweep', scenario: cur.scenario, factors, window }, (o) =>
    useExperimentStore.setState((s) => {
      if (o.kind === 'sweep') s.sweep = { ...o, ...meta };
    }),
  );
}

/** `n` independent replications of the scenario. */
export function runReplications(n = useExperimentStore.getState().replicationCount): Promise<void> {
  const cur = currentScenario();
  if (!cur) return Promise.resolve();
  const window = experimentWindow(cur.scenario);
  const meta = provenance(cur.scenario, cur.key, window);
  return start('replicate', { type: 'replicate', scenario: cur.scenario, n, window }, (o) =>
    useExperimentStore.setState((s) => {
      if (o.kind === 'replicate') s.replications = { ...o, ...meta };
    }),
  );
}

/**
 * A/B: the scenario on screen (A) against `other` (B) on A's seed. Both runs measure the same
 * window: A's busiest two minutes within the shorter duration, after the later warm-up.
 */
export function runCompare(other: RawScenario, otherName?: string): Promise<void> {
  const cur = currentScenario();
  if (!cur) return Promise.resolve();
  const parsed = validate(other);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    useExperimentStore.setState((s) => {
      s.error = `B is not a valid scenario: ${first ? first.message : 'unknown problem'}`;
    });
    return Promise.resolve();
  }
  const a = cur.scenario;
  const b = parsed.scenario;
  const window = experimentWindow({
    ...a,
    duration: Math.min(a.duration, b.duration),
    warmup: Math.max(a.warmup, b.warmup),
  });
  const meta = provenance(a, cur.key, window);
  const names = { aName: a.name, bName: otherName ?? b.name };
  return start('compare', { type: 'compare', a, b, seed: a.seed, window }, (o) =>
    useExperimentStore.setState((s) => {
      if (o.kind === 'compare') s.compare = { ...o, ...meta, ...names };
    }),
  );
}

/** Cancels the experiment under way. */
export function cancelExperiment(): void {
  const active = useExperimentStore.getState().active;
  if (active) getClient()?.cancel(active.id);
}
