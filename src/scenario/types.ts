/**
 * scenario@1 types. `Scenario` is the normalized form the simulation is built from: every
 * duration a number of ms, every service time a DistSpec, every default filled in, nodes in file
 * order, events sorted by time. It is plain JSON-serializable data. `ScenarioInput` is the raw form
 * a file, a link or the editor holds (durations as "20ms" strings, most fields optional).
 */
import type {
  AppServerParams,
  AutoscaleParams,
  CircuitBreakerParams,
  ServiceTimes,
} from '../components/appServer';
import type { CacheParams } from '../components/cache';
import type { CdnParams } from '../components/cdn';
import type { ClientParams, RequestClass, RetryPolicy } from '../components/client';
import type { DatabaseParams } from '../components/database';
import type { HealthCheckParams } from '../components/healthCheck';
import type { LoadBalancerParams } from '../components/loadBalancer';
import type { QueueParams } from '../components/queue';
import type { RateLimiterParams } from '../components/rateLimiter';
import type { RatePoint } from '../components/rateProfile';
import type { WorkerParams } from '../components/worker';
import type { DistSpec } from '../engine/distributions';
import type { AlertRule } from './alerts';
import type { Prediction } from './predict';
import type { Slo } from './slo';

export type { DistSpec };

/** The format tag of this version. */
export const SCENARIO_FORMAT = 'scalelab/scenario@1';
export type ScenarioFormat = typeof SCENARIO_FORMAT;

/** A validation problem. `path` like "nodes[2].connections" ("" for the whole scenario). */
export interface Problem {
  path: string;
  /** A plain sentence starting with the path: "nodes[2].connections: must be a whole number ≥ 1, got -3". */
  message: string;
}

export type ParseResult =
  | { ok: true; scenario: Scenario; warnings: string[] }
  | { ok: false; errors: Problem[] };

export interface ParseOptions {
  /** Cap on the requests the clients are expected to send over the run. Default 2e8. */
  maxRequests?: number;
  /**
   * Top-level fields written over the file's before anything is judged (the CLI's --seed and
   * --duration), so they meet the same checks and caps as the file's own.
   */
  overrides?: Readonly<Record<string, unknown>>;
}

export type NodeType =
  | 'client'
  | 'cdn'
  | 'loadBalancer'
  | 'rateLimiter'
  | 'appServer'
  | 'cache'
  | 'database'
  | 'queue'
  | 'worker';

/** Operation of a request class. */
export type Op = 'read' | 'write' | 'static';

export type { ServiceTimes } from '../components/appServer';
export type { BalancingPolicy } from '../components/balancing';
export type { RequestClass, RetryPolicy } from '../components/client';
// Each kind's parameters are declared and documented once, beside its behaviour, in
// src/components (DESIGN §1); a scenario node is those parameters plus id, type and placement.
export type { RatePoint } from '../components/rateProfile';
export type CircuitBreaker = CircuitBreakerParams;
export type Autoscale = AutoscaleParams;
export type HealthCheck = HealthCheckParams;

/** Key popularity of a request class: Zipf over `count` keys. */
export type KeySpace = RequestClass['keys'];

interface NodeBase {
  /** Unique id: a letter, then up to 47 letters, digits, "_" or "-". */
  id: string;
  /** Canvas position (finite numbers); absent = the UI lays it out. */
  pos?: [number, number];
  /** Display label, ≤ 60 characters. */
  label?: string;
  /** Dollars per instance-hour, ≥ 0 (defaults per kind). */
  costPerHour: number;
}

export interface ClientNode extends NodeBase, ClientParams {
  type: 'client';
}
export interface CdnNode extends NodeBase, CdnParams {
  type: 'cdn';
}
export interface LoadBalancerNode extends NodeBase, LoadBalancerParams {
  type: 'loadBalancer';
  /** Normalized to one distribution per op. */
  service: ServiceTimes;
}
export interface RateLimiterNode extends NodeBase, RateLimiterParams {
  type: 'rateLimiter';
}
export interface AppServerNode extends NodeBase, AppServerParams {
  type: 'appServer';
}
export interface CacheNode extends NodeBase, CacheParams {
  type: 'cache';
}
export interface DatabaseNode extends NodeBase, DatabaseParams {
  type: 'database';
}
export interface QueueNode extends NodeBase, QueueParams {
  type: 'queue';
}
export interface WorkerNode extends NodeBase, WorkerParams {
  type: 'worker';
}

export type ScenarioNode =
  | ClientNode
  | CdnNode
  | LoadBalancerNode
  | RateLimiterNode
  | AppServerNode
  | CacheNode
  | DatabaseNode
  | QueueNode
  | WorkerNode;

export interface Edge {
  from: string;
  to: string;
  /** One-way latency, ms. Default 0. */
  latency: number;
}

/** A normalized parameter value of a `set` event (what the node field holds after parsing). */
export type ParamValue =
  | number
  | string
  | boolean
  | [number, number]
  | DistSpec
  | ServiceTimes
  | RatePoint[]
  | RequestClass[]
  | RetryPolicy
  | CircuitBreaker
  | Autoscale
  | HealthCheck;

/** Timed changes, sorted by `at` (ms), ties in file order. */
export type ScenarioEvent =
  | { at: number; do: 'fail' | 'recover' | 'remove-node'; node: string }
  | { at: number; do: 'slow'; node: string /** Service times × factor (> 0; 1 = normal). */; factor: number }
  | {
      at: number;
      do: 'set';
      node: string;
      /** A parameter name of the node's kind, or a dotted path ("autoscale.max", "service.read"). */
      path: string;
      value: ParamValue;
    }
  | { at: number; do: 'add-node'; node: ScenarioNode }
  | { at: number; do: 'add-edge' | 'remove-edge'; edge: Edge };

/** A lesson's target. */
export interface Goal {
  text: string;
  p99Ms?: number;
  rps?: number;
  maxCostPerHour?: number;
  maxErrorRate?: number;
}

export interface Scenario {
  format: ScenarioFormat;
  /** 1..120 characters. */
  name: string;
  summary?: string;
  /** "What to notice" text for presets and lessons. */
  notice?: string;
  /** uint32. Default 1. */
  seed: number;
  /** Simulated length, ms (> 0, ≤ 30 days). Default 60000. */
  duration: number;
  /** Statistics ignore the first `warmup` ms (< duration). Default 0. */
  warmup: number;
  nodes: ScenarioNode[];
  edges: Edge[];
  events: ScenarioEvent[];
  goal?: Goal;
  /** Alert rules evaluated as the run goes (alerts.ts); the result lists their firings. */
  alerts?: AlertRule[];
  /** Service-level objective the run counts its error budget against (slo.ts). */
  slo?: Slo;
  /** Questions a lesson asks before the run and marks after it (predict.ts). */
  predict?: Prediction[];
  /** Opaque UI state (viewport…), a plain JSON object kept as is. */
  ui?: Record<string, unknown>;
}

export type {
  AppServerInput,
  CacheInput,
  CdnInput,
  ClientInput,
  DatabaseInput,
  DistInput,
  DurationInput,
  EdgeInput,
  EventInput,
  LoadBalancerInput,
  NodeInput,
  QueueInput,
  RateLimiterInput,
  RetryInput,
  ScenarioInput,
  ServiceInput,
  ServiceTimeInput,
  WorkerInput,
} from './inputTypes';
