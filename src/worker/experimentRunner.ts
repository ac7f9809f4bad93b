/**
 * Runs one experiment run inside a Web Worker of the pool, in wall-clock slices so a cancel
 * message is seen within one slice. Independent of the Worker global, so tests drive it with a
 * fake host.
 */
import { outputOf } from '../experiments/run';
import type { BuildOptions } from '../scenario/build';
import type { Simulation } from '../scenario/simulationTypes';
import type { Scenario } from '../scenario/types';
import type { FromRunWorker, ToRunWorker } from './experimentProtocol';

/** Longest stretch of simulation between two looks at the message queue, wall ms. */
export const EXPERIMENT_SLICE_MS = 30;
/** Minimum wall time between two progress messages, ms. */
const PROGRESS_MS = 100;
/** Aim for each advance() call to take about this long, wall ms (adapts the chunk size). */
const CHUNK_TARGET_MS = 4;

export interface ExperimentHost {
  post(message: FromRunWorker): void;
  /** Wall clock, ms. */
  now(): number;
  /** Calls fn as soon as the message queue allows (after pending messages, e.g. a cancel). */
  schedule(fn: () => void): void;
}

export type ExperimentBuild = (scenario: Scenario, options: BuildOptions) => Simulation;

interface Job {
  id: number;
  msg: Extract<ToRunWorker, { type: 'run' }>;
  sim: Simulation | null;
  reachedMs: number;
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

  /** A run under way (tests). */
  get busy(): boolean {
    return this.job !== null;
  }

  handle(msg: ToRunWorker): void {
    if (msg.type === 'cancel') {
      this.job = null;
      return;
    }
    // One run at a time: a new one replaces the one under way (the pool never sends two).
    this.job = { id: msg.id, msg, sim: null, reachedMs: 0 };
    this.lastProgress = Number.NEGATIVE_INFINITY;
    this.kick();
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
    if (now - this.lastProgress >= PROGRESS_MS && job.sim) {
      this.lastProgress = now;
      this.host.post({
        type: 'progress',
        id: job.id,
        fraction: Math.min(1, job.reachedMs / Math.max(1, job.sim.endMs)),
      });
    }
    this.kick();
  }

  /** One chunk of the run; true when it is done. */
  private advance(job: Job): boolean {
    if (!job.sim) {
      job.sim = this.build(job.msg.task.scenario, job.msg.task.options);
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
    this.job = null;
    this.host.post({ type: 'done', id: job.id, output: outputOf(sim, job.msg.task) });
    return true;
  }
}
