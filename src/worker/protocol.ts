/** Messages between the UI and the simulation worker (structured-clone friendly plain data). */
import type { RequestTrace } from '../components/tracer';
import type { Result } from '../scenario/resultTypes';
import type { LiveEdit, LiveSnapshot } from '../scenario/simulationTypes';
import type { Scenario } from '../scenario/types';
import type { Insight } from './insight';

/** Playback speed: simulated time per wall time (1×, 10×), or as fast as the machine goes. */
export type Speed = '1x' | '10x' | 'max';

export const SPEEDS: { value: Speed; label: string; title: string }[] = [
  { value: '1x', label: '1×', title: 'Real time: one simulated second per second' },
  { value: '10x', label: '10×', title: 'Ten simulated seconds per second' },
  { value: 'max', label: 'max', title: 'As fast as this machine can simulate' },
];

export type RunStatus = 'ready' | 'running' | 'paused' | 'finished';

export type ToWorker =
  | { type: 'load'; token: number; scenario: Scenario; seed: number }
  | { type: 'play' }
  | { type: 'pause' }
  /** Advance `ms` of simulated time (default 1 s) and pause. */
  | { type: 'step'; ms?: number }
  | { type: 'setSpeed'; speed: Speed }
  /** Apply now, or at `atMs` if that is later than now (a scheduled edit, e.g. the end of a spike). */
  | { type: 'edit'; id: number; edit: LiveEdit; atMs?: number }
  | { type: 'requestResult'; id: number };

export type FromWorker =
  | { type: 'loaded'; token: number; endMs: number }
  | { type: 'loadFailed'; token: number; message: string }
  | { type: 'status'; status: RunStatus; nowMs: number; endMs: number }
  | { type: 'snapshot'; snapshot: LiveSnapshot }
  /** An edit was accepted: `atMs` is the simulated time at which it applies (record it there). */
  | { type: 'edited'; id: number; ok: true; atMs: number }
  | { type: 'edited'; id: number; ok: false; message: string }
  | { type: 'result'; id: number | null; result: Result }
  /** Failures by node and reason, and the theory figures; a few times a second while running. */
  | { type: 'insight'; insight: Insight }
  /** The latest sampled requests (the waterfall), at most twice a second while running. */
  | { type: 'traces'; traces: RequestTrace[] }
  | { type: 'error'; message: string };
