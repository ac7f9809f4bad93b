/**
 * parseScenario: the single gate for untrusted scenarios. Never throws. Order of work:
 * format (migrate.ts) → shape and defaults (schema.ts, every problem at once) → when the shape is
 * valid: graph (wiring.ts), events over time (timeline.ts) and totals (caps.ts).
 */
import * as v from 'valibot';
import { checkAlerts } from './alerts';
import { checkCaps } from './caps';
import { parseDuration } from './duration';
import { MAX_PROBLEMS, MAX_SCENARIO_TEXT_CHARS, MAX_SUGGESTIONS } from './limits';
import { migrateToCurrent } from './migrate';
import { checkPredictions } from './predict';
import { scenarioSchema } from './schema';
import { isPlainObject, withSuggestionBudget } from './schemaCommon';
import { checkTimeline, issuePath } from './timeline';
import type { ParseOptions, ParseResult, Problem, Scenario } from './types';
import { checkGraph } from './wiring';

export { formatDuration, parseDuration } from './duration';
export { type LiveNodeInfo, parseLiveEvent } from './timeline';
export type { ParseOptions, ParseResult, Problem } from './types';

function toProblem(issue: v.BaseIssue<unknown>): Problem {
  const path = issuePath(issue).replace(/^\./, '');
  return { path, message: path ? `${path}: ${issue.message}` : issue.message };
}

/** At most MAX_PROBLEMS problems, the rest counted in a last one. */
function capped(errors: Problem[]): Problem[] {
  if (errors.length <= MAX_PROBLEMS) return errors;
  const rest = errors.length - MAX_PROBLEMS;
  return [...errors.slice(0, MAX_PROBLEMS), { path: '', message: `…and ${rest} more problems` }];
}

/** warmup < duration, judged on the raw values so it is reported alongside every other problem. */
function warmupProblem(input: Record<string, unknown>): Problem | undefined {
  const duration = parseDuration(input.duration ?? '1m');
  const warmup = parseDuration(input.warmup ?? 0);
  // A duration that is itself invalid is reported once, by the schema.
  if (duration === undefined || !(duration > 0) || warmup === undefined || warmup < duration)
    return undefined;
  return {
    path: 'warmup',
    message: `warmup: must be shorter than the duration (${String(input.duration ?? '1m')}), got ${JSON.stringify(input.warmup)}`,
  };
}

/** Fields that only mean something on a replica, set on a primary: harmless, but probably a slip. */
function replicaFieldWarnings(input: Record<string, unknown>, scenario: Scenario): string[] {
  const raw = Array.isArray(input.nodes) ? input.nodes : [];
  const out: string[] = [];
  scenario.nodes.forEach((n, i) => {
    const r = raw[i];
    if (n.type !== 'database' || n.role !== 'primary' || !isPlainObject(r)) return;
    for (const field of ['replicationDelay', 'applyService'])
      if (r[field] !== undefined)
        out.push(`nodes[${i}].${field}: only a replica uses it; it has no effect on a primary`);
  });
  return out;
}

/**
 * Edge ends naming no node, judged on the raw lists so they are reported beside shape problems
 * (checkGraph only runs on a well-shaped file). Ends that are not text are the schema's to report.
 */
function danglingEdgeProblems(input: Record<string, unknown>, reported: Set<string>): Problem[] {
  if (!Array.isArray(input.nodes) || !Array.isArray(input.edges)) return [];
  const ids = new Set<string>();
  for (const n of input.nodes) if (isPlainObject(n) && typeof n.id === 'string') ids.add(n.id);
  const out: Problem[] = [];
  input.edges.forEach((e, i) => {
    if (!isPlainObject(e)) return;
    for (const end of ['from', 'to'] as const) {
      const id = e[end];
      const path = `edges[${i}].${end}`;
      if (typeof id !== 'string' || ids.has(id) || reported.has(path)) continue;
      out.push({ path, message: `${path}: no node has the id ${JSON.stringify(id.slice(0, 60))}` });
    }
  });
  return out;
}

function parseUnsafe(input: unknown, options: ParseOptions): ParseResult {
  const migrated = migrateToCurrent(input);
  if (!migrated.ok) return { ok: false, errors: [migrated.problem] };
  const raw = options.overrides ? { ...migrated.value, ...options.overrides } : migrated.value;
  const shaped = v.safeParse(scenarioSchema, raw, { abortEarly: false });
  const errors: Problem[] = shaped.success ? [] : shaped.issues.map(toProblem);
  const warmup = warmupProblem(raw);
  if (warmup) errors.push(warmup);
  if (!shaped.success || errors.length > 0) {
    errors.push(...danglingEdgeProblems(raw, new Set(errors.map((e) => e.path))));
    return { ok: false, errors: capped(errors) };
  }

  const s = shaped.output;
  const graph = checkGraph(s.nodes, s.edges);
  const timeline = checkTimeline(s.nodes, s.edges, s.events, s.duration);
  errors.push(...graph.errors, ...timeline.errors);
  const calls = Math.max(graph.callsPerRequest, timeline.peakCallsPerRequest);
  errors.push(...checkCaps(s.nodes, timeline.events, s.duration, options.maxRequests, calls));
  errors.push(...checkAlerts(s.alerts, s.nodes, timeline.events));
  errors.push(...checkPredictions(s.predict, s.nodes));
  if (errors.length > 0) return { ok: false, errors: capped(errors) };

  const scenario: Scenario = { ...s, events: timeline.events };
  const warnings = [
    ...migrated.warnings,
    ...graph.warnings,
    ...timeline.warnings,
    ...replicaFieldWarnings(raw, scenario),
  ];
  return { ok: true, scenario, warnings };
}

/**
 * Validates and normalizes a scenario (any JSON-like value: a parsed file, a link, the editor's
 * ScenarioInput). Every problem comes with its path and a sentence; never throws.
 */
export function parseScenario(input: unknown, options: ParseOptions = {}): ParseResult {
  try {
    return withSuggestionBudget(MAX_SUGGESTIONS, () => parseUnsafe(input, options));
  } catch (e) {
    // Only reachable through hostile objects (throwing getters, proxies): JSON input cannot throw.
    const why = e instanceof Error && typeof e.message === 'string' ? e.message : 'an unreadable value';
    return { ok: false, errors: [{ path: '', message: `the scenario could not be read: ${why}` }] };
  }
}

/**
 * parseScenario on JSON text; non-JSON gives one problem ("not JSON: Unexpected token …"). A
 * leading byte-order mark (as some editors save UTF-8) is dropped.
 */
export function parseScenarioText(text: string, options: ParseOptions = {}): ParseResult {
  if (typeof text !== 'string')
    return { ok: false, errors: [{ path: '', message: 'not JSON: expected text' }] };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length > MAX_SCENARIO_TEXT_CHARS)
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `the scenario is ${text.length} characters long, more than the limit of ${MAX_SCENARIO_TEXT_CHARS}`,
        },
      ],
    };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      errors: [{ path: '', message: `not JSON: ${e instanceof Error ? e.message : String(e)}` }],
    };
  }
  return parseScenario(value, options);
}
