/**
 * The calls one request may cause, read from the wiring. The hop limit bounds only the depth of a
 * request; an app server calls every service wired after it in turn, so a dense graph of app
 * servers multiplies the calls (a complete DAG of k app servers costs about 2^(k−2) calls per
 * request). This counts the worst case per request, so the gate can refuse such wiring and name it.
 */
import { MAX_CALLS_PER_REQUEST } from './limits';
import type { NodeType } from './types';

/** What the count needs to know of a node. */
export interface FanOutNode {
  id: string;
  type: NodeType;
  /** An app server's downstream retries (each downstream call may be tried 1 + max times). */
  retry?: { max: number };
}

/** Counts above this are all "too many" (keeps the arithmetic finite on any wiring). */
const CEILING = 1e15;

export interface FanOut {
  /** Most calls one request may cause (the request's own hops included). */
  calls: number;
  /** The chain of node ids that causes the most, from the client. */
  via: string[];
}

/**
 * Worst-case calls per request over every client. `out` lists each node's targets; the graph is
 * expected to be acyclic (a cycle closed anyway counts as nothing more, so this always ends).
 */
export function callsPerRequest(
  nodes: ReadonlyMap<string, FanOutNode>,
  out: ReadonlyMap<string, ReadonlySet<string>>,
  /** Counts already known per node (FanOutCounter keeps them between wiring changes). */
  memo = new Map<string, number>(),
): FanOut {
  // Post-order over the graph (iterative: a 200-node chain cannot overflow the stack).
  const onStack = new Set<string>();
  const none: ReadonlySet<string> = new Set();
  const sub = (id: string) => memo.get(id) ?? 0;
  const own = (n: FanOutNode): number => {
    const ts = out.get(n.id) ?? none;
    let most = 0;
    let sum = 0;
    let services = 0;
    let cache = 0;
    let db = 0;
    let queue = 0;
    for (const id of ts) {
      const t = nodes.get(id);
      if (!t) continue;
      const c = sub(id);
      most = Math.max(most, c);
      sum += c;
      if (t.type === 'cache') cache = 2;
      else if (t.type === 'database') db = 1;
      else if (t.type === 'queue') queue = Math.max(queue, c);
      else if (t.type === 'appServer' || t.type === 'loadBalancer') services += c;
    }
    let total: number;
    if (n.type === 'appServer')
      // Data calls (cache get + set, one DB call, or an enqueue and its job), then every service,
      // each tried up to 1 + retry.max times.
      total = 1 + (1 + (n.retry?.max ?? 0)) * (Math.max(cache + db, queue) + services);
    else if (n.type === 'worker') total = 1 + sum;
    else if (n.type === 'cache' || n.type === 'database') total = 1;
    // One target per call: the entry, the origin, the chosen instance, the worker.
    else total = (n.type === 'client' ? 0 : 1) + most;
    return Math.min(total, CEILING);
  };
  const cost = (root: FanOutNode): number => {
    const stack: FanOutNode[] = [root];
    const expanded: boolean[] = [false];
    while (stack.length > 0) {
      const top = stack.length - 1;
      const n = stack[top];
      if (memo.has(n.id)) {
        stack.pop();
        expanded.pop();
        continue;
      }
      if (!expanded[top]) {
        expanded[top] = true;
        onStack.add(n.id);
        for (const id of out.get(n.id) ?? none) {
          const t = nodes.get(id);
          if (t && !memo.has(id) && !onStack.has(id)) {
            stack.push(t);
            expanded.push(false);
          }
        }
        continue;
      }
      stack.pop();
      expanded.pop();
      onStack.delete(n.id);
      memo.set(n.id, own(n));
    }
    return sub(root.id);
  };
  let best: FanOut = { calls: 0, via: [] };
  for (const n of nodes.values()) {
    if (n.type !== 'client') continue;
    const calls = cost(n);
    if (calls > best.calls) best = { calls, via: heaviest(n.id) };
  }
  return best;

  /** Follows the costliest target from `start` (the chain worth naming in a message). */
  function heaviest(start: string): string[] {
    const chain = [start];
    const seen = new Set(chain);
    let at = start;
    for (;;) {
      let next: string | undefined;
      for (const id of out.get(at) ?? none)
        if (nodes.has(id) && !seen.has(id) && (next === undefined || sub(id) > sub(next))) next = id;
      if (next === undefined || sub(next) <= 1) break;
      chain.push(next);
      seen.add(next);
      at = next;
    }
    return chain;
  }
}

/**
 * callsPerRequest kept up to date as the wiring changes (the timeline replays thousands of edge
 * events): a change recounts only the node it touches and the nodes upstream of it.
 */
export class FanOutCounter {
  private readonly memo = new Map<string, number>();
  /** Reverse edges: node → the nodes that call it. */
  private readonly into = new Map<string, Set<string>>();

  constructor(
    private readonly nodes: ReadonlyMap<string, FanOutNode>,
    private readonly out: ReadonlyMap<string, ReadonlySet<string>>,
  ) {
    for (const [from, tos] of out) for (const to of tos) this.linked(from, to);
  }

  /** The caller added from → to to `out`. */
  linked(from: string, to: string): void {
    let callers = this.into.get(to);
    if (!callers) {
      callers = new Set();
      this.into.set(to, callers);
    }
    callers.add(from);
    this.touched(from);
  }

  /** The caller removed from → to from `out`. */
  unlinked(from: string, to: string): void {
    this.into.get(to)?.delete(from);
    this.touched(from);
  }

  /** A node's own figures changed (added, removed, its retries): it and its callers are recounted. */
  touched(id: string): void {
    // A node missing from the memo has no memoized caller (callers are counted after it), so the
    // walk stops there.
    // The start is walked once even when it was not memoized; `seen` ends the walk on a cycle
    // (a self loop or a loop the gate is about to refuse).
    const todo = [id];
    const seen = new Set<string>();
    while (todo.length > 0) {
      const at = todo.pop() as string;
      if (seen.has(at)) continue;
      seen.add(at);
      if (!this.memo.delete(at) && at !== id) continue;
      for (const from of this.into.get(at) ?? []) todo.push(from);
    }
  }

  /** The node is gone (the caller dropped it from `nodes` and its edges from `out`). */
  removed(id: string): void {
    this.touched(id);
    for (const callers of this.into.values()) callers.delete(id);
    this.into.delete(id);
  }

  count(): FanOut {
    return callsPerRequest(this.nodes, this.out, this.memo);
  }
}

/** Digits grouped by thousands: 200000000 → "200,000,000"; ≥ 10^15 reads "more than 10^15". */
export function grouped(n: number): string {
  if (n >= CEILING) return 'more than 10^15';
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The sentence for wiring whose requests could cause more than MAX_CALLS_PER_REQUEST calls. */
export function fanOutProblem(f: FanOut): string | undefined {
  if (f.calls <= MAX_CALLS_PER_REQUEST) return undefined;
  const shown = f.via.length > 8 ? [...f.via.slice(0, 7), '…'] : f.via;
  return `one request of client ${JSON.stringify(f.via[0])} could cause up to ${grouped(f.calls)} calls, more than the limit of ${grouped(MAX_CALLS_PER_REQUEST)} (an app server calls every service wired after it, in turn, and retries multiply them): ${shown.join(' → ')}; wire fewer app servers to each other`;
}
