/**
 * Raw scenario@1 input: what a file, a link or the editor holds (durations as "20ms" strings, most
 * fields optional). Meanings, units and defaults are documented on the normalized types in types.ts.
 * parseScenario turns it into a Scenario.
 */
import type { BalancingPolicy, Goal, Op } from './types';

/** "250us", "20ms", "5s", "2m", "1h", "1d" (decimals allowed), or a number of ms. */
export type DurationInput = string | number;

/** A distribution whose duration fields may be duration strings. */
export type DistInput =
  | { dist: 'exp'; mean: DurationInput }
  | { dist: 'const'; value: DurationInput }
  | { dist: 'uniform'; min: DurationInput; max: DurationInput }
  | { dist: 'lognormal'; mean: DurationInput; cv: number }
  | { dist: 'gamma'; mean: DurationInput; cv: number }
  | { dist: 'pareto'; mean: DurationInput; alpha: number; maxRatio?: number };

/** A bare duration means exponential with that mean. */
export type ServiceTimeInput = DurationInput | DistInput;
/** One service time for every op, or one per op (missing ops take the kind's default). */
export type ServiceInput =
  | ServiceTimeInput
  | { read?: ServiceTimeInput; write?: ServiceTimeInput; static?: ServiceTimeInput };

export interface RetryInput {
  max?: number;
  backoff?: DurationInput;
  multiplier?: number;
  jitter?: boolean;
}

interface NodeInputBase {
  id: string;
  pos?: [number, number];
  label?: string;
  costPerHour?: number;
}

export interface ClientInput extends NodeInputBase {
  type: 'client';
  rate?: number | { at: DurationInput; rps: number; ramp?: DurationInput }[];
  trafficScale?: number;
  arrivals?: 'poisson' | 'constant';
  mix?: {
    name: string;
    op: Op;
    weight?: number;
    keys?: { count?: number; zipf?: number };
    async?: boolean;
  }[];
  timeout?: DurationInput;
  retry?: RetryInput;
}
export interface CdnInput extends NodeInputBase {
  type: 'cdn';
  capacity?: number;
  ttl?: DurationInput;
  hitRatio?: number;
  service?: ServiceInput;
}
export interface LoadBalancerInput extends NodeInputBase {
  type: 'loadBalancer';
  policy?: BalancingPolicy | 'p2c';
  cores?: number;
  service?: ServiceInput;
  backlog?: number;
  healthCheck?: { interval?: DurationInput; unhealthyAfter?: number; healthyAfter?: number };
}
export interface RateLimiterInput extends NodeInputBase {
  type: 'rateLimiter';
  rate: number;
  burst?: number;
}
export interface AppServerInput extends NodeInputBase {
  type: 'appServer';
  instances?: number;
  cores?: number;
  concurrency?: number;
  backlog?: number;
  service?: ServiceInput;
  timeout?: DurationInput;
  retry?: RetryInput;
  circuitBreaker?: {
    errorRate?: number;
    window?: DurationInput;
    minRequests?: number;
    coolDown?: DurationInput;
  };
  pool?: number;
  autoscale?: {
    min?: number;
    max?: number;
    targetCpu?: number;
    bootTime?: DurationInput;
    coolDown?: DurationInput;
    interval?: DurationInput;
  };
}
export interface CacheInput extends NodeInputBase {
  type: 'cache';
  capacity?: number;
  ttl?: DurationInput;
  hitRatio?: number;
  coalesce?: boolean;
  cores?: number;
  service?: ServiceInput;
  backlog?: number;
}
export interface DatabaseInput extends NodeInputBase {
  type: 'database';
  role?: 'primary' | 'replica';
  primary?: string;
  connections?: number;
  service?: ServiceInput;
  locks?: 'none' | 'row';
  shards?: number;
  backlog?: number;
  replicationDelay?: DurationInput;
  applyService?: ServiceTimeInput;
}
export interface QueueInput extends NodeInputBase {
  type: 'queue';
  capacity?: number;
  onFull?: 'reject' | 'block';
  visibilityTimeout?: DurationInput;
  maxReceives?: number;
}
export interface WorkerInput extends NodeInputBase {
  type: 'worker';
  instances?: number;
  concurrency?: number;
  service?: ServiceInput;
  failureRate?: number;
  poisonRate?: number;
  idempotent?: boolean;
}

export type NodeInput =
  | ClientInput
  | CdnInput
  | LoadBalancerInput
  | RateLimiterInput
  | AppServerInput
  | CacheInput
  | DatabaseInput
  | QueueInput
  | WorkerInput;

export interface EdgeInput {
  from: string;
  to: string;
  latency?: DurationInput;
}

export type EventInput =
  | { at: DurationInput; do: 'fail' | 'recover' | 'remove-node'; node: string }
  | { at: DurationInput; do: 'slow'; node: string; factor: number }
  | { at: DurationInput; do: 'set'; node: string; path: string; value: unknown }
  | { at: DurationInput; do: 'add-node'; node: NodeInput }
  | { at: DurationInput; do: 'add-edge' | 'remove-edge'; edge: EdgeInput };

export interface ScenarioInput {
  format: string;
  name: string;
  summary?: string;
  notice?: string;
  seed?: number;
  duration?: DurationInput;
  warmup?: DurationInput;
  nodes: NodeInput[];
  edges?: EdgeInput[];
  events?: EventInput[];
  goal?: Goal;
  /** See Slo (slo.ts); `latency` a duration. */
  slo?: { objective: number; latency?: DurationInput };
  /** See Prediction (predict.ts). */
  predict?: { ask: string; answer: string; choices?: string[]; tolerance?: number }[];
  ui?: Record<string, unknown>;
}
