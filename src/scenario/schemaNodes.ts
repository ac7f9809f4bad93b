/**
 * Schemas of the nine node kinds (raw JSON → normalized node, defaults filled in), the dispatcher
 * on `type`, and the parameters a `set` event may change on each kind.
 */
import * as v from 'valibot';
import { formatDuration } from './duration';
import {
  MAX_CLASS_NAME_CHARS,
  MAX_COST_PER_HOUR,
  MAX_LABEL_CHARS,
  MAX_MIX_CLASSES,
  MAX_RATE_POINTS,
  MAX_RPS,
  MIN_AUTOSCALE_INTERVAL_MS,
  MIN_HEALTH_CHECK_INTERVAL_MS,
  MIN_VISIBILITY_TIMEOUT_MS,
} from './limits';
import {
  badField,
  bool,
  didYouMean,
  dur,
  expEverywhere,
  isPlainObject,
  list,
  nodeId,
  num,
  numberOk,
  oneOf,
  retrySchema,
  type Schema,
  serviceMap,
  serviceTime,
  show,
  strict,
  text,
} from './schemaCommon';
import type {
  AppServerNode,
  Autoscale,
  CacheNode,
  CdnNode,
  ClientNode,
  DatabaseNode,
  LoadBalancerNode,
  NodeType,
  QueueNode,
  RateLimiterNode,
  RatePoint,
  ScenarioNode,
  WorkerNode,
} from './types';

/** Every node kind, in palette order. */
export const NODE_TYPES: readonly NodeType[] = [
  'client',
  'cdn',
  'rateLimiter',
  'loadBalancer',
  'appServer',
  'cache',
  'database',
  'queue',
  'worker',
];

const pos: Schema<[number, number]> = v.custom<[number, number]>(
  (x) => Array.isArray(x) && x.length === 2 && x.every((c) => numberOk(c, { min: -1e7, max: 1e7 })),
  (issue) => `must be [x, y], two numbers from -10000000 to 10000000, got ${show(issue.input)}`,
);

const cost = (dollars: number) => v.optional(num({ min: 0, max: MAX_COST_PER_HOUR }), dollars);
/** A whole number in [min, max], `def` when absent. */
const count = (min: number, max: number, def: number) => v.optional(num({ int: true, min, max }), def);
/** A whole number in [min, max], absent when absent. */
const maybeCount = (min: number, max: number) => v.optional(num({ int: true, min, max }));
const fraction = num({ min: 0, max: 1 });

/** Fields every kind has besides `id` and `type` (which come first, so normalized nodes read well). */
const placement = { pos: v.optional(pos), label: v.optional(text(MAX_LABEL_CHARS)) };

// ----- client -----------------------------------------------------------------------------------

const ratePoint = strict({ at: dur(), rps: num({ min: 0, max: MAX_RPS }), ramp: v.optional(dur(), 0) });

const rateList: Schema<RatePoint[]> = v.pipe(
  list(ratePoint, 1, MAX_RATE_POINTS),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const points = dataset.value;
    const atPath = (i: number): [v.IssuePathItem, ...v.IssuePathItem[]] => [
      { type: 'array', origin: 'value', input: points, key: i, value: points[i] } as v.ArrayPathItem,
      {
        type: 'object',
        origin: 'value',
        input: points[i],
        key: 'at',
        value: points[i].at,
      } as v.ObjectPathItem,
    ];
    if (points[0].at !== 0)
      addIssue({
        message: `the first point must be at 0, got ${formatDuration(points[0].at)}`,
        path: atPath(0),
      });
    for (let i = 1; i < points.length; i++) {
      const prev = points[i - 1];
      const end = prev.at + prev.ramp;
      if (points[i].at < end)
        addIssue({
          message: `must be at or after ${formatDuration(end)}, where the previous point${prev.ramp ? "'s ramp ends" : ' starts'} (points are sorted by time)`,
          path: atPath(i),
        });
    }
  }),
);

const constantRate: Schema<RatePoint[]> = v.pipe(
  v.custom<number>(
    (x) => numberOk(x, { min: 0, max: MAX_RPS }),
    (issue) =>
      `must be requests per second (a number from 0 to ${MAX_RPS}) or a list of {"at", "rps", "ramp"}, got ${show(issue.input)}`,
  ),
  v.transform((rps) => [{ at: 0, rps, ramp: 0 }]),
);

/** A number (constant rps) or a list of rate points. */
const rate: Schema<RatePoint[]> = v.lazy((input) => (Array.isArray(input) ? rateList : constantRate));

const requestClass = v.pipe(
  strict({
    name: text(MAX_CLASS_NAME_CHARS, true),
    op: oneOf(['read', 'write', 'static']),
    weight: v.optional(num({ gt: 0, max: 1e9 }), 1),
    keys: v.optional(
      strict({
        count: count(1, 1e7, 10_000),
        zipf: v.optional(num({ min: 0, max: 5 }), 0.99),
      }),
      {},
    ),
    async: v.optional(bool, false),
  }),
  v.forward(
    v.check(
      (c) => !c.async || c.op === 'write',
      (issue) =>
        `only a write can be async, and this class's op is ${show((issue.input as { op: string }).op)}`,
    ),
    ['async'],
  ),
);

