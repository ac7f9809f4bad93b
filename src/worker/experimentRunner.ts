/**
 * Runs experiments (load sweep, replications, A/B) as a list of whole simulation runs, in
 * wall-clock slices so a cancel message is seen within one slice. Each run's result is reduced to
 * its headline figures as soon as it ends; the outcome is computed with src/analysis/experiments.
 * Independent of the Worker global, so tests drive it with a fake host.
 */
import { findKnee, meanInterval, scaleTraffic } from '../analysis/experiments';
import type { BuildOptions } from '../scenario/build';
import type { Result } from '../scenario/resultTypes';
import type { Simulation } from '../scenario/simulationTypes';
import type { Scenario } from '../scenario/types';
import type {
  ExperimentOutcome,
  ExperimentWindow,
  FromExperiment,
  RunSummary,
  ToExperiment,
} from './experimentProtocol';

/** Longest stretch of simulation between two looks at the message queue, wall ms. */
export const EXPERIMENT_SLICE_MS = 30;
/** Minimum wall time between two progress messages, ms. */
const PROGRESS_MS = 100;
/** Aim for each advance() call to take about this long, wall ms (adapts the chunk size). */
const CHUNK_TARGET_MS = 4;

export interface ExperimentHost {
  post(message: FromExperiment): void;
  /** Wall clock, ms. */
  now(): number;
  /** Calls fn as soon as the message queue allows (after pending messages, e.g. a cancel). */
  schedule(fn: () => void): void;
}

export type ExperimentBuild = (scenario: Scenario, options: BuildOptions) => Simulation;

interface PlannedRun {
  scenario: Scenario;
  options: BuildOptions;
}

interface Job {
  id: number;
  runs: PlannedRun[];
  finish(summaries: RunSummary[]): ExperimentOutcome;
  index: number;
  sim: Simulation | null;
  reachedMs: number;
  summaries: RunSummary[];
}

/** The headline figures of a result; offered load is the clients' attempts after the warm-up. */
export function summarize(r: Result): RunSummary {
  const measuredSec = Math.max(1e-9, (r.simulatedMs - r.warmupMs) / 1000);
  let attempts = 0;
  for (const n of Object.values(r.nodes)) if (n.type === 'client') attempts += n.arrivals;
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
  };
}

/** Build options that run [0, toMs] and measure from fromMs. */
function windowOptions(w: ExperimentWindow): BuildOptions {
  return { durationMs: w.toMs, warmupMs: w.fromMs };
}

function plan(msg: Exclude<ToExperiment, { type: 'cancel' }>): Pick<Job, 'runs' | 'finish'> {
  switch (msg.type) {
    case 'sweep': {
      const factors = [...msg.factors];
      return {
        runs: factors.map((f) => ({
          scenario: scaleTraffic(msg.scenario, f),
          options: windowOptions(msg.window),
        })),
        finish: (runs) => {
          const points = runs.map((s, i) => ({
            factor: factors[i],
            offeredRps: s.offeredRps,
            goodputRps: s.throughputRps,
            errorRate: s.errorRate,
            p50Ms: s.p50Ms,
            p99Ms: s.p99Ms,
            meanMs: s.meanMs,
            summary: s,
          }));
          return { kind: 'sweep', points, knee: findKnee(points) };
        },
      };
    }
    case 'replicate': {
      const runs: PlannedRun[] = [];
      for (let i = 0; i < msg.n; i++)
        runs.push({ scenario: msg.scenario, options: { replication: i, ...windowOptions(msg.window) } });
      return {
        runs,
        finish: (s) => ({
          kind: 'replicate',
          runs: s,
          meanMs: meanInterval(s.map((r) => r.meanMs)),
          p99Ms: meanInterval(s.map((r) => r.p99Ms)),
          throughputRps: meanInterval(s.map((r) => r.throughputRps)),
          errorRate: meanInterval(s.map((r) => r.errorRate)),
        }),
      };
    }
    case 'compare': {
      const options = { seed: msg.seed, ...windowOptions(msg.window) };
      return {
        runs: [
          { scenario: msg.a, options },
          { scenario: msg.b, options },
        ],
        finish: ([a, b]) => ({ kind: 'compare', a, b, seed: msg.seed }),
      };
    }
  }
}

export class ExperimentRunner {
  private job: Job | null = null;
  private scheduled = false;
  private chunkMs = 50;
  private lastProgress = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly build: ExperimentBuild,
    private readonly host: ExperimentHost,
  ) {}

  /** The job under way, if any (tests). */
  get busy(): boolean {
    return this.job !== null;
  }

  handle(msg: ToExperiment): void {
    if (msg.type === 'cancel') {
      if (this.job?.id === msg.id) this.stop('cancelled');
      return;
    }
    // One experiment at a time: a new one replaces the one under way.
    if (this.job) this.stop('cancelled');
    this.job = { id: msg.id, ...plan(msg), index: 0, sim: null, reachedMs: 0, summaries: [] };
    this.lastProgress = Number.NEGATIVE_INFINITY;
    this.host.post({ type: 'progress', id: msg.id, done: 0, total: this.job.runs.length });
    this.kick();
  }

  private stop(why: 'cancelled'): void {
    const job = this.job;
    this.job = null;
    if (job) this.host.post({ type: why, id: job.id });
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.host.schedule(() => this.slice());
  }

  private slice(): void {
    this.scheduled = false;
    const job = this.job;
    if (!job) return;
    const start = this.host.now();
    try {
      while (this.host.now() - start < EXPERIMENT_SLICE_MS) {
        if (this.advance(job)) return;
      }
    } catch (err) {
      this.job = null;
      this.host.post({
        type: 'failed',
        id: job.id,
        message: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    const now = this.host.now();
    if (now - this.lastProgress >= PROGRESS_MS) {
      this.lastProgress = now;
      const frac = job.sim ? Math.min(1, job.reachedMs / Math.max(1, job.sim.endMs)) : 0;
      this.host.post({ type: 'progress', id: job.id, done: job.index + frac, total: job.runs.length });
    }
    this.kick();
  }

  /** One chunk of the current run; true when the whole job is done. */
  private advance(job: Job): boolean {
    if (!job.sim) {
      const run = job.runs[job.index];
      job.sim = this.build(run.scenario, run.options);
      job.reachedMs = 0;
    }
    const sim = job.sim;
    const t0 = this.host.now();
    const until = Math.min(sim.endMs, job.reachedMs + this.chunkMs);
    sim.advance(until);
    job.reachedMs = Math.max(until, sim.nowMs);
    const spent = this.host.now() - t0;
    if (spent < CHUNK_TARGET_MS / 2) this.chunkMs = Math.min(this.chunkMs * 2, 3_600_000);
    else if (spent > CHUNK_TARGET_MS * 2) this.chunkMs = Math.max(this.chunkMs / 2, 0.01);
    if (!(sim.finished || job.reachedMs >= sim.endMs)) return false;
    const summary = summarize(sim.result());
    job.summaries.push(summary);
    this.host.post({ type: 'run', id: job.id, index: job.index, summary });
    job.sim = null;
    job.index++;
    if (job.index < job.runs.length) return false;
    this.job = null;
    this.host.post({ type: 'progress', id: job.id, done: job.runs.length, total: job.runs.length });
    this.host.post({ type: 'done', id: job.id, outcome: job.finish(job.summaries) });
    return true;
  }
}
