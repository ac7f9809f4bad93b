/** How the benchmarks run a scenario: parse, build and run in slices, sampling the heap between them. */
import { buildSimulation } from '../src/scenario/build';
import { parseScenario } from '../src/scenario/parse';
import type { Result } from '../src/scenario/resultTypes';

export function scenarioOf(input: unknown) {
  const parsed = parseScenario(input, { maxRequests: 1e10 });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

/** A full collection first, when node runs with --expose-gc, so one run's garbage is not the next's. */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export interface Figures {
  /** Attempts simulated (arrivals and retries). */
  requests: number;
  events: number;
  wallMs: number;
  peakHeapMb: number;
  result: Result;
}

/** Runs `input` in `slices` steps so the heap can be sampled as the run goes. */
export function measure(input: unknown, slices = 200): Figures {
  const scenario = scenarioOf(input);
  gc();
  const base = process.memoryUsage().heapUsed;
  const start = performance.now();
  const sim = buildSimulation(scenario);
  let peak = 0;
  for (let i = 1; i <= slices; i++) {
    sim.advance((sim.endMs * i) / slices);
    const h = process.memoryUsage().heapUsed - base;
    if (h > peak) peak = h;
  }
  const wallMs = performance.now() - start;
  const r = sim.result();
  return {
    requests: r.requests.arrived + r.requests.retries,
    events: r.events,
    wallMs,
    peakHeapMb: peak / 2 ** 20,
    result: r,
  };
}