export const clientEntries = {
  id: nodeId,
  type: v.literal('client'),
  ...placement,
  rate: v.optional(rate, 100),
  trafficScale: v.optional(num({ min: 0, max: 1000 }), 1),
  arrivals: v.optional(oneOf(['poisson', 'constant']), 'poisson'),
  mix: v.optional(list(requestClass, 1, MAX_MIX_CLASSES), [{ name: 'read', op: 'read', weight: 1 }]),
  timeout: v.optional(dur({ positive: true }), 10_000),
  retry: v.optional(retrySchema, {}),
  costPerHour: cost(0),
};
const client: Schema<ClientNode> = strict(clientEntries);

// ----- cdn, load balancer, rate limiter --------------------------------------------------------

export const cdnEntries = {
  id: nodeId,
  type: v.literal('cdn'),
  ...placement,
  capacity: count(1, 1e8, 100_000),
  ttl: v.optional(dur({ positive: true }), 3_600_000),
  hitRatio: v.optional(fraction),
  service: serviceMap(expEverywhere(1)),
  costPerHour: cost(0.01),
};
const cdn: Schema<CdnNode> = strict(cdnEntries);

export const healthCheckEntries = {
  interval: v.optional(
    dur({ min: MIN_HEALTH_CHECK_INTERVAL_MS, minWhy: 'a shorter interval floods the run with probes' }),
    5000,
  ),
  unhealthyAfter: count(1, 100, 2),
  healthyAfter: count(1, 100, 1),
};

export const lbEntries = {
  id: nodeId,
  type: v.literal('loadBalancer'),
  ...placement,
  policy: v.optional(
    oneOf(['round-robin', 'least-connections', 'random', 'power-of-two'], { p2c: 'power-of-two' }),
    'round-robin',
  ),
  cores: count(1, 256, 1),
  service: serviceMap({
    read: { dist: 'const', value: 0.05 },
    write: { dist: 'const', value: 0.05 },
    static: { dist: 'const', value: 0.05 },
  }),
  backlog: count(0, 1e7, 10_000),
  healthCheck: v.optional(strict(healthCheckEntries), {}),
  costPerHour: cost(0.025),
};
const loadBalancer: Schema<LoadBalancerNode> = strict(lbEntries);

export const rlEntries = {
  id: nodeId,
  type: v.literal('rateLimiter'),
  ...placement,
  rate: num({ gt: 0, max: MAX_RPS }),
  burst: v.optional(num({ min: 1, max: 1e9 })),
  costPerHour: cost(0),
};
const rateLimiter: Schema<RateLimiterNode> = v.pipe(
  strict(rlEntries),
  v.transform((n) => ({ ...n, burst: n.burst ?? Math.max(1, n.rate) })),
);

// ----- app server -------------------------------------------------------------------------------

export const circuitBreakerEntries = {
  errorRate: v.optional(fraction, 0.5),
  window: v.optional(dur({ positive: true }), 10_000),
  minRequests: count(1, 1e6, 20),
  coolDown: v.optional(dur({ positive: true }), 5000),
};

export const autoscaleEntries = {
  min: count(1, 1000, 1),
  max: maybeCount(1, 1000),
  targetCpu: v.optional(num({ min: 0.05, max: 1 }), 0.6),
  bootTime: v.optional(dur(), 30_000),
  coolDown: v.optional(dur(), 60_000),
  interval: v.optional(
    dur({ min: MIN_AUTOSCALE_INTERVAL_MS, minWhy: 'a shorter interval floods the run with evaluations' }),
    10_000,
  ),
};
const autoscale: Schema<Autoscale> = v.pipe(
  strict(autoscaleEntries),
  v.forward(
    v.check(
      (a) => a.max === undefined || a.max >= a.min,
      (issue) => {
        const a = issue.input as { min: number; max: number };
        return `must be ≥ autoscale.min (${a.min}), got ${a.max}`;
      },
    ),
    ['max'],
  ),
  v.transform((a) => ({ ...a, max: a.max ?? Math.max(a.min, 10) })),
);

