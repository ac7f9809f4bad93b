/**
 * Events over time: sorted stably by `at`, then replayed against the node set as it evolves, so an
 * event may name a node that only exists after an add-node, and may not name one already removed.
 * `set` values are judged against the parameter they change and replaced by their normalized form.
 */
import * as v from 'valibot';
import { formatDuration } from './duration';
import { MAX_NODES } from './limits';
import { SETTABLE_PARAMS } from './params';
import { eventSchema, type RawEvent } from './schema';
import { didYouMean, show } from './schemaCommon';
import type { Edge, Problem, ScenarioEvent, ScenarioNode } from './types';
import { canConnect, describeNode, reaches, replicaProblem } from './wiring';

export interface TimelineCheck {
  events: ScenarioEvent[];
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

const FIXED_EXPLANATION: Record<string, string> = {
  id: 'a node keeps its id; remove it and add a new node instead',
  type: 'a node keeps its type; remove it and add a new node instead',
  role: 'a database keeps its role; add a new node instead',
  primary: 'a replica keeps its primary; add a new replica instead',
  shards: 'the shard count is fixed for a run',
};

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
  let live: Edge[] = edges.filter((e) => alive.has(e.from) && alive.has(e.to));
  const removedAt = new Map<string, number>();
  // Stable: ties keep file order.
  const order = raw.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i);
  const addTimes = new Map<string, number[]>(); // per id, in time order
  for (const { e } of order)
    if (e.do === 'add-node') addTimes.set(e.node.id, [...(addTimes.get(e.node.id) ?? []), e.at]);
  const addedLater = (id: string, after: number) => addTimes.get(id)?.find((t) => t >= after);
  const out: ScenarioEvent[] = [];

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
        if (need(`${path}.node`, e.node, e.at)) out.push(e);
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
        live = live.filter((x) => x.from !== n.id && x.to !== n.id);
        out.push(e);
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
        out.push(e);
        break;
      }
      case 'add-edge':
      case 'remove-edge': {
        const { from, to } = e.edge;
        const a = need(`${path}.edge.from`, from, e.at);
        const b = need(`${path}.edge.to`, to, e.at);
        if (!a || !b) break;
        const existing = live.findIndex((x) => x.from === from && x.to === to);
        if (e.do === 'remove-edge') {
          if (existing < 0 && edgesKnown)
            err(`${path}.edge`, `there is no edge ${from} → ${to} at ${formatDuration(e.at)}`);
          else {
            if (existing >= 0) live.splice(existing, 1);
            out.push(e);
          }
          break;
        }
        const verdict = canConnect(a, b);
        if (!verdict.ok) err(`${path}.edge`, verdict.reason);
        else if (existing >= 0)
          err(`${path}.edge`, `the edge ${from} → ${to} already exists at ${formatDuration(e.at)}`);
        else if (reaches(to, from, live))
          err(
            `${path}.edge`,
            `${from} → ${to} would close a cycle (${to} already leads back to ${from}); a request would go round it forever`,
          );
        else {
          live.push(e.edge);
          out.push(e);
        }
        break;
      }
      case 'set': {
        const n = need(`${path}.node`, e.node, e.at);
        if (!n) break;
        const params = SETTABLE_PARAMS[n.type];
        const schema = Object.hasOwn(params, e.path) ? params[e.path] : undefined;
        if (!schema) {
          const fixed = FIXED_EXPLANATION[e.path];
          const names = Object.keys(params);
          err(
            `${path}.path`,
            fixed
              ? `${show(e.path)} cannot be changed by an event: ${fixed}`
              : `${show(e.path)} is not a parameter of ${describeNode(n)}${didYouMean(e.path, names) || ` (parameters: ${names.join(', ')})`}`,
          );
          break;
        }
        const parsed = v.safeParse(schema, e.value, { abortEarly: false });
        if (!parsed.success) {
          for (const issue of parsed.issues) err(`${path}.value${issuePath(issue)}`, issue.message);
          break;
        }
        out.push({ ...e, value: parsed.output });
        break;
      }
    }
  }
  return { events: out, errors, warnings };
}

/** What a live edit needs to know of a node: its type, or (for databases) also role and primary. */
export type LiveNodeInfo = string | { type: string; role?: 'primary' | 'replica'; primary?: string };

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
    // Only id, type, role and primary are read by the checks below.
    known.push({
      id,
      type,
      role: role ?? (type === 'database' ? 'primary' : undefined),
      primary,
    } as ScenarioNode);
  }
  const checked = checkTimeline(known, [], [shaped.output], Number.POSITIVE_INFINITY, false);
  if (checked.errors.length > 0) return { ok: false, errors: checked.errors.map(stripEventIndex) };
  return { ok: true, event: checked.events[0] };
}

/** "events[0].node: …" → "node: …" for a single live edit. */
function stripEventIndex(p: Problem): Problem {
  const path = p.path.replace(/^events\[0\]\.?/, '');
  return { path, message: p.message.replace(/^events\[0\](?:\.|: )?/, '') };
}
