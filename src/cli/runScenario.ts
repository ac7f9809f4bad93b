/** Runs a validated scenario to its end and fills in the wall-clock figures. */
import { type BuildOptions, buildSimulation } from '../scenario/build';
import type { Result } from '../scenario/resultTypes';
import type { Scenario } from '../scenario/types';

export function runScenario(scenario: Scenario, options: BuildOptions = {}): Result {
  const start = performance.now();
  const sim = buildSimulation(scenario, options);
  sim.runToEnd();
  const result = sim.result();
  const wallMs = performance.now() - start;
  result.run = {
    wallMs: Math.round(wallMs),
    eventsPerSec: wallMs > 0 ? Math.round(result.events / (wallMs / 1000)) : 0,
  };
  return result;
}
