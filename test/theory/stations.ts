/** Scenarios for checks against queueing theory: a Poisson client in front of one station. */
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import type { Result } from '../../src/scenario/resultTypes';

export interface StationRun {
  /** Arrival rate, requests per second. */
  rps: number;
  /** Service time: a duration string (exponential) or a dist object. */
  service: unknown;
  cores: number;
  /** Waiting room per instance (default effectively infinite). */
  backlog?: number;
  /** In-flight slots (default effectively infinite: waits happen at the cores). */
  concurrency?: number;
  durationMs: number;
  warmupMs: number;
  seed?: number;
  arrivals?: 'poisson' | 'constant';
}

/** client → appServer (the station); returns the result and the scenario input. */
export function runStation(r: StationRun): Result {
  const input = {
    format: 'scalelab/scenario@1',
    name: 'station',
    seed: r.seed ?? 1,
    duration: r.durationMs,
    warmup: r.warmupMs,
    nodes: [
      { id: 'users', type: 'client', rate: r.rps, arrivals: r.arrivals ?? 'poisson', timeout: '1h' },
      {
        id: 'app',
        type: 'appServer',
        instances: 1,
        cores: r.cores,
        concurrency: r.concurrency ?? 10_000_000,
        backlog: r.backlog ?? 10_000_000,
        service: r.service,
      },
    ],
    edges: [{ from: 'users', to: 'app' }],
  };
  const parsed = parseScenario(input, { maxRequests: 1e9 });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  const sim = buildSimulation(parsed.scenario);
  sim.runToEnd();
  return sim.result();
}