export const appEntries = {
  id: nodeId,
  type: v.literal('appServer'),
  ...placement,
  instances: maybeCount(1, 1000),
  cores: count(1, 256, 4),
  concurrency: count(1, 1e7, 64),
  backlog: count(0, 1e7, 512),
  service: serviceMap(expEverywhere(5)),
  timeout: v.optional(dur({ positive: true })),
  retry: v.optional(retrySchema),
  circuitBreaker: v.optional(strict(circuitBreakerEntries)),
  pool: maybeCount(1, 10_000),
  autoscale: v.optional(autoscale),
  costPerHour: cost(0.1),
};
const appServer: Schema<AppServerNode> = v.pipe(
  strict(appEntries),
  v.forward(
    v.check(
      (n) =>
        !n.autoscale ||
        n.instances === undefined ||
        (n.instances >= n.autoscale.min && n.instances <= n.autoscale.max),
      (issue) => {
        const n = issue.input as { instances: number; autoscale: Autoscale };
        return `must be between autoscale.min (${n.autoscale.min}) and autoscale.max (${n.autoscale.max}), got ${n.instances}`;
      },
    ),
    ['instances'],
  ),
  v.transform((n) => ({ ...n, instances: n.instances ?? n.autoscale?.min ?? 1 })),
);

// ----- cache, database, queue, worker ----------------------------------------------------------

export const cacheEntries = {
  id: nodeId,
  type: v.literal('cache'),
  ...placement,
  capacity: count(1, 1e7, 10_000),
  ttl: v.optional(dur({ positive: true })),
  hitRatio: v.optional(fraction),
  coalesce: v.optional(bool, false),
  cores: count(1, 256, 1),
  service: serviceMap(expEverywhere(0.2)),
  backlog: count(0, 1e7, 10_000),
  costPerHour: cost(0.05),
};
const cache: Schema<CacheNode> = strict(cacheEntries);

export const dbEntries = {
  id: nodeId,
  type: v.literal('database'),
  ...placement,
  role: v.optional(oneOf(['primary', 'replica']), 'primary'),
  primary: v.optional(nodeId),
  connections: count(1, 1e5, 20),
  service: serviceMap({
    read: { dist: 'exp', mean: 4 },
    write: { dist: 'exp', mean: 10 },
    static: { dist: 'exp', mean: 4 },
  }),
  locks: v.optional(oneOf(['none', 'row']), 'row'),
  shards: count(1, 64, 1),
  backlog: count(0, 1e7, 1000),
  replicationDelay: v.optional(dur(), 1),
  applyService: v.optional(serviceTime, { dist: 'exp', mean: 2 }),
  costPerHour: cost(0.25),
};
const database: Schema<DatabaseNode> = v.pipe(
  strict(dbEntries),
  v.forward(
    v.check(
      (n) => n.role !== 'replica' || n.primary !== undefined,
      'is required on a replica: the id of the primary database it copies',
    ),
    ['primary'],
  ),
  v.forward(
    v.check(
      (n) => n.role !== 'primary' || n.primary === undefined,
      'only a replica names a primary; remove it, or set "role": "replica"',
    ),
    ['primary'],
  ),
  v.forward(
    v.check(
      (n) => n.role !== 'replica' || n.shards === 1,
      (issue) =>
        `must be 1 on a replica (shards split a primary), got ${(issue.input as { shards: number }).shards}`,
    ),
    ['shards'],
  ),
);

export const queueEntries = {
  id: nodeId,
  type: v.literal('queue'),
  ...placement,
  capacity: count(1, 1e7, 10_000),
  onFull: v.optional(oneOf(['reject', 'block']), 'reject'),
  visibilityTimeout: v.optional(
    dur({ min: MIN_VISIBILITY_TIMEOUT_MS, minWhy: 'a shorter timeout floods the run with redeliveries' }),
    30_000,
  ),
  maxReceives: maybeCount(1, 1000),
  costPerHour: cost(0.02),
};
const queue: Schema<QueueNode> = strict(queueEntries);

export const workerEntries = {
  id: nodeId,
  type: v.literal('worker'),
  ...placement,
  instances: count(1, 1000, 1),
  concurrency: count(1, 10_000, 4),
  service: serviceMap(expEverywhere(20)),
  failureRate: v.optional(fraction, 0),
  poisonRate: v.optional(fraction, 0),
  idempotent: v.optional(bool, true),
  costPerHour: cost(0.05),
};
const worker: Schema<WorkerNode> = strict(workerEntries);

// ----- dispatch ---------------------------------------------------------------------------------

const NODE_SCHEMAS: Record<NodeType, Schema<ScenarioNode>> = {
  client,
  cdn,
  loadBalancer,
  rateLimiter,
  appServer,
  cache,
  database,
  queue,
  worker,
};

const typeList = NODE_TYPES.map((t) => JSON.stringify(t)).join(', ');
const badType = badField('type', (t) =>
  t === undefined
    ? `is required: one of ${typeList}`
    : `unknown node type ${show(t)}${didYouMean(t, NODE_TYPES)} (known types: ${typeList})`,
);

/** Any node, by its `type`. */
export const nodeSchema: Schema<ScenarioNode> = v.lazy((input) => {
  const t = isPlainObject(input) ? input.type : undefined;
  return typeof t === 'string' && Object.hasOwn(NODE_SCHEMAS, t) ? NODE_SCHEMAS[t as NodeType] : badType;
});
