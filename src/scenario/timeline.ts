/**
 * Events over time: sorted stably by `at`, then replayed against the node set as it evolves, so an
 * event may name a node that only exists after an add-node, and may not name one already removed.
 * `set` values are judged against the parameter they change and replaced by their normalized form.
 */
import * as v from 'valibot';
import { formatDuration } from './duration';
import { FanOutCounter, type FanOutNode, fanOutProblem } from './fanout';
import { MAX_NODES, MAX_SUGGESTIONS } from './limits';
import { fixedReason, SETTABLE_PARAMS, settableParam } from './params';
import { eventSchema, type RawEvent } from './schema';
import { didYouMean, show, withSuggestionBudget } from './schemaCommon';
import type { Edge, Problem, ScenarioEvent, ScenarioNode } from './types';
import { canConnect, describeNode, reaches, replicaProblem } from './wiring';

export interface TimelineCheck {
  events: ScenarioEvent[];
  /** Most calls one request could cause at any event that changed the wiring or the retries. */
  peakCallsPerRequest: number;
  errors: Problem[];
  warnings: string[];
}

/** "[2].latency" style suffix from a valibot issue path. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$-]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key).slice(0, 60))}]`;
  }
  return out;
}

/** Replays `raw` events (file order) against the initial graph. */
export function checkTimeline(
  nodes: readonly ScenarioNode[],
  edges: readonly Edge[],
  raw: readonly RawEvent[],
  durationMs: number,
  /** False when the edges are not known (a live edit): edge existence and cycles are not judged. */
  edgesKnown = true,
): TimelineCheck {
  const errors: Problem[] = [];
  const warnings: string[] = [];
  const err = (path: string, sentence: string) => errors.push({ path, message: `${path}: ${sentence}` });
  const alive = new Map<string, ScenarioNode>();
  for (const n of nodes) if (!alive.has(n.id)) alive.set(n.id, n);
  // The live wiring as adjacency sets: add-edge, remove-edge and the cycle check cost O(1) and
  // O(V + E) per event instead of rebuilding lists (10 000 events over 2 000 edges stay fast).
  const out = new Map<string, Set<string>>();
  for (const e of edges)
    if (alive.has(e.from) && alive.has(e.to)) {
      const set = out.get(e.from) ?? new Set<string>();
      set.add(e.to);
      out.set(e.from, set);
    }
  const hasEdge = (from: string, to: string) => out.get(from)?.has(to) ?? false;
  // App servers' downstream retries as they change (they multiply the calls of one request).
  const retries = new Map<string, number>();
  for (const n of nodes) if (n.type === 'appServer' && n.retry) retries.set(n.id, n.retry.max);
  // The nodes as the fan-out count sees them, kept up to date (not rebuilt per event).
  const fanOutView = new Map<string, FanOutNode>();
  const view = (n: ScenarioNode) =>
    fanOutView.set(n.id, { id: n.id, type: n.type, retry: { max: retries.get(n.id) ?? 0 } });
  for (const n of alive.values()) view(n);
  const fanOut = new FanOutCounter(fanOutView, out);
  let fanOutReported = false;
  let peakCalls = 0;
  /** Reports (once) wiring whose requests could cause too many calls; keeps the peak for the caps. */
  const checkFanOut = (path: string) => {
    // Once reported the scenario is refused: recounting a dense graph after every later edge
    // event would make validation quadratic (2 000 edges + 10 000 add-edge events took 6 s).
    if (!edgesKnown || fanOutReported) return;
    const f = fanOut.count();
    peakCalls = Math.max(peakCalls, f.calls);
    const p = fanOutProblem(f);
    if (p) {
      fanOutReported = true;
      err(path, p);
    }
  };
  const removedAt = new Map<string, number>();
  // Stable: ties keep file order.
  const order = raw.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i);
  const addTimes = new Map<string, number[]>(); // per id, in time order
  for (const { e } of order)
    if (e.do === 'add-node') {
      const times = addTimes.get(e.node.id);
      if (times) times.push(e.at);
      else addTimes.set(e.node.id, [e.at]);
    }
  const addedLater = (id: string, after: number) => addTimes.get(id)?.find((t) => t >= after);
  const events: ScenarioEvent[] = [];

  /** The node an event names, if it exists at `at`; else an error explaining why not. */
  const need = (path: string, id: string, at: number): ScenarioNode | undefined => {
    const n = alive.get(id);
    if (n) return n;
    const later = addedLater(id, at);
    const gone = removedAt.get(id);
    const why =
      gone !== undefined
        ? ` (it was removed at ${formatDuration(gone)})`
        : later !== undefined
          ? ` (it is added later, at ${formatDuration(later)})`
          : didYouMean(id, [...alive.keys()]);
    err(path, `no node ${JSON.stringify(id)} exists at ${formatDuration(at)}${why}`);
    return undefined;
  };

  for (const { e, i } of order) {
    const path = `events[${i}]`;
    if (e.at >= durationMs)
      warnings.push(
        `${path}.at: ${formatDuration(e.at)} is not before the end of the run (${formatDuration(durationMs)}); the event never happens`,
      );
    switch (e.do) {
      case 'fail':
      case 'recover':
      case 'slow':
        if (need(`${path}.node`, e.node, e.at)) events.push(e);
        break;
      case 'remove-node': {
        const n = need(`${path}.node`, e.node, e.at);
        if (!n) break;
        const replicas = [...alive.values()].filter((r) => r.type === 'database' && r.primary === n.id);
        if (replicas.length > 0)
          warnings.push(
            `${path}: removing ${describeNode(n)} leaves its replicas (${replicas.map((r) => r.id).join(', ')}) without a primary`,
          );
        alive.delete(n.id);
        removedAt.set(n.id, e.at);
        retries.delete(n.id);
        fanOutView.delete(n.id);
        out.delete(n.id);
        for (const set of out.values()) set.delete(n.id);
        fanOut.removed(n.id);
        events.push(e);
        break;
      }
      case 'add-node': {
        const n = e.node;
        if (alive.has(n.id)) {
          err(`${path}.node.id`, `a node ${JSON.stringify(n.id)} already exists at ${formatDuration(e.at)}`);
          break;
        }
        const p = replicaProblem(n, new Map([...alive, [n.id, n]]));
        if (p) err(`${path}.node.primary`, p);
        if (alive.size >= MAX_NODES) err(path, `would make more than ${MAX_NODES} nodes at once`);
        alive.set(n.id, n);
        removedAt.delete(n.id);
        if (n.type === 'appServer' && n.retry) retries.set(n.id, n.retry.max);
        view(n);
        fanOut.touched(n.id);
        events.push(e);
        break;
      }
      case 'add-edge':
      case 'remove-edge': {
        const { from, to } = e.edge;
        const a = need(`${path}.edge.from`, from, e.at);
        const b = need(`${path}.edge.to`, to, e.at);
        if (!a || !b) break;
        const existing = hasEdge(from, to);
        if (e.do === 'remove-edge') {
          if (!existing && edgesKnown)
            err(`${path}.edge`, `there is no edge ${from} → ${to} at ${formatDuration(e.at)}`);
          else {
            if (out.get(from)?.delete(to)) fanOut.unlinked(from, to);
            events.push(e);
          }
          break;
        }
        const verdict = canConnect(a, b);
        if (!verdict.ok) err(`${path}.edge`, verdict.reason);
        else if (existing)
          err(`${path}.edge`, `the edge ${from} → ${to} already exists at ${formatDuration(e.at)}`);
        else if (reaches(to, from, out))
          err(
            `${path}.edge`,
            `${from} → ${to} would close a cycle (${to} already leads back to ${from}); a request would go round it forever`,
          );
        else {
          const set = out.get(from) ?? new Set<string>();
          set.add(to);
          out.set(from, set);
          fanOut.linked(from, to);
          events.push(e);
          checkFanOut(`${path}.edge`);
        }
        break;
      }
      case 'set': {
        const n = need(`${path}.node`, e.node, e.at);
        if (!n) break;
        const param = settableParam(n.type, e.path);
        if (!param) {
          const fixed = fixedReason(n.type, e.path);
          const names = Object.keys(SETTABLE_PARAMS[n.type]);
          err(
            `${path}.path`,
            fixed
              ? `${show(e.path)} cannot be changed by an event: ${fixed}`
              : `${show(e.path)} is not a parameter of ${describeNode(n)}${didYouMean(e.path, names) || ` (parameters: ${names.join(', ')})`}`,
          );
          break;
        }
        const refused = param.refuse?.(n);
        if (refused) {
          err(`${path}.path`, `${show(e.path)} cannot be changed on ${describeNode(n)}: ${refused}`);
          break;
        }
        const schema = param.schema;
        const parsed = v.safeParse(schema, e.value, { abortEarly: false });
        if (!parsed.success) {
          for (const issue of parsed.issues) err(`${path}.value${issuePath(issue)}`, issue.message);
          break;
        }
        events.push({ ...e, value: parsed.output });
        if (n.type === 'appServer' && (e.path === 'retry' || e.path === 'retry.max')) {
          const v = parsed.output as unknown;
          const max = typeof v === 'number' ? v : (v as { max?: number } | undefined)?.max;
          if (typeof max === 'number') {
            retries.set(n.id, max);
            view(n);
            fanOut.touched(n.id);
            checkFanOut(path);
          }
        }
        break;
      }
    }
  }
  return { events, errors, warnings, peakCallsPerRequest: peakCalls };
}

