/**
 * What the UI uses to run experiments: the shared runner (src/experiments) over the app's pool of
 * experiment workers. One experiment at a time: a new one cancels the one under way.
 */
import {
  type CompareOutcome,
  type ExperimentOutcome,
  type ExperimentWindow,
  planCompare,
  planReplications,
  planSweep,
  type ReplicationOutcome,
  type SweepOutcome,
} from '../experiments';
import type { Plan } from '../experiments/plans';
import type { RunSummary, RunTask } from '../experiments/run';
import { ExperimentCancelled, type RunPool, runExperiment } from '../experiments/runner';
import type { Scenario } from '../scenario/types';
import { createWebWorkerPool } from './experimentPool';

export interface ExperimentCallbacks {
  /** `done` of `total` runs (fractional). */
  onProgress?(done: number, total: number): void;
  /** Run `index` ended with these figures (`point`: a sweep point's load). */
  onRun?(index: number, summary: RunSummary, point?: RunTask['point']): void;
}

/** How an experiment ended: its outcome, or cancelled, or failed with a sentence. */
export type ExperimentEnd =
  | { status: 'done'; outcome: ExperimentOutcome }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

/** An experiment to run. */
export type ExperimentRequest =
  | { type: 'sweep'; scenario: Scenario; factors: readonly number[]; window: ExperimentWindow }
  | { type: 'replicate'; scenario: Scenario; n: number; window: ExperimentWindow }
  | { type: 'compare'; a: Scenario; b: Scenario; seed: number; window: ExperimentWindow; n?: number };

/** What the store needs (tests pass a fake). */
export interface ExperimentService {
  /** Starts an experiment (cancelling any under way); returns its id and how it ends. */
  start(request: ExperimentRequest, cb?: ExperimentCallbacks): { id: number; end: Promise<ExperimentEnd> };
  cancel(id: number): void;
}

/** The plan for a request (the same planning the CLI uses). */
export function planFor(
  r: ExperimentRequest,
): Plan<SweepOutcome> | Plan<ReplicationOutcome> | Plan<CompareOutcome> {
  switch (r.type) {
    case 'sweep':
      return planSweep({ scenario: r.scenario, window: r.window, grid: { factors: r.factors } });
    case 'replicate':
      return planReplications({ scenario: r.scenario, n: r.n, window: r.window });
    case 'compare':
      return planCompare({ a: r.a, b: r.b, seed: r.seed, n: r.n, window: r.window });
  }
}

export class ExperimentClient implements ExperimentService {
  private nextId = 1;
  private current: { id: number; cancel(): void } | null = null;

  constructor(private readonly pool: RunPool) {}

  start(
    request: ExperimentRequest,
    cb: ExperimentCallbacks = {},
  ): { id: number; end: Promise<ExperimentEnd> } {
    this.current?.cancel();
    const id = this.nextId++;
    const plan = planFor(request) as Plan<ExperimentOutcome>;
    const run = runExperiment(plan, this.pool, {
      onProgress: cb.onProgress,
      onRun: (index, out, task) => cb.onRun?.(index, out.summary, task.point),
    });
    this.current = { id, cancel: run.cancel };
    const end = run.done.then(
      (outcome): ExperimentEnd => ({ status: 'done', outcome }),
      (err): ExperimentEnd =>
        err instanceof ExperimentCancelled
          ? { status: 'cancelled' }
          : { status: 'failed', message: err instanceof Error ? err.message : String(err) },
    );
    void end.then(() => {
      if (this.current?.id === id) this.current = null;
    });
    return { id, end };
  }

  cancel(id: number): void {
    if (this.current?.id === id) this.current.cancel();
  }
}

/** The app's client over its pool of experiment workers. */
export function createExperimentClient(): ExperimentClient {
  return new ExperimentClient(createWebWorkerPool());
}
