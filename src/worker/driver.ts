/**
 * Drives a Simulation in wall-clock slices: 1× and 10× follow the clock, max runs as fast as it can
 * in slices of at most SLICE_MS so the worker stays responsive to pause and edits. Only advance()
 * moves the simulation, so the result never depends on speed, slicing or pauses. Independent of
 * the Worker global, so tests drive it with a fake clock.
 */

import type { Result } from '../scenario/resultTypes';
import type { LiveEdit, Simulation } from '../scenario/simulationTypes';
import type { Scenario } from '../scenario/types';
import { type Insight, insightOf } from './insight';
import type { FromWorker, RunStatus, Speed, ToWorker } from './protocol';

/** Longest stretch of work between two looks at the message queue, wall ms. */
export const SLICE_MS = 30;
/** Minimum wall time between two snapshots (one animation frame). */
export const FRAME_MS = 16;
/** Simulated time a step advances by default, ms. */
export const STEP_MS = 1000;
/** Minimum wall time between two insights (failures by reason, theory) while running, ms. */
export const INSIGHT_MS = 500;
/** Minimum wall time between two posts of the sampled requests (the waterfall) while running, ms. */
export const TRACES_MS = 500;
/**
 * Sample 1 client request in this many for the waterfall and the canvas's moving requests: often
 * enough for a few dots a second on a small preset at 1×. Observation only (same result).
 */
export const TRACE_EVERY = 50;
/** Aim for each advance() call to take about this long, wall ms (adapts the chunk size). */
const CHUNK_TARGET_MS = 4;

const SPEED_FACTOR: Record<Speed, number> = { '1x': 1, '10x': 10, max: Number.POSITIVE_INFINITY };

export type BuildFn = (scenario: Scenario, options?: { seed?: number }) => Simulation;

export interface DriverHost {
  post(message: FromWorker): void;
  /** Wall clock, ms. */
  now(): number;
  /** Calls fn after about delayMs (0 = as soon as the message queue allows). */
  schedule(fn: () => void, delayMs: number): void;
}

interface PendingEdit {
  id: number;
  atMs: number;
  edit: LiveEdit;
}

export class SimDriver {
  private sim: Simulation | null = null;
  private scenario: Scenario | null = null;
  private lastInsight = Number.NEGATIVE_INFINITY;
  private status: RunStatus = 'ready';
  private speed: Speed = '1x';
  private pending: PendingEdit[] = [];
  /** Wall and simulated time when the clock-following speeds last anchored. */
  private anchorWall = 0;
  private anchorSim = 0;
  private chunkMs = 10;
  private lastPost = Number.NEGATIVE_INFINITY;
  private lastTraces = Number.NEGATIVE_INFINITY;
  private loopScheduled = false;
  /** Wall ms spent inside advance() for this run (the result's run.wallMs). */
  private wallMs = 0;
  private events = 0;
  private stepUntil: number | null = null;
  /** Simulated time the driver has advanced to (the simulation's clock may stop at its last event). */
  private reachedMs = 0;

  constructor(
    private readonly build: BuildFn,
    private readonly host: DriverHost,
  ) {}

