/**
 * The graph the canvas shows: the scenario's nodes and edges with its recorded events applied
 * (nodes added or removed during a run, parameters `set` live). Pure functions.
 */
import { parseDuration } from '../scenario/duration';
import type { RawEdge, RawEvent, RawNode, RawScenario } from './model';

/** Where a node's definition lives: the base node list, or an `add-node` event. */
export type NodeRef = { where: 'base'; index: number } | { where: 'event'; index: number };

export interface ShownNode {
  /** The node with live `set` events overlaid (for display). */
  node: RawNode;
  ref: NodeRef;
  /** Simulated ms at which the node joins (add-node events); undefined for base nodes. */
  joinsAtMs?: number;
}

/** A scenario duration ("250us", "5s", ms number) → ms; NaN when unreadable. */
export function durationMs(value: unknown): number {
  return parseDuration(value) ?? Number.NaN;
}

/** Reads a dotted path ("autoscale.max") from an object. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Writes a dotted path in place (creating objects on the way); undefined deletes the key. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur: Record<string, unknown> = obj;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  // Drop objects the deletion left empty, so clearing a field restores the default cleanly.
  if (value === undefined && keys.length > 1) {
    const parent = getPath(obj, keys.slice(0, -1).join('.'));
    if (parent && typeof parent === 'object' && Object.keys(parent).length === 0) {
      setPath(obj, keys.slice(0, -1).join('.'), undefined);
    }
  }
}

function eventsInTimeOrder(events: RawEvent[] | undefined): { ev: RawEvent; index: number; atMs: number }[] {
  return (events ?? [])
    .map((ev, index) => ({ ev, index, atMs: durationMs(ev.at) }))
    .sort((a, b) =>
      a.atMs === b.atMs || Number.isNaN(a.atMs - b.atMs) ? a.index - b.index : a.atMs - b.atMs,
    );
}

function sameEdge(a: RawEdge, b: RawEdge): boolean {
  return a.from === b.from && a.to === b.to;
}

/** Nodes and edges after every recorded event, in time order. */
export function shownGraph(s: RawScenario): { nodes: ShownNode[]; edges: RawEdge[] } {
  let nodes: ShownNode[] = s.nodes.map((node, index) => ({ node, ref: { where: 'base', index } }));
  let edges: RawEdge[] = [...s.edges];
  for (const { ev, index, atMs } of eventsInTimeOrder(s.events)) {
    if (ev.do === 'add-node' && typeof ev.node === 'object' && ev.node && typeof ev.node.id === 'string') {
      nodes = nodes.filter((n) => n.node.id !== (ev.node as RawNode).id);
      nodes.push({ node: ev.node, ref: { where: 'event', index }, joinsAtMs: atMs });
    } else if (ev.do === 'remove-node' && typeof ev.node === 'string') {
      const id = ev.node;
      nodes = nodes.filter((n) => n.node.id !== id);
      edges = edges.filter((e) => e.from !== id && e.to !== id);
    } else if (ev.do === 'add-edge' && ev.edge) {
      const edge = ev.edge;
      if (!edges.some((e) => sameEdge(e, edge))) edges.push(edge);
    } else if (ev.do === 'remove-edge' && ev.edge) {
      const edge = ev.edge;
      edges = edges.filter((e) => !sameEdge(e, edge));
    } else if (ev.do === 'set' && typeof ev.node === 'string' && typeof ev.path === 'string') {
      const i = nodes.findIndex((n) => n.node.id === ev.node);
      if (i >= 0) {
        const copy = structuredClone(nodes[i].node) as RawNode;
        setPath(copy, ev.path, ev.value);
        nodes[i] = { ...nodes[i], node: copy };
      }
    }
  }
  return { nodes, edges };
}

/** Short id prefix per kind: a new app server is "app", then "app-2", "app-3"… */
export const ID_PREFIX: Record<string, string> = {
  client: 'users',
  cdn: 'cdn',
  loadBalancer: 'lb',
  rateLimiter: 'limiter',
  appServer: 'app',
  cache: 'cache',
  database: 'db',
  queue: 'queue',
  worker: 'worker',
};

/** A node id not used anywhere in the scenario (base nodes and nodes added by events). */
export function nextNodeId(s: RawScenario, type: string): string {
  const taken = new Set<string>(s.nodes.map((n) => n.id));
  for (const ev of s.events ?? []) if (ev.node && typeof ev.node === 'object') taken.add(ev.node.id);
  const prefix = ID_PREFIX[type] ?? type;
  if (!taken.has(prefix)) return prefix;
  for (let i = 2; ; i++) if (!taken.has(`${prefix}-${i}`)) return `${prefix}-${i}`;
}

/** The raw node object behind a ref (mutable inside an immer draft). */
export function nodeAt(s: RawScenario, ref: NodeRef): RawNode | undefined {
  if (ref.where === 'base') return s.nodes[ref.index];
  const node = s.events?.[ref.index]?.node;
  return typeof node === 'object' ? node : undefined;
}

/** The path prefix parseScenario uses for a node ("nodes[2]" or "events[4].node"). */
export function nodePathPrefix(ref: NodeRef): string {
  return ref.where === 'base' ? `nodes[${ref.index}]` : `events[${ref.index}].node`;
}
