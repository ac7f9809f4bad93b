/**
 * The experiment runner the app and the CLI share: it hands a plan's runs to a pool of workers one
 * at a time (a slow run never holds up the rest), collects their outputs by task index, asks the
 * plan for more once a batch is in, and merges. The pool is only a transport (Web Workers, Node
 * worker threads, or in process), so the outcome never depends on it or on its size.
 */
import type { Plan } from './plans';
import type { RunOutput, RunTask } from './run';

export interface RunPool {
  /** How many runs it runs at once (≥ 1). */
  readonly size: number;
  /**
   * Runs `task` on `slot` (0..size−1, free until this resolves); `onProgress` gets the fraction of
   * its simulated time done. Rejects when the run fails.
   */
  run(slot: number, task: RunTask, onProgress: (fraction: number) => void): Promise<RunOutput>;
  /** Stops every run under way at once (their promises may then never settle). */
  cancel(): void;
}

export interface RunnerCallbacks {
  /** `done` runs of `total` (fractional: the share of the runs under way). */
  onProgress?(done: number, total: number): void;
  /** Run `index` (task order) finished. */
  onRun?(index: number, output: RunOutput, task: RunTask): void;
}

/** What a cancelled experiment rejects with. */
export class ExperimentCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ExperimentCancelled';
  }
}

export interface RunningExperiment<O> {
  /** The outcome; rejects with ExperimentCancelled on cancel, or with the first run's failure. */
  done: Promise<O>;
  cancel(): void;
}

export function runExperiment<O>(
  plan: Plan<O>,
  pool: RunPool,
  cb: RunnerCallbacks = {},
): RunningExperiment<O> {
  let stopped = false;
  let fail: (err: unknown) => void = () => {};
  const stop = (err: unknown) => {
    if (stopped) return;
    stopped = true;
    pool.cancel();
    fail(err);
  };
  const done = new Promise<O>((resolve, reject) => {
    fail = reject;
    const tasks: RunTask[] = [...plan.tasks];
    const outputs: RunOutput[] = [];
    const running = new Map<number, number>(); // task index → fraction done
    const free = Array.from({ length: Math.max(1, pool.size) }, (_, i) => i).reverse();
    let next = 0;
    let finished = 0;
    let total = Math.max(plan.expected, tasks.length);
    const report = () => {
      let partial = 0;
      for (const f of running.values()) partial += f;
      cb.onProgress?.(finished + partial, total);
    };
    const complete = () => {
      let more: RunTask[];
      try {
        more = plan.more(outputs);
        if (more.length === 0) {
          total = finished;
          report();
          stopped = true;
          resolve(plan.finish(outputs));
          return;
        }
      } catch (err) {
        stop(err);
        return;
      }
      tasks.push(...more);
      total = Math.max(total, tasks.length);
      pump();
    };
    const pump = () => {
      while (!stopped && free.length > 0 && next < tasks.length) {
        const slot = free.pop()!;
        const index = next++;
        const task = tasks[index];
        running.set(index, 0);
        pool
          .run(slot, task, (f) => {
            if (stopped || !running.has(index)) return;
            running.set(index, Math.min(1, Math.max(0, f)));
            report();
          })
          .then(
            (out) => {
              if (stopped) return;
              outputs[index] = out;
              running.delete(index);
              finished++;
              free.push(slot);
              cb.onRun?.(index, out, task);
              report();
              if (next === tasks.length && running.size === 0) complete();
              else pump();
            },
            (err) => stop(err),
          );
      }
    };
    // Not before the caller has its handle: callbacks never run inside runExperiment() itself.
    queueMicrotask(() => {
      if (stopped) return;
      report();
      if (tasks.length === 0) complete();
      else pump();
    });
  });
  return { done, cancel: () => stop(new ExperimentCancelled()) };
}
