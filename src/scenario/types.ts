/**
 * scenario@1 types. `Scenario` is the normalized form the simulation is built from: every
 * duration a number of ms, every service time a DistSpec, every default filled in, nodes in file
 * order, events sorted by time. It is plain JSON-serializable data. `ScenarioInput` is the raw form
 * a file, a link or the editor holds (durations as "20ms" strings, most fields optional).
 */
import type { DistSpec } from '../engine/distributions';

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

/** Service time per operation (the time one request holds a server). */
export interface ServiceTimes {
  read: DistSpec;
  write: DistSpec;
  static: DistSpec;
}

/** One point of a client's rate profile. */
export interface RatePoint {
  /** When this level starts, ms from 0 (the first point is at 0; points are sorted). */
  at: number;
  /** Requests per second from `at + ramp` until the next point. */
  rps: number;
  /** The rate moves linearly from the previous level (0 for the first point) to `rps` over this many ms, starting at `at`; 0 = a step. Ends before the next point starts. */
  ramp: number;
}

/** Key popularity of a request class: Zipf over `count` keys. */
export interface KeySpace {
  /** Number of distinct keys, 1..10^7. Default 10000. */
  count: number;
  /** Zipf exponent, 0 (uniform) ..5. Default 0.99. */
  zipf: number;
}

export interface RequestClass {
  name: string;
  op: Op;
  /** Relative weight, > 0. */
  weight: number;
  keys: KeySpace;
  /** Async write: answered once enqueued when the app server has a queue. Default false. */
  async: boolean;
}

export interface RetryPolicy {
  /** Retries after the first attempt, 0..10. Default 0. */
  max: number;
  /** Wait before the first retry, ms. Default 100. */
  backoff: number;
  /** Each later wait is the previous × multiplier (≥ 1). Default 2. */
  multiplier: number;
  /** Full jitter on each wait. Default true. */
  jitter: boolean;
}

export interface CircuitBreaker {
  /** Opens when the error rate over the window reaches this, 0..1. Default 0.5. */
  errorRate: number;
  /** Sliding window, ms. Default 10000. */
  window: number;
  /** Calls in the window before it may open, ≥ 1. Default 20. */
  minRequests: number;
  /** Time open before a half-open probe, ms. Default 5000. */
  coolDown: number;
}

export interface Autoscale {
  /** Fewest instances, ≥ 1. Default 1. */
  min: number;
  /** Most instances, min..1000. Default max(min, 10). */
  max: number;
  /** Target CPU utilisation, 0.05..1. Default 0.6. */
  targetCpu: number;
  /** Time from the decision to a new instance serving, ms. Default 30000. */
  bootTime: number;
  /** Least time between two scaling actions, ms. Default 60000. */
  coolDown: number;
  /** Time between two evaluations, ms. Default 10000. */
  interval: number;
}

export interface HealthCheck {
  /** Time between probes, ms. Default 5000. */
  interval: number;
  /** Failed probes in a row before a target is taken out, 1..100. Default 2. */
  unhealthyAfter: number;
  /** Good probes in a row before it is put back, 1..100. Default 1. */
  healthyAfter: number;
}

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

export interface ClientNode extends NodeBase {
  type: 'client';
  /** Rate profile. Default [{at: 0, rps: 100, ramp: 0}]. */
  rate: RatePoint[];
  /** Multiplies every rate of the profile, 0..1000 (the app's traffic slider sets it live). Default 1. */
  trafficScale: number;
  /** Default "poisson". */
  arrivals: 'poisson' | 'constant';
  /** Weighted request classes. Default one read class of weight 1. */
  mix: RequestClass[];
  /** The client gives up after this many ms. Default 10000. */
  timeout: number;
  /** Default {max: 0, backoff: 100, multiplier: 2, jitter: true}. */
  retry: RetryPolicy;
}

export interface CdnNode extends NodeBase {
  type: 'cdn';
  /** Objects held (LRU), 1..10^8. Default 100000. */
  capacity: number;
  /** Object lifetime, ms. Default 3600000. */
  ttl: number;
  /** Fixed hit probability replacing the key model, 0..1. */
  hitRatio?: number;
  /** Default exp 1 ms. */
  service: ServiceTimes;
}

