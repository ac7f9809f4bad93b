/**
 * The settable-path table: the one declaration of what a `set` event may change on each kind, and
 * how the run applies it. The gate (timeline.ts) accepts exactly the paths listed here, judged by
 * their schema; the build (build.ts) applies each one as its `effect` says:
 *   - "live":    the node changes its behaviour from that instant (node.setParam);
 *   - "display": only what the canvas shows (position, label) or what the simulation never reads
 *                (a client's price: users are not billed) — recorded and replayed, no effect.
 * Every other field of a kind is refused with the sentence in FIXED_FIELDS or NOT_LIVE.
 * test/scenario/settable.test.ts applies every listed path to a running simulation.
 */
import { retryEntries, type Schema, serviceTime } from './schemaCommon';
import {
  appEntries,
  autoscaleEntries,
  cacheEntries,
  cdnEntries,
  circuitBreakerEntries,
  clientEntries,
  dbEntries,
  healthCheckEntries,
  lbEntries,
  queueEntries,
  rlEntries,
  workerEntries,
} from './schemaNodes';
import type { NodeType, ParamValue } from './types';

export type SetEffect = 'live' | 'display';

/** What the table needs to know of the node a `set` names (a ScenarioNode fits). */
export interface SetTarget {
  type: NodeType;
  /** Present when the app server autoscales. */
  autoscale?: unknown;
}

export interface SettableParam {
  /** Judges and normalizes the value. */
  schema: Schema<ParamValue>;
  effect: SetEffect;
  /** Why this node cannot take the change now (a sentence), or undefined when it can. */
  refuse?: (node: SetTarget) => string | undefined;
}

/** Fields that define what a node is or where it sits in the graph, on every kind. */
export const FIXED_FIELDS: Readonly<Record<string, string>> = {
  id: 'a node keeps its id; remove it and add a new node instead',
  type: 'a node keeps its type; remove it and add a new node instead',
  role: 'a database keeps its role; add a new node instead',
  primary: 'a replica keeps its primary; add a new replica instead',
  shards: 'the shard count is fixed for a run',
};

/** Fields of one kind that a run cannot change, with why. */
const NOT_LIVE: Partial<Record<NodeType, Record<string, string>>> = {
  client: {
    mix: 'the request mix is fixed for a run; add another client with the new mix instead',
  },
};

/** Paths whose change the simulation does not read (kept for the canvas and for replay). */
const DISPLAY = new Set(['pos', 'label']);

const noAutoscale = (n: SetTarget) =>
  n.autoscale === undefined
    ? 'this app server does not autoscale; give it "autoscale" in the scenario to change it during a run'
    : undefined;

type Entries = Record<string, Schema<unknown>>;

function table(
  type: NodeType,
  entries: Entries,
  nested: Record<string, Entries> = {},
  display: readonly string[] = [],
): Record<string, SettableParam> {
  const out: Record<string, SettableParam> = {};
  const notLive = NOT_LIVE[type] ?? {};
  const put = (path: string, schema: Schema<unknown>) => {
    const effect: SetEffect = DISPLAY.has(path) || display.includes(path) ? 'display' : 'live';
    const refuse = path === 'autoscale' || path.startsWith('autoscale.') ? noAutoscale : undefined;
    out[path] = { schema: schema as Schema<ParamValue>, effect, refuse };
  };
  for (const key of Object.keys(entries))
    if (!Object.hasOwn(FIXED_FIELDS, key) && !Object.hasOwn(notLive, key)) put(key, entries[key]);
  for (const [parent, sub] of Object.entries(nested))
    for (const key of Object.keys(sub)) put(`${parent}.${key}`, sub[key]);
  return out;
}

const serviceOps: Entries = { read: serviceTime, write: serviceTime, static: serviceTime };

/** Per kind: parameter path ("cores", "autoscale.max", "service.read") → how it is judged and applied. */
export const SETTABLE_PARAMS: Readonly<Record<NodeType, Readonly<Record<string, SettableParam>>>> = {
  client: table('client', clientEntries, { retry: retryEntries }, ['costPerHour']),
  cdn: table('cdn', cdnEntries, { service: serviceOps }),
  loadBalancer: table('loadBalancer', lbEntries, {
    service: serviceOps,
    healthCheck: healthCheckEntries,
  }),
  rateLimiter: table('rateLimiter', rlEntries),
  appServer: table('appServer', appEntries, {
    service: serviceOps,
    retry: retryEntries,
    circuitBreaker: circuitBreakerEntries,
    autoscale: autoscaleEntries,
  }),
  cache: table('cache', cacheEntries, { service: serviceOps }),
  database: table('database', dbEntries, { service: serviceOps }),
  queue: table('queue', queueEntries),
  worker: table('worker', workerEntries, { service: serviceOps }),
};

/** The entry for (kind, path), own properties only ("__proto__" is no parameter). */
export function settableParam(type: NodeType, path: string): SettableParam | undefined {
  const params = SETTABLE_PARAMS[type];
  return Object.hasOwn(params, path) ? params[path] : undefined;
}

/** Why `path` cannot be set on a node of `type` at all, when the table knows a reason. */
export function fixedReason(type: NodeType, path: string): string | undefined {
  if (Object.hasOwn(FIXED_FIELDS, path)) return FIXED_FIELDS[path];
  const notLive = NOT_LIVE[type];
  return notLive && Object.hasOwn(notLive, path) ? notLive[path] : undefined;
}
