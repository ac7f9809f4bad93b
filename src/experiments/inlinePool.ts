/**
 * A pool that runs every task in this thread, one macrotask each: for tests, and for tools that
 * have no workers. Same outputs as any other pool (same code, same data).
 */
import type { BuildOptions } from '../scenario/build';
import type { Simulation } from '../scenario/simulationTypes';
import type { Scenario } from '../scenario/types';
import { type RunOutput, type RunTask, runTask } from './run';
import type { RunPool } from './runner';

export class InlinePool implements RunPool {
  private generation = 0;
  /** Tasks each slot ran, in order (tests look at how work was spread). */
  readonly ranBy: number[] = [];

  constructor(
    private readonly build: (s: Scenario, o: BuildOptions) => Simulation,
    readonly size = 1,
  ) {}

  run(slot: number, task: RunTask, onProgress: (fraction: number) => void): Promise<RunOutput> {
    const gen = this.generation;
    return new Promise((resolve, reject) => {
      setTimeout(() => {
        if (gen !== this.generation) return; // cancelled meanwhile
        try {
          onProgress(0);
          const out = runTask(this.build, task);
          this.ranBy.push(slot);
          resolve(out);
        } catch (err) {
          reject(err);
        }
      }, 0);
    });
  }

  cancel(): void {
    this.generation++;
  }
}
