/**
 * The run on screen: worker status, the latest live snapshot (published at most once per animation
 * frame), the chart series accumulated from snapshots, and the final result.
 */
import { create } from 'zustand';
import type { RequestTrace } from '../components/tracer';
import type { Result, Series } from '../scenario/resultTypes';
import type { LiveSnapshot } from '../scenario/simulationTypes';
import type { Insight } from '../worker/insight';
import type { Speed } from '../worker/protocol';

/**
 * empty: no nodes; invalid: the scenario has problems; loading: being built; ready: at t = 0;
 * running / paused / finished: as said; failed: the build threw.
 */
export type UiStatus =
  | 'empty'
  | 'invalid'
  | 'loading'
  | 'ready'
  | 'running'
  | 'paused'
  | 'finished'
  | 'failed';

export interface RunState {
  status: UiStatus;
  /** Simulated time, ms. */
  nowMs: number;
  endMs: number;
  speed: Speed;
  /** Multiplier on the clients' rates chosen with the traffic slider (1 = as the scenario says). */
  traffic: number;
  /** Simulated ms at which the current "hug of death" spike ends, or null. */
  spikeUntilMs: number | null;
  snapshot: LiveSnapshot | null;
  series: Series | null;
  /** result@1 once the run finished (or the last one requested). */
  result: Result | null;
  /**
   * Failures by node and reason since t = 0 and the theory figures, from the worker (a few times a
   * second while running, at every pause and at the end).
   */
  insight: Insight | null;
  /** The latest sampled requests from the worker (the waterfall), oldest first. */
  traces: RequestTrace[] | null;
  /** Why the build failed (status failed). */
  message: string | null;
  set(patch: Partial<Omit<RunState, 'set'>>): void;
}

export const useRunStore = create<RunState>()((set) => ({
  status: 'loading',
  nowMs: 0,
  endMs: 0,
  speed: '1x',
  traffic: 1,
  spikeUntilMs: null,
  snapshot: null,
  series: null,
  result: null,
  insight: null,
  traces: null,
  message: null,
  set: (patch) => set(patch),
}));

/** A run has moved past t = 0 and not finished: edits are recorded as timed events. */
export function isLive(status: UiStatus): boolean {
  return status === 'running' || status === 'paused';
}

/** A simulation is loaded in the worker (live edits can be applied). */
export function hasSimulation(status: UiStatus): boolean {
  return status === 'ready' || status === 'running' || status === 'paused' || status === 'finished';
}
