/**
 * Alert rules of a scenario (DESIGN §4), in the shape people write for Prometheus: a figure over a
 * trailing window, a comparison, an evaluation interval and a `for` duration. This file holds the
 * types, the schema piece and the cross-check against the nodes; alertsEval.ts evaluates them.
 */
import * as v from 'valibot';
import { formatDuration } from './duration';
import { didYouMean, dur, list, nodeId, num, oneOf, type Schema, show, strict, text } from './schemaCommon';
import type { Problem, ScenarioEvent, ScenarioNode } from './types';

/** What a rule watches. The first four are the clients' (all of them) or, with `node`, that node's. */
export const ALERT_METRICS = [
  'p50Ms',
  'p99Ms',
  'errorRate',
  'throughputRps',
  'utilization',
  'queue',
  'lagMs',
  'oldestJobMs',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** Metrics that only mean something for one node, so `node` is required. */
export const NODE_METRICS: readonly AlertMetric[] = ['utilization', 'queue', 'lagMs', 'oldestJobMs'];

/** Alert rules per scenario. */
export const MAX_ALERTS = 50;
/** Characters in a rule's name. */
export const MAX_ALERT_NAME_CHARS = 60;
/** Shortest evaluation interval, ms: finer than this only costs time and shows noise. */
export const MIN_ALERT_EVERY_MS = 100;
/** Evaluations one window may span (window ÷ every): bounds the memory a rule keeps. */
export const MAX_WINDOW_STEPS = 3600;
/** Firings kept in a result (all rules together); a flapping rule cannot grow it without bound. */
export const MAX_FIRINGS = 10_000;

export interface AlertRule {
  /** Unique among the scenario's rules; the result and breakpoints name the rule by it. */
  name: string;
  metric: AlertMetric;
  /** Node id; required for utilization, queue, lagMs (a replica) and oldestJobMs (a queue). */
  node?: string;
  op: '>' | '<';
  /** Threshold in the metric's unit: ms, a 0..1 fraction, requests per second, or requests waiting. */
  value: number;
  /** Trailing window the figure is computed over, ms (rounded up to whole `every`s). Default 1 min. */
  window: number;
  /** How long the condition must hold at every evaluation before the rule fires, ms. Default 0. */
  for: number;
  /** Evaluation interval, simulated ms (≥ 100 ms). Default 1 s. */
  every: number;
}

/** One firing in result@1 `alerts`: when it fired and when it cleared (null: still firing at the end). */
export interface AlertFiring {
  name: string;
  firedAtMs: number;
  resolvedAtMs: number | null;
}

export const alertSchema: Schema<AlertRule> = strict({
  name: text(MAX_ALERT_NAME_CHARS, true),
  metric: oneOf(ALERT_METRICS),
  node: v.optional(nodeId),
  op: oneOf(['>', '<'] as const),
  value: num({ min: -1e15, max: 1e15 }),
  window: v.optional(dur({ positive: true }), 60_000),
  for: v.optional(dur(), 0),
  every: v.optional(dur({ positive: true }), 1000),
});

/** The scenario's `alerts` field: absent means no rules (and no `alerts` in the result). */
export const alertsSchema = v.optional(list(alertSchema, 0, MAX_ALERTS));

/** Which node kinds a node metric applies to, and how to say so. */
function kindProblem(metric: AlertMetric, node: ScenarioNode): string | undefined {
  if (metric === 'lagMs' && !(node.type === 'database' && node.role === 'replica'))
    return 'lagMs needs a database replica';
  if (metric === 'oldestJobMs' && node.type !== 'queue') return 'oldestJobMs needs a queue';
  if ((metric === 'utilization' || metric === 'queue') && node.type === 'client')
    return `${metric} needs a node that serves requests, not a client`;
  return undefined;
}

/**
 * Rules against the scenario: names unique, `node` present where the metric needs it and naming a
 * node of a fitting kind (an initial node or one an add-node event brings), intervals sensible.
 */
export function checkAlerts(
  rules: readonly AlertRule[] | undefined,
  nodes: readonly ScenarioNode[],
  events: readonly ScenarioEvent[],
): Problem[] {
  if (!rules) return [];
  const byId = new Map<string, ScenarioNode>();
  for (const n of nodes) byId.set(n.id, n);
  for (const e of events) if (e.do === 'add-node' && !byId.has(e.node.id)) byId.set(e.node.id, e.node);
  const ids = [...byId.keys()];
  const out: Problem[] = [];
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    const at = `alerts[${i}]`;
    const problem = (field: string, msg: string) => {
      const path = field ? `${at}.${field}` : at;
      out.push({ path, message: `${path}: ${msg}` });
    };
    if (seen.has(r.name)) problem('name', `must be unique among the alerts, got ${show(r.name)} twice`);
    seen.add(r.name);
    if (r.node === undefined) {
      if (NODE_METRICS.includes(r.metric)) problem('node', `is required: ${r.metric} is a node's figure`);
    } else {
      const node = byId.get(r.node);
      if (!node) problem('node', `no node has the id ${show(r.node)}${didYouMean(r.node, ids)}`);
      else {
        const why = kindProblem(r.metric, node);
        if (why) problem('node', `${why}, got ${show(r.node)} (its type is ${node.type})`);
      }
    }
    if (r.every < MIN_ALERT_EVERY_MS)
      problem(
        'every',
        `must be at least ${formatDuration(MIN_ALERT_EVERY_MS)}, got ${formatDuration(r.every)}`,
      );
    else if (r.window / r.every > MAX_WINDOW_STEPS)
      problem(
        'window',
        `must span at most ${MAX_WINDOW_STEPS} evaluations (every ${formatDuration(r.every)}), got ${formatDuration(r.window)}`,
      );
    if ((r.metric === 'errorRate' || r.metric === 'utilization') && (r.value < 0 || r.value > 1))
      problem('value', `${r.metric} is a fraction from 0 to 1, got ${show(r.value)}`);
  });
  return out;
}