/**
 * What a live edit needs to know of a node: its type, or also (databases) role and primary and
 * (app servers) whether it autoscales — given as a bare type, autoscaling is assumed possible.
 */
export type LiveNodeInfo =
  | string
  | { type: string; role?: 'primary' | 'replica'; primary?: string; autoscale?: boolean };

/**
 * Validates one live edit (a raw event with `at` = now) against the nodes running now, exactly like
 * a file's event. The edges are not known here, so cycles and edge existence are left to the caller.
 */
export function parseLiveEvent(
  input: unknown,
  nodes: ReadonlyMap<string, LiveNodeInfo>,
): { ok: true; event: ScenarioEvent } | { ok: false; errors: Problem[] } {
  const shaped = v.safeParse(eventSchema, input, { abortEarly: false });
  if (!shaped.success) {
    const errors = shaped.issues.map((issue) => {
      const path = issuePath(issue).replace(/^\./, '');
      return { path, message: path ? `${path}: ${issue.message}` : issue.message };
    });
    return { ok: false, errors };
  }
  const known: ScenarioNode[] = [];
  for (const [id, info] of nodes) {
    const type = typeof info === 'string' ? info : info.type;
    const role = typeof info === 'string' ? undefined : info.role;
    const primary = typeof info === 'string' ? undefined : info.primary;
    const autoscale = typeof info === 'string' || info.autoscale === true ? {} : undefined;
    // Only id, type, role, primary and whether it autoscales are read by the checks below.
    known.push({
      id,
      type,
      role: role ?? (type === 'database' ? 'primary' : undefined),
      primary,
      autoscale,
    } as unknown as ScenarioNode);
  }
  const checked = withSuggestionBudget(MAX_SUGGESTIONS, () =>
    checkTimeline(known, [], [shaped.output], Number.POSITIVE_INFINITY, false),
  );
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors.map(stripEventIndex) };
  return { ok: true, event: checked.events[0] };
}

/** "events[0].node: …" → "node: …" for a single live edit. */
function stripEventIndex(p: Problem): Problem {
  const path = p.path.replace(/^events\[0\]\.?/, '');
  return { path, message: p.message.replace(/^events\[0\](?:\.|: )?/, '') };
}