  handle(msg: ToWorker): void {
    try {
      this.dispatch(msg);
    } catch (err) {
      this.host.post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private dispatch(msg: ToWorker): void {
    switch (msg.type) {
      case 'load':
        return this.load(msg.token, msg.scenario, msg.seed);
      case 'play':
        if (!this.sim || this.sim.finished) return;
        this.stepUntil = null;
        this.setStatus('running');
        this.anchor();
        return this.kick();
      case 'pause':
        if (this.status !== 'running') return;
        this.stepUntil = null;
        // No snapshot here: one over the few ms since the last would show noise, not the run.
        this.setStatus('paused');
        return this.postInsight();
      case 'step':
        if (!this.sim || this.sim.finished) return;
        this.stepUntil = Math.min(this.sim.endMs, this.reachedMs + (msg.ms ?? STEP_MS));
        this.setStatus('running');
        return this.kick();
      case 'setSpeed':
        this.speed = msg.speed;
        return this.anchor();
      case 'edit':
        return this.edit(msg.id, msg.edit, msg.atMs);
      case 'requestResult':
        this.postResult(msg.id);
        return;
    }
  }

  private load(token: number, scenario: Scenario, seed: number): void {
    this.sim = null;
    this.scenario = scenario;
    this.lastInsight = Number.NEGATIVE_INFINITY;
    this.lastTraces = Number.NEGATIVE_INFINITY;
    this.pending = [];
    this.wallMs = 0;
    this.events = 0;
    this.stepUntil = null;
    this.reachedMs = 0;
    try {
      this.sim = this.build(scenario, { seed });
    } catch (err) {
      this.host.post({
        type: 'loadFailed',
        token,
        message: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    // The first call switches on the live figures; from then on each call covers one interval.
    this.sim.snapshot();
    // Sampled requests for the waterfall: observation only, the result is the same.
    this.sim.setTracing?.(true, TRACE_EVERY);
    this.host.post({ type: 'loaded', token, endMs: this.sim.endMs });
    this.status = 'ready';
    this.setStatus('ready');
  }

  private edit(id: number, edit: LiveEdit, atMs: number | undefined): void {
    const sim = this.sim;
    if (!sim) {
      this.host.post({ type: 'edited', id, ok: false, message: 'No simulation is loaded.' });
      return;
    }
    if (atMs !== undefined && atMs > this.reachedMs) {
      // Keep pending edits in (time, id) order: a total order, so replays agree.
      this.pending.push({ id, atMs, edit });
      this.pending.sort((a, b) => a.atMs - b.atMs || a.id - b.id);
      this.host.post({ type: 'edited', id, ok: true, atMs });
      return;
    }
    try {
      // Everything up to and including the current instant runs first (at t = 0 nothing has yet):
      // an edit at T always follows every other event of instant T, as a recorded event replays.
      this.events += sim.advance(this.reachedMs);
      sim.applyEdit(edit);
    } catch (err) {
      this.host.post({
        type: 'edited',
        id,
        ok: false,
        message: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    this.host.post({ type: 'edited', id, ok: true, atMs: this.reachedMs });
    if (this.status !== 'running') {
      this.postSnapshot();
      this.postInsight();
    }
  }

  private setStatus(status: RunStatus): void {
    this.status = status;
    const sim = this.sim;
    this.host.post({ type: 'status', status, nowMs: this.reachedMs, endMs: sim?.endMs ?? 0 });
  }

  private anchor(): void {
    this.anchorWall = this.host.now();
    this.anchorSim = this.reachedMs;
  }

  private kick(): void {
    if (this.loopScheduled) return;
    this.loopScheduled = true;
    this.host.schedule(() => this.loop(), 0);
  }

  /** Where the simulation should be now, given the speed (or the step's end). */
  private target(sim: Simulation, wall: number): number {
    if (this.stepUntil !== null) return this.stepUntil;
    const factor = SPEED_FACTOR[this.speed];
    if (!Number.isFinite(factor)) return sim.endMs;
    let target = this.anchorSim + (wall - this.anchorWall) * factor;
    // Falling more than a second of wall time behind: re-anchor rather than sprint to catch up.
    if (target - this.reachedMs > factor * 1000) {
      this.anchorWall = wall;
      this.anchorSim = this.reachedMs;
      target = this.reachedMs;
    }
    return Math.min(target, sim.endMs);
  }

  private loop(): void {
    this.loopScheduled = false;
    const sim = this.sim;
    if (!sim || this.status !== 'running') return;
    const start = this.host.now();
    const target = this.target(sim, start);
    while (this.reachedMs < target && !sim.finished) {
      const t0 = this.host.now();
      if (t0 - start >= SLICE_MS) break;
      const due = this.pending.length > 0 ? this.pending[0].atMs : Number.POSITIVE_INFINITY;
      const until = Math.min(target, this.reachedMs + this.chunkMs, due);
      this.events += sim.advance(until);
      this.reachedMs = Math.max(until, sim.nowMs);
      this.applyDue();
      const spent = this.host.now() - t0;
      this.wallMs += spent;
      if (spent < CHUNK_TARGET_MS / 2) this.chunkMs = Math.min(this.chunkMs * 2, 3_600_000);
      else if (spent > CHUNK_TARGET_MS * 2) this.chunkMs = Math.max(this.chunkMs / 2, 0.01);
    }
    const now = this.host.now();
    const done = sim.finished || this.reachedMs >= sim.endMs;
    const stepDone = this.stepUntil !== null && this.reachedMs >= this.stepUntil;
    if (done || stepDone || now - this.lastPost >= FRAME_MS) this.postSnapshot();
    if (done) {
      this.stepUntil = null;
      this.setStatus('finished');
      this.postInsight(this.postResult(null));
      return;
    }
    if (stepDone) {
      this.stepUntil = null;
      this.setStatus('paused');
      this.postInsight();
      return;
    }
    if (now - this.lastInsight >= INSIGHT_MS) this.postInsight();
    this.loopScheduled = true;
    const fast = this.speed === 'max' || this.stepUntil !== null;
    this.host.schedule(() => this.loop(), fast ? 0 : FRAME_MS);
  }

  private applyDue(): void {
    const sim = this.sim!;
    while (this.pending.length > 0 && this.pending[0].atMs <= this.reachedMs) {
      const p = this.pending.shift()!;
      try {
        sim.applyEdit(p.edit);
      } catch (err) {
        this.host.post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  private postSnapshot(): void {
    const sim = this.sim;
    if (!sim) return;
    const now = this.host.now();
    this.lastPost = now;
    this.host.post({ type: 'snapshot', snapshot: sim.snapshot() });
    if (sim.traces && (this.status !== 'running' || sim.finished || now - this.lastTraces >= TRACES_MS)) {
      this.lastTraces = now;
      this.host.post({ type: 'traces', traces: sim.traces() });
    }
  }

  private postResult(id: number | null): Result | undefined {
    if (!this.sim) return undefined;
    const result = this.sim.result();
    const wallMs = Math.round(this.wallMs);
    result.run = { wallMs, eventsPerSec: wallMs > 0 ? Math.round((this.events / wallMs) * 1000) : 0 };
    this.host.post({ type: 'result', id, result });
    return result;
  }

  /** Failures by reason and the theory figures (from `result` when one was just made). */
  private postInsight(result?: Result): void {
    if (!this.sim || !this.scenario) return;
    this.lastInsight = this.host.now();
    let insight: Insight;
    try {
      insight = insightOf(this.sim, this.scenario, result);
    } catch {
      // Explanations are extras: a simulation that cannot give them must still run.
      return;
    }
    this.host.post({ type: 'insight', insight });
  }
}
