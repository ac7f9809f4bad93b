/**
 * Messages between the UI and the experiment worker (a second worker, so a sweep never slows the
 * run on screen): load sweeps, replications and A/B comparisons, with progress and cancel.
 */
import type { Interval, SweepPoint } from '../analysis/experiments';
import type { Scenario } from '../scenario/types';

/** The traffic factors of a load sweep: 0.25× to 3× the scenario's traffic in ten steps. */
export const SWEEP_FACTORS: readonly number[] = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3];
/** Default number of independent replications. */
export const DEFAULT_REPLICATIONS = 5;
/** Simulated time each experiment run measures at most after its warm-up, ms (2 minutes). */
export const MEASURED_CAP_MS = 120_000;

/** Length of each experiment run: the scenario's duration, but at most warm-up + 2 minutes, ms. */
export function experimentDurationMs(s: Pick<Scenario, 'duration' | 'warmup'>): number {
  return Math.min(s.duration, s.warmup + MEASURED_CAP_MS);
}

/** The headline figures of one run (the full result stays in the worker). */
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
}

export interface SweepOutcome {
  kind: 'sweep';
  points: (SweepPoint & { summary: RunSummary })[];
  /** Index of the last point before the knee (see findKnee); −1 when none was found. */
  knee: number;
}

export interface ReplicationOutcome {
  kind: 'replicate';
  runs: RunSummary[];
  meanMs: Interval;
  p99Ms: Interval;
  throughputRps: Interval;
  errorRate: Interval;
}

export interface CompareOutcome {
  kind: 'compare';
  a: RunSummary;
  b: RunSummary;
  /** The seed both ran on. */
  seed: number;
}

export type ExperimentOutcome = SweepOutcome | ReplicationOutcome | CompareOutcome;
export type ExperimentKind = ExperimentOutcome['kind'];

export type ToExperiment =
  | { type: 'sweep'; id: number; scenario: Scenario; factors: readonly number[]; durationMs: number }
  | { type: 'replicate'; id: number; scenario: Scenario; n: number; durationMs: number }
  | { type: 'compare'; id: number; a: Scenario; b: Scenario; seed: number; durationMs: number }
  | { type: 'cancel'; id: number };

export type FromExperiment =
  /** `done` runs of `total` completed (fractional: the current run's share of simulated time). */
  | { type: 'progress'; id: number; done: number; total: number }
  /** Run `index` finished (a sweep's chart fills in point by point). */
  | { type: 'run'; id: number; index: number; summary: RunSummary }
  | { type: 'done'; id: number; outcome: ExperimentOutcome }
  | { type: 'failed'; id: number; message: string }
  | { type: 'cancelled'; id: number };
