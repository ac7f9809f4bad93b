/**
 * A worker thread of the CLI's pool: runs the runs it is handed one at a time, posting progress
 * every twentieth of the simulated time. The same runTask code as the app's workers, so a run's
 * figures never depend on where it ran.
 */
import { parentPort } from 'node:worker_threads';
import { outputOf, type RunTask } from '../experiments/run';
import { buildSimulation } from '../scenario/build';

export type ToThread = { id: number; task: RunTask };
export type FromThread =
  | { id: number; progress: number }
  | { id: number; output: ReturnType<typeof outputOf> }
  | { id: number; error: string };

/** Progress steps per run. */
const STEPS = 20;

parentPort?.on('message', ({ id, task }: ToThread) => {
  const port = parentPort!;
  try {
    const t0 = performance.now();
    const sim = buildSimulation(task.scenario, task.options);
    for (let k = 1; k <= STEPS && !sim.finished; k++) {
      sim.advance((sim.endMs * k) / STEPS);
      port.postMessage({ id, progress: k / STEPS } satisfies FromThread);
    }
    sim.runToEnd();
    const output = outputOf(sim, task);
    if (output.result) {
      const wallMs = performance.now() - t0;
      output.result.run = {
        wallMs: Math.round(wallMs),
        eventsPerSec: wallMs > 0 ? Math.round(output.result.events / (wallMs / 1000)) : 0,
      };
    }
    port.postMessage({ id, output } satisfies FromThread);
  } catch (err) {
    port.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies FromThread);
  }
});
