/**
 * valibot schemas of a scenario@1 file as it arrives (raw JSON → normalized values with defaults).
 * Only the shape is judged here; cross-references (ids, wiring, events over time, caps) are checked
 * afterwards in wiring.ts, timeline.ts and caps.ts, once the shape is known to be valid.
 */
import * as v from 'valibot';
import { alertsSchema } from './alerts';
import {
  MAX_EDGE_LATENCY_MS,
  MAX_EDGES,
  MAX_EVENTS,
  MAX_GOAL_TEXT_CHARS,
  MAX_JSON_DEPTH,
  MAX_NAME_CHARS,
  MAX_NODES,
  MAX_NOTICE_CHARS,
  MAX_PARAM_PATH_CHARS,
  MAX_RPS,
  MAX_SLOW_FACTOR,
  MAX_SUMMARY_CHARS,
  MAX_UI_JSON_CHARS,
  MAX_UI_KEYS,
  MIN_DURATION_MS,
} from './limits';
import { predictSchema } from './predict';
import {
  badField,
  didYouMean,
  dur,
  isPlainObject,
  list,
  nodeId,
  num,
  type Schema,
  show,
  strict,
  text,
} from './schemaCommon';
import { nodeSchema } from './schemaNodes';
import { sloSchema } from './slo';
import { type Edge, type Goal, SCENARIO_FORMAT, type ScenarioNode } from './types';

/** Plain JSON data (finite numbers, no cycles) at most `depth` levels deep and `budget` values big. */
export function isJsonValue(x: unknown, depth = MAX_JSON_DEPTH, budget = { left: 10_000 }): boolean {
  if (--budget.left < 0) return false;
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (depth <= 0 || typeof x !== 'object') return false;
  if (Array.isArray(x)) return x.every((e) => isJsonValue(e, depth - 1, budget));
  if (Object.getPrototypeOf(x) !== Object.prototype && Object.getPrototypeOf(x) !== null) return false;
  return Object.values(x).every((e) => isJsonValue(e, depth - 1, budget));
}

export const edgeSchema: Schema<Edge> = strict({
  from: nodeId,
  to: nodeId,
  latency: v.optional(dur({ max: MAX_EDGE_LATENCY_MS }), 0),
});

/** An event as shaped in the file; a `set` value is judged later against the node's kind. */
export type RawEvent =
  | { at: number; do: 'fail' | 'recover' | 'remove-node'; node: string }
  | { at: number; do: 'slow'; node: string; factor: number }
  | { at: number; do: 'set'; node: string; path: string; value: unknown }
  | { at: number; do: 'add-node'; node: ScenarioNode }
  | { at: number; do: 'add-edge' | 'remove-edge'; edge: Edge };

const setValue = v.custom<unknown>(
  (x) => x !== undefined && isJsonValue(x),
  (issue) =>
    issue.input === undefined
      ? 'is required'
      : `must be plain JSON data (a number, text, true/false, or a small object or list), got ${show(issue.input)}`,
);

const at = dur();

const EVENT_SCHEMAS: Record<RawEvent['do'], Schema<RawEvent>> = {
  fail: strict({ at, do: v.literal('fail'), node: nodeId }),
  recover: strict({ at, do: v.literal('recover'), node: nodeId }),
  'remove-node': strict({ at, do: v.literal('remove-node'), node: nodeId }),
  slow: strict({ at, do: v.literal('slow'), node: nodeId, factor: num({ gt: 0, max: MAX_SLOW_FACTOR }) }),
  set: strict({
    at,
    do: v.literal('set'),
    node: nodeId,
    path: text(MAX_PARAM_PATH_CHARS, true),
    value: setValue,
  }),
  'add-node': strict({ at, do: v.literal('add-node'), node: nodeSchema }),
  'add-edge': strict({ at, do: v.literal('add-edge'), edge: edgeSchema }),
  'remove-edge': strict({ at, do: v.literal('remove-edge'), edge: edgeSchema }),
};
const EVENT_KINDS = Object.keys(EVENT_SCHEMAS);
const eventList = EVENT_KINDS.map((k) => JSON.stringify(k)).join(', ');

const badEvent = badField('do', (d) =>
  d === undefined
    ? `is required: one of ${eventList}`
    : `must be one of ${eventList}, got ${show(d)}${didYouMean(d, EVENT_KINDS)}`,
);

export const eventSchema: Schema<RawEvent> = v.lazy((input) => {
  const d = isPlainObject(input) ? input.do : undefined;
  return typeof d === 'string' && Object.hasOwn(EVENT_SCHEMAS, d)
    ? EVENT_SCHEMAS[d as RawEvent['do']]
    : badEvent;
});

const goalSchema: Schema<Goal> = strict({
  text: text(MAX_GOAL_TEXT_CHARS, true),
  p99Ms: v.optional(num({ gt: 0, max: 1e9 })),
  rps: v.optional(num({ gt: 0, max: MAX_RPS })),
  maxCostPerHour: v.optional(num({ min: 0, max: 1e9 })),
  maxErrorRate: v.optional(num({ min: 0, max: 1 })),
});

function uiProblem(x: unknown): string | undefined {
  if (!isPlainObject(x)) return `must be an object, got ${show(x)}`;
  const keys = Object.keys(x).length;
  if (keys > MAX_UI_KEYS) return `must have at most ${MAX_UI_KEYS} keys, got ${keys}`;
  if (!isJsonValue(x)) return `must hold only plain JSON data at most ${MAX_JSON_DEPTH} levels deep`;
  const size = JSON.stringify(x).length;
  if (size > MAX_UI_JSON_CHARS) return `must be at most ${MAX_UI_JSON_CHARS} characters as JSON, got ${size}`;
  return undefined;
}

/** Opaque UI state: kept as is (a copy), only its size and plainness are checked. */
const uiSchema: Schema<Record<string, unknown>> = v.pipe(
  v.custom<Record<string, unknown>>(
    (x) => uiProblem(x) === undefined,
    (issue) => uiProblem(issue.input) ?? 'is not valid',
  ),
  v.transform((x) => JSON.parse(JSON.stringify(x)) as Record<string, unknown>),
);

/** The whole file once its format is known to be scenario@1 (see migrate.ts). */
export const scenarioSchema = strict({
  format: v.literal(SCENARIO_FORMAT, `must be ${JSON.stringify(SCENARIO_FORMAT)}`),
  name: text(MAX_NAME_CHARS, true),
  summary: v.optional(text(MAX_SUMMARY_CHARS)),
  notice: v.optional(text(MAX_NOTICE_CHARS)),
  seed: v.optional(num({ int: true, min: 0, max: 2 ** 32 - 1 }), 1),
  duration: v.optional(dur({ min: MIN_DURATION_MS }), 60_000),
  warmup: v.optional(dur(), 0),
  nodes: list(nodeSchema, 1, MAX_NODES),
  edges: v.optional(list(edgeSchema, 0, MAX_EDGES), []),
  events: v.optional(list(eventSchema, 0, MAX_EVENTS), []),
  goal: v.optional(goalSchema),
  alerts: alertsSchema,
  slo: v.optional(sloSchema),
  predict: predictSchema,
  ui: v.optional(uiSchema),
});

/** What scenarioSchema produces: a Scenario whose events still carry raw `set` values. */
export type ShapedScenario = v.InferOutput<typeof scenarioSchema>;
