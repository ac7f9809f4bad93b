/**
 * The load sweep's speed (`npm run bench -- sweep`): the app's 10-point sweep (0.25× … 3×, no
 * refinement, then with its 4 refining points) of the slowest preset on Node worker threads, with
 * 1 worker and with 2, and the ratio; then where one point's time goes — building, simulating up
 * to the measured window (the warm-up and everything before the busiest two minutes), and the
 * window itself. Pools are started and warmed before timing (their start-up is printed apart).
 * Set SWEEP_PRESET=<file name> to sweep another preset.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scaleTraffic } from '../src/analysis/experiments';
import { NodeWorkerPool } from '../src/cli/nodePool';
import { planSweep, SWEEP_FACTORS, type SweepSpec } from '../src/experiments/plans';
import { runExperiment } from '../src/experiments/runner';
import { experimentWindow } from '../src/experiments/window';
import { buildSimulation } from '../src/scenario/build';
import { scenarioOf } from './measure';

/** The slowest preset to sweep, measured: a 10-point sweep of it takes the longest (≈ 28 s in Node before the pool). */
const PRESET = process.env.SWEEP_PRESET ?? 'reddit-6-horizontal';

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timedSweep(
  spec: SweepSpec,
  workers: number,
): Promise<{ wallMs: number; startMs: number; json: string }> {
  const pool = new NodeWorkerPool(workers);
  const t0 = performance.now();
  // Start and warm every thread with a tiny run, so the timing below is the sweep's alone.
  const tiny = { scenario: spec.scenario, options: { durationMs: 10, warmupMs: 0 } };
  await Promise.all(Array.from({ length: workers }, (_, i) => pool.run(i, tiny, () => {})));
  const startMs = performance.now() - t0;
  const t1 = performance.now();
  const outcome = await runExperiment(planSweep(spec), pool).done;
  const wallMs = performance.now() - t1;
  await pool.close();
  return { wallMs, startMs, json: JSON.stringify(outcome) };
}

export async function benchSweep(): Promise<void> {
  const scenario = scenarioOf(
    JSON.parse(readFileSync(join(import.meta.dirname, '..', 'presets', `${PRESET}.json`), 'utf8')),
  );
  const window = experimentWindow(scenario);
  console.log(
    `sweep of ${PRESET}: ${SWEEP_FACTORS.length} points, each simulating 0–${sec(window.toMs)} and measuring from ${sec(window.fromMs)}`,
  );
  for (const refine of [0, 4]) {
    const spec: SweepSpec = { scenario, window, grid: { factors: SWEEP_FACTORS }, refine };
    const one = await timedSweep(spec, 1);
    const two = await timedSweep(spec, 2);
    if (one.json !== two.json) throw new Error('the sweep differs between 1 and 2 workers');
    const label = refine === 0 ? '10 points' : `10 points + ${refine} refining`;
    console.log(
      `  ${label.padEnd(24)} 1 worker ${sec(one.wallMs).padStart(8)}   2 workers ${sec(two.wallMs).padStart(8)}   ratio ${(one.wallMs / two.wallMs).toFixed(2)}× (target ≥ 1.8× on 2 idle cores)   pool start ${sec(one.startMs)} / ${sec(two.startMs)}`,
    );
  }
  // Where one point's time goes (the 1× point, in this thread after a warm-up run).
  for (const factor of [1, 3]) {
    const s = scaleTraffic(scenario, factor);
    const opts = { durationMs: window.toMs, warmupMs: window.fromMs };
    const warm = buildSimulation(s, opts);
    warm.advance(Math.min(window.toMs, 5000));
    const t0 = performance.now();
    const sim = buildSimulation(s, opts);
    const t1 = performance.now();
    sim.advance(window.fromMs);
    const t2 = performance.now();
    sim.runToEnd();
    const t3 = performance.now();
    sim.result();
    const t4 = performance.now();
    const total = t4 - t0;
    const pct = (x: number) => `${((x / total) * 100).toFixed(0)}%`;
    console.log(
      `  one point at ${factor}×: ${sec(total)} — build ${sec(t1 - t0)}, before the window (0–${sec(window.fromMs)}) ${sec(t2 - t1)} (${pct(t2 - t1)}), the window ${sec(t3 - t2)} (${pct(t3 - t2)}), result ${sec(t4 - t3)}`,
    );
  }
}