export type BalancingPolicy = 'round-robin' | 'least-connections' | 'random' | 'power-of-two';

export interface LoadBalancerNode extends NodeBase {
  type: 'loadBalancer';
  /** Default "round-robin" ("p2c" is read as "power-of-two"). */
  policy: BalancingPolicy;
  /** Parallel servers. Default 1 (DESIGN §3). */
  cores: number;
  /** Default const 0.05 ms. */
  service: ServiceTimes;
  /** Waiting requests before 503. Default 10000. */
  backlog: number;
  healthCheck: HealthCheck;
}

export interface RateLimiterNode extends NodeBase {
  type: 'rateLimiter';
  /** Tokens per second, > 0. Required. */
  rate: number;
  /** Bucket size, ≥ 1. Default max(rate, 1). */
  burst: number;
}

export interface AppServerNode extends NodeBase {
  type: 'appServer';
  /** Instances at the start, 1..1000. Default autoscale.min, else 1. */
  instances: number;
  /** CPU cores per instance, 1..256. Default 4. */
  cores: number;
  /** In-flight slots per instance, 1..10^7. Default 64. */
  concurrency: number;
  /** Waiting requests per instance before 503, 0..10^7. Default 512. */
  backlog: number;
  /** CPU time per request. Default exp 5 ms for every op. */
  service: ServiceTimes;
  /** Timeout of each downstream call, ms; absent = none. */
  timeout?: number;
  /** Retries of downstream calls; absent = none. */
  retry?: RetryPolicy;
  circuitBreaker?: CircuitBreaker;
  /** DB connections per instance, 1..10^4; absent = unlimited. */
  pool?: number;
  autoscale?: Autoscale;
}

export interface CacheNode extends NodeBase {
  type: 'cache';
  /** Keys held (LRU), 1..10^7. Default 10000. */
  capacity: number;
  /** Entry lifetime from its write, ms; absent = no expiry. */
  ttl?: number;
  /** Fixed hit probability replacing the key model, 0..1. */
  hitRatio?: number;
  /** Single-flight misses. Default false. */
  coalesce: boolean;
  /** Parallel servers. Default 1 (DESIGN §3). */
  cores: number;
  /** Default exp 0.2 ms. */
  service: ServiceTimes;
  /** Default 10000. */
  backlog: number;
}

export interface DatabaseNode extends NodeBase {
  type: 'database';
  /** Default "primary". */
  role: 'primary' | 'replica';
  /** The primary a replica copies (replicas only). */
  primary?: string;
  /** Parallel queries, 1..10^5. Default 20. */
  connections: number;
  /** Default exp read 4 ms, write 10 ms, static 4 ms. */
  service: ServiceTimes;
  /** "row" serialises writes to the same key. Default "row". */
  locks: 'none' | 'row';
  /** Independent primaries keys are hashed over, 1..64 (1 on a replica). Default 1. */
  shards: number;
  /** Default 1000. */
  backlog: number;
  /** Replicas: delay before a write reaches the replica, ms. Default 1. */
  replicationDelay: number;
  /** Replicas: time the apply thread spends per write. Default exp 2 ms. */
  applyService: DistSpec;
}

export interface QueueNode extends NodeBase {
  type: 'queue';
  /** Jobs held, 1..10^7. Default 10000. */
  capacity: number;
  /** Default "reject". */
  onFull: 'reject' | 'block';
  /** A job not acknowledged within this many ms is delivered again. Default 30000. */
  visibilityTimeout: number;
}

export interface WorkerNode extends NodeBase {
  type: 'worker';
  /** 1..1000. Default 1. */
  instances: number;
  /** Jobs at once per instance, 1..10^4. Default 4. */
  concurrency: number;
  /** Default exp 20 ms. */
  service: ServiceTimes;
  /** Probability a job crashes mid-way (then redelivered), 0..1. Default 0. */
  failureRate: number;
  /** Default true. */
  idempotent: boolean;
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
