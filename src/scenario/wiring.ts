/**
 * Which edges make sense. `canConnect` answers for one edge (the canvas uses it live); checkGraph
 * judges a whole graph: ids, replicas, edge ends, allowed kinds, cycles and dangling roles.
 */
import { callsPerRequest, fanOutProblem } from './fanout';
import { didYouMean } from './schemaCommon';
import type { Edge, NodeType, Problem, ScenarioNode } from './types';

/** What canConnect needs to know of a node (a ScenarioNode or a raw NodeInput both fit). */
export interface WiringNode {
  id: string;
  type: NodeType;
  role?: 'primary' | 'replica';
  primary?: string;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

const KIND_NAME: Record<NodeType, string> = {
  client: 'client',
  cdn: 'CDN',
  loadBalancer: 'load balancer',
  rateLimiter: 'rate limiter',
  appServer: 'app server',
  cache: 'cache',
  database: 'database',
  queue: 'queue',
  worker: 'worker',
};

/** Allowed targets of each kind (database → database is the primary → replica special case). */
export const ALLOWED_TARGETS: Readonly<Record<NodeType, readonly NodeType[]>> = {
  client: ['cdn', 'rateLimiter', 'loadBalancer', 'appServer'],
  cdn: ['rateLimiter', 'loadBalancer', 'appServer'],
  rateLimiter: ['loadBalancer', 'appServer'],
  loadBalancer: ['appServer', 'rateLimiter'],
  appServer: ['cache', 'database', 'queue', 'loadBalancer', 'appServer'],
  cache: [],
  database: ['database'],
  queue: ['worker'],
  worker: ['database', 'cache', 'appServer', 'loadBalancer'],
};

/** `app server "app"` */
export function describeNode(n: WiringNode): string {
  const kind = n.type === 'database' && n.role === 'replica' ? 'replica' : KIND_NAME[n.type];
  return `${kind} ${JSON.stringify(n.id)}`;
}

function article(n: WiringNode): string {
  const name = n.type === 'database' && n.role === 'replica' ? 'replica' : KIND_NAME[n.type];
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}

/** Why `from` may not send to `to`: the explanation of the usual mistake for that pair of kinds. */
function refusal(from: WiringNode, to: WiringNode): string {
  if (to.type === 'client') return 'clients only send requests; nothing sends work to a client';
  if (from.type === 'cache')
    return 'a cache only answers gets and sets; on a miss the app server reads the database itself';
  if (from.type === 'database') {
    if (to.type !== 'database') return 'a database answers queries and calls nothing';
    if (from.role === 'replica') return 'a replica receives writes from its primary and feeds nothing';
    if (to.role !== 'replica') return 'one primary cannot replicate into another primary';
    return `the replica copies ${JSON.stringify(to.primary ?? '')}, not ${JSON.stringify(from.id)} (set its "primary" to change that)`;
  }
  if (to.type === 'worker')
    return `workers take jobs from a queue (connect ${KIND_NAME[from.type]} → app server → queue → worker)`;
  if (from.type === 'queue') return 'a queue hands its jobs to workers only (connect queue → worker)';
  if (to.type === 'queue') return 'only app servers put jobs on a queue (connect … → app server → queue)';
  if (to.type === 'database' || to.type === 'cache')
    return `${KIND_NAME[to.type]}s are called by app servers and workers (connect … → app server → ${KIND_NAME[to.type]})`;
  if (to.type === 'cdn') return 'a CDN sits at the edge: only clients send to it';
  if (to.type === 'rateLimiter')
    return 'a rate limiter guards the entrance: clients, CDNs and load balancers send to it';
  const allowed = ALLOWED_TARGETS[from.type].map((t) => KIND_NAME[t]).join(', ');
  return `${KIND_NAME[from.type]}s send only to: ${allowed}`;
}

/** Whether an edge from → to makes sense; the reason is a sentence naming both nodes. */
export function canConnect(from: WiringNode, to: WiringNode): Verdict {
  if (from.id === to.id) return { ok: false, reason: `${describeNode(from)} cannot send work to itself` };
  const allowedKind = ALLOWED_TARGETS[from.type]?.includes(to.type) ?? false;
  const replicaOfFrom =
    from.type === 'database' &&
    (from.role ?? 'primary') === 'primary' &&
    to.type === 'database' &&
    to.role === 'replica' &&
    to.primary === from.id;
  if (allowedKind && (from.type !== 'database' || replicaOfFrom)) return { ok: true };
  return {
    ok: false,
    reason: `${describeNode(from)} cannot send work to ${describeNode(to)}: ${refusal(from, to)}`,
  };
}

export interface GraphCheck {
  errors: Problem[];
  warnings: string[];
  /** Most calls one request could cause on this wiring (0 when the graph has errors). */
  callsPerRequest: number;
}

function problem(path: string, sentence: string): Problem {
  return { path, message: `${path}: ${sentence}` };
}

/** Every cycle closed by an edge, as node ids in order (first id repeated at the end), with that edge's index. */
export function findCycles(
  ids: readonly string[],
  edges: readonly Edge[],
): { cycle: string[]; edge: number }[] {
  const out: Array<{ cycle: string[]; edge: number }> = [];
  const adjacency = new Map<string, number[]>(ids.map((id) => [id, []]));
  edges.forEach((e, i) => {
    adjacency.get(e.from)?.push(i);
  });
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  for (const root of ids) {
    if (state.has(root)) continue;
    // Iterative DFS: the stack holds [node, next edge position].
    const stack: Array<[string, number]> = [[root, 0]];
    state.set(root, 1);
    while (stack.length > 0 && out.length < 10) {
      const top = stack[stack.length - 1];
      const out_ = adjacency.get(top[0]) ?? [];
      if (top[1] >= out_.length) {
        state.set(top[0], 2);
        stack.pop();
        continue;
      }
      const edgeIndex = out_[top[1]++];
      const next = edges[edgeIndex].to;
      const s = state.get(next);
      if (s === 1) {
        const from = stack.findIndex(([id]) => id === next);
        out.push({ cycle: [...stack.slice(from).map(([id]) => id), next], edge: edgeIndex });
      } else if (s === undefined && adjacency.has(next)) {
        state.set(next, 1);
        stack.push([next, 0]);
      }
    }
  }
  return out;
}

/** Whether `goal` can be reached from `start` along `out` (adding goal → start would close a cycle). */
export function reaches(start: string, goal: string, out: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const seen = new Set<string>([start]);
  const todo = [start];
  while (todo.length > 0) {
    const at = todo.pop() as string;
    if (at === goal) return true;
    for (const to of out.get(at) ?? [])
      if (!seen.has(to)) {
        seen.add(to);
        todo.push(to);
      }
  }
  return false;
}

/** Adjacency sets of a list of edges. */
export function adjacency(edges: readonly Edge[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of edges) {
    const set = out.get(e.from) ?? new Set<string>();
    set.add(e.to);
    out.set(e.from, set);
  }
  return out;
}

/** A replica's `primary` must name a primary database; undefined when it does. */
export function replicaProblem(
  node: ScenarioNode,
  byId: ReadonlyMap<string, ScenarioNode>,
): string | undefined {
  if (node.type !== 'database' || node.role !== 'replica' || node.primary === undefined) return undefined;
  const p = byId.get(node.primary);
  const ids = [...byId.keys()];
  if (!p)
    return `replica ${JSON.stringify(node.id)} names ${JSON.stringify(node.primary)} as its primary, but no node has that id${didYouMean(node.primary, ids)}`;
  if (p.type !== 'database')
    return `replica ${JSON.stringify(node.id)} names ${JSON.stringify(p.id)} as its primary, but ${JSON.stringify(p.id)} is ${article(p)}`;
  if (p.role !== 'primary')
    return `replica ${JSON.stringify(node.id)} names ${JSON.stringify(p.id)} as its primary, but ${JSON.stringify(p.id)} is itself a replica`;
  return undefined;
}

/** Checks the graph at the start of the run. Node problems use nodes[i] paths, edge problems edges[i]. */
export function checkGraph(nodes: readonly ScenarioNode[], edges: readonly Edge[]): GraphCheck {
  const errors: Problem[] = [];
  const warnings: string[] = [];
  const byId = new Map<string, ScenarioNode>();
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (byId.has(n.id)) {
      errors.push(
        problem(`nodes[${i}].id`, `${JSON.stringify(n.id)} is already the id of nodes[${index.get(n.id)}]`),
      );
    } else {
      byId.set(n.id, n);
      index.set(n.id, i);
    }
  });
  nodes.forEach((n, i) => {
    const p = replicaProblem(n, byId);
    if (p) errors.push(problem(`nodes[${i}].primary`, p));
  });

  const good: Edge[] = [];
  const seen = new Map<string, number>();
  const ids = [...byId.keys()];
  edges.forEach((e, i) => {
    let ends = true;
    for (const end of ['from', 'to'] as const)
      if (!byId.has(e[end])) {
        errors.push(
          problem(
            `edges[${i}].${end}`,
            `no node has the id ${JSON.stringify(e[end])}${didYouMean(e[end], ids)}`,
          ),
        );
        ends = false;
      }
    if (!ends) return;
    const key = `${e.from}\u0000${e.to}`;
    const verdict = canConnect(byId.get(e.from) as ScenarioNode, byId.get(e.to) as ScenarioNode);
    if (!verdict.ok) errors.push(problem(`edges[${i}]`, verdict.reason));
    else if (seen.has(key))
      errors.push(problem(`edges[${i}]`, `duplicates edges[${seen.get(key)}] (${e.from} → ${e.to})`));
    else {
      seen.set(key, i);
      good.push(e);
    }
  });

  const goodIndex = (e: Edge) => edges.indexOf(e);
  for (const { cycle, edge } of findCycles(ids, good))
    errors.push(
      problem(
        `edges[${goodIndex(good[edge])}]`,
        `the calls form a cycle: ${cycle.join(' → ')}; a request would go round it forever`,
      ),
    );

  // Only an acyclic graph has a finite count of calls per request.
  let calls = 0;
  if (errors.length === 0) {
    const f = callsPerRequest(byId, adjacency(good));
    calls = f.calls;
    const p = fanOutProblem(f);
    if (p) errors.push({ path: '', message: p });
  }

  const outs = (id: string) => good.filter((e) => e.from === id).map((e) => byId.get(e.to) as ScenarioNode);
  const ins = (id: string) => good.filter((e) => e.to === id).map((e) => byId.get(e.from) as ScenarioNode);
  nodes.forEach((n, i) => {
    if (index.get(n.id) !== i) return;
    const path = `nodes[${i}]`;
    const targets = outs(n.id);
    const name = describeNode(n);
    if (n.type === 'client' && targets.length === 0)
      errors.push(
        problem(
          path,
          `${name} sends to nothing; connect it to a CDN, rate limiter, load balancer or app server`,
        ),
      );
    if (n.type === 'loadBalancer' && targets.length === 0)
      errors.push(problem(path, `${name} has no targets; connect it to app servers`));
    if (n.type === 'rateLimiter' && targets.length === 0)
      errors.push(
        problem(path, `${name} passes requests to nothing; connect it to a load balancer or app server`),
      );
    if (n.type === 'cdn' && targets.length === 0)
      errors.push(
        problem(
          path,
          `${name} has no origin for its misses; connect it to a rate limiter, load balancer or app server`,
        ),
      );
    if (n.type === 'appServer') {
      const caches = targets.filter((t) => t.type === 'cache');
      if (caches.length > 1)
        errors.push(
          problem(
            path,
            `${name} is wired to ${caches.length} caches (${caches.map((c) => JSON.stringify(c.id)).join(', ')}); an app server uses one cache`,
          ),
        );
      const dbs = targets.filter((t) => t.type === 'database');
      if (dbs.length > 0 && dbs.every((d) => d.type === 'database' && d.role === 'replica'))
        warnings.push(`${path}: ${name} reaches only replicas; its writes have no primary to go to`);
    }
    if (n.type === 'queue') {
      if (!targets.some((t) => t.type === 'worker'))
        warnings.push(`${path}: ${name} has no worker; its jobs will pile up until it is full`);
      if (ins(n.id).length === 0)
        warnings.push(`${path}: ${name} is fed by nothing; connect an app server to it`);
    }
    if (n.type === 'worker' && !ins(n.id).some((s) => s.type === 'queue'))
      warnings.push(`${path}: ${name} takes jobs from no queue; it will sit idle`);
  });
  return { errors, warnings, callsPerRequest: calls };
}
