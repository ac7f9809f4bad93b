/**
 * One experiment run: what to simulate (a task, plain data a worker can receive) and what comes
 * back (the run's headline figures, and its whole result when asked). The same function runs it in
 * a Web Worker, a Node worker thread or in process, so a run's figures never depend on where it ran.
 */
import type { BuildOptions } from '../scenario/build';
import type { Result } from '../scenario/resultTypes';
import type { Simulation } from '../scenario/simulationTypes';
import type { Scenario } from '../scenario/types';

/** One run of an experiment. */
export interface RunTask {
  scenario: Scenario;
  options: BuildOptions;
  /** Send the whole result@1 back too (a replication block's replication 0). Default false. */
  full?: boolean;
  /** A sweep point's load: its traffic factor and the mean rate offered over the window, req/s. */
  point?: { factor: number; offeredRps: number };
}

/** The headline figures of one run (the full result stays in the worker unless asked for). */
export interface RunSummary {
  /** Attempts per second after the warm-up at the clients (retries included), req/s. */
  offeredRps: number;
  /** Completed requests per second after the warm-up. */
  throughputRps: number;
  errorRate: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  costPerHour: number;
  /** Simulated length of the run, ms. */
  simulatedMs: number;
  /** Failures by reason after the warm-up. */
  failureReasons: Record<string, number>;
  /** Time-average utilisation (fraction of servers busy) of every node but the clients, by id. */
  utilization: Record<string, number>;
}

export interface RunOutput {
  summary: RunSummary;
  /** The whole result, when the task asked for it (`run` left as the simulation filled it). */
  result?: Result;
}

/** The headline figures of a result; offered load is the clients' attempts after the warm-up. */
export function summarize(r: Result): RunSummary {
  const measuredSec = Math.max(1e-9, (r.simulatedMs - r.warmupMs) / 1000);
  let attempts = 0;
  const utilization: Record<string, number> = {};
  for (const [id, n] of Object.entries(r.nodes)) {
    if (n.type === 'client') attempts += n.arrivals;
    else utilization[id] = n.utilization;
  }
  return {
    offeredRps: attempts / measuredSec,
    throughputRps: r.throughputRps,
    errorRate: r.errorRate,
    meanMs: r.latencyMs.mean,
    p50Ms: r.latencyMs.p50,
    p99Ms: r.latencyMs.p99,
    costPerHour: r.costPerHour,
    simulatedMs: r.simulatedMs,
    failureReasons: { ...r.failureReasons },
    utilization,
  };
}

/** The output of a simulation that has run to its end. */
export function outputOf(sim: Simulation, task: RunTask): RunOutput {
  const result = sim.result();
  return task.full ? { summary: summarize(result), result } : { summary: summarize(result) };
}

/** Runs a task to its end in one go (Node worker threads, tests). */
export function runTask(build: (s: Scenario, o: BuildOptions) => Simulation, task: RunTask): RunOutput {
  const sim = build(task.scenario, task.options);
  sim.runToEnd();
  return outputOf(sim, task);
}
