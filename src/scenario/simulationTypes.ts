/**
 * What a running simulation offers to its drivers (the CLI, the Web Worker, tests).
 * The worker drives it in slices; results never depend on how the run is sliced.
 */
import type { RequestTrace } from '../components/tracer';
import type { EventObserver } from '../engine/simulator';
import type { AlertFiring } from './alerts';
import type { Result } from './resultTypes';

/** Health shown on the canvas: ok < 70% busy ≤ hot < 95% ≤ saturated; down when failed. */
export type Health = 'ok' | 'hot' | 'saturated' | 'down';

/**
 * One node's live figures (cheap to compute, sent every frame). Rates and utilisation cover the
 * snapshot's window (the last LIVE_WINDOW_MS = 5 s of simulated time, see live.ts); counts are now.
 */
export interface NodeLive {
  health: Health;
  /** Busy fraction of the node's servers over the window, 0..1. */
  utilization: number;
  /** Requests waiting in queues right now. */
  queue: number;
  /**
   * Requests at the node right now: waiting or in service (an app server: holding a slot, calls
   * downstream included, or waiting in its backlog).
   */
  inFlight: number;
  /** Completions per second over the window. */
  throughputRps: number;
  /** Arrivals per second over the window (the sum of its incoming edges' rates). */
  arrivalsRps: number;
  /** Failures caused at this node since the start. */
  failures: number;
  /** Kind-specific extras: hitRatio, lagMs, depth, instances… */
  extra: Record<string, number>;
}

export interface EdgeLive {
  from: string;
  to: string;
  /** Calls per second sent along the edge over the snapshot's window. */
  rps: number;
}

export interface LiveSnapshot {
  nowMs: number;
  endMs: number;
  finished: boolean;
  /** Simulated time the rates cover, ms: LIVE_WINDOW_MS once the run is that far, less before. */
  windowMs: number;
  /** Completed requests per second over the window. */
  rps: number;
  /** Failed, timed-out and rejected attempts per second over the window. */
  errorsPerSec: number;
  /** Latency percentiles over the time since the previous snapshot. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Errors / (completions + errors) over the window. */
  errorRate: number;
  requests: Result['requests'];
  /**
   * The scenario's SLO so far (present when it has one): requests ended after the warm-up and how
   * many were bad (failed or slower than its latency), the counts result@1 `slo` is made of.
   */
  slo?: { requests: number; bad: number };
  nodes: Record<string, NodeLive>;
  edges: EdgeLive[];
}

/**
 * A live edit, applied at the current simulated time. Same shape as a scenario event without `at`
 * (the driver records it into the scenario's `events` with at = nowMs, so a link replays it).
 */
export interface LiveEdit {
  do: 'fail' | 'recover' | 'slow' | 'set' | 'add-node' | 'remove-node' | 'add-edge' | 'remove-edge';
  /** Node id (fail, recover, slow, set, remove-node), or the full raw node object (add-node). */
  node?: string | Record<string, unknown>;
  /** slow: service-time multiplier (1 = normal). */
  factor?: number;
  /** set: parameter path, e.g. "rate", "instances", "autoscale.max". */
  path?: string;
  value?: number | string | boolean;
  /** add-edge / remove-edge. */
  edge?: { from: string; to: string; latency?: number | string };
}

/** What a driver watches during advance(): each event (breakpoints, the event log) and alert firings. */
export interface RunWatch {
  /** Told of every event; its after() returning true stops the run right after that event. */
  events?: EventObserver;
  /** Told of the firings that began at an evaluation; true stops the run right there. */
  alertFired?(fired: AlertFiring[]): boolean;
}

export interface Simulation {
  /** Simulated time now, ms. */
  readonly nowMs: number;
  /** Simulated time at which the run ends (the scenario's duration), ms. */
  readonly endMs: number;
  readonly finished: boolean;
  /**
   * Runs every event with time ≤ min(untilMs, endMs). Returns the number of events processed.
   * With a watch, may stop early (then `stopped` is true and nowMs is the stopping event's time).
   */
  advance(untilMs: number, watch?: RunWatch): number;
  /** True when the last advance() stopped early because its watch asked to. */
  readonly stopped?: boolean;
  /** Alert firings so far, oldest first (empty when the scenario has no rules). */
  alerts?(): AlertFiring[];
  /** Runs to the end of the scenario. */
  runToEnd(): void;
  /** Live figures since the previous snapshot() call. */
  snapshot(): LiveSnapshot;
  /** Applies a live edit now. Throws an Error with a plain sentence if the edit is invalid. */
  applyEdit(edit: LiveEdit): void;
  /** result@1 of what has run so far (wallMs filled in by the caller if it wants). */
  result(): Result;
  /** Switches request sampling for traces() on or off (observation only: the result is unchanged). */
  setTracing?(on: boolean, every?: number): void;
  /** The latest finished sampled requests, oldest first. */
  traces?(): RequestTrace[];
}
