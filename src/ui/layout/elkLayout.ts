/**
 * The canvas lays itself out: elkjs's layered algorithm, left to right, with every node kept in
 * its tier — clients, then the edge (CDN, rate limiter, load balancer), the app tier, the data
 * tier (caches, databases, replicas), and async work (queues, workers) last. Within those bands
 * ELK orders the nodes to keep crossings few. Spacing is set from the real card size so that no
 * two cards overlap and every edge is long enough to show its rate label and its moving requests.
 *
 * Cosmetic and asynchronous (ELK's API is a promise); the bundled build runs on the calling thread,
 * which for at most a few dozen nodes takes a few milliseconds. It is loaded on first use (it is
 * larger than the rest of the app), so a page that never lays anything out never downloads it. Deterministic: the same graph gives
 * the same positions.
 */
import type { ELK as ElkApi } from 'elkjs/lib/elk-api';

/** A node's card on the canvas, px: `.sim-node` is 208 px wide; height with the tallest extras. */
export const CARD_W = 208;
export const CARD_H = 110;
/** Clear gap between two columns of cards, px: room for a rate label and a few moving dots. */
export const COLUMN_GAP = 120;
/** Clear gap between two cards of one column, px. */
export const ROW_GAP = 44;

/**
 * Tier of each kind, left to right. Unknown kinds sit with the app tier. Async work (queues,
 * workers) shares the data tier's band, below the data nodes (they come later in the files): a
 * band of its own after the replicas would add two columns to the widest presets and put every
 * queue far from the app that feeds it.
 */
const TIER: Record<string, number> = {
  client: 0,
  cdn: 1,
  rateLimiter: 1,
  loadBalancer: 1,
  appServer: 2,
  cache: 3,
  database: 3,
  queue: 3,
  worker: 3,
};

export function tierOf(type: string): number {
  return TIER[type] ?? 2;
}

export interface LayoutNode {
  id: string;
  type: string;
}

export interface LayoutEdge {
  from: string;
  to: string;
}

/** A worker's or queue's wire to a data node: the job's writes, drawn back to the left. */
function isBackWire(from: string, to: string): boolean {
  return (from === 'worker' || from === 'queue') && (to === 'database' || to === 'cache');
}

let elk: Promise<ElkApi> | null = null;

function loadElk(): Promise<ElkApi> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elk;
}

/** Top-left positions (px, flow coordinates) for every node, the first client's column at x = 0. */
export async function layoutGraph(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
): Promise<Map<string, [number, number]>> {
  const out = new Map<string, [number, number]>();
  if (nodes.length === 0) return out;
  const ids = new Set(nodes.map((n) => n.id));
  const typeOf = new Map(nodes.map((n) => [n.id, n.type]));
  const seen = new Set<string>();
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.partitioning.activate': 'true',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(COLUMN_GAP),
      'elk.spacing.nodeNode': String(ROW_GAP),
      'elk.spacing.componentComponent': String(ROW_GAP * 2),
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.separateConnectedComponents': 'false',
      'elk.randomSeed': '1',
    },
    children: nodes.map((n) => ({
      id: n.id,
      width: CARD_W,
      height: CARD_H,
      layoutOptions: { 'elk.partitioning.partition': String(tierOf(n.type)) },
    })),
    // One ELK edge per wired pair; dangling or duplicate wires (work in progress) are left out.
    // A worker's wire to the database is laid out the other way round: followed as drawn, it would
    // push the database a column past the workers; reversed, it keeps the workers beside it.
    edges: edges.flatMap((e, i) => {
      const key = `${e.from}\u0000${e.to}`;
      if (!ids.has(e.from) || !ids.has(e.to) || e.from === e.to || seen.has(key)) return [];
      seen.add(key);
      const back = isBackWire(typeOf.get(e.from) ?? '', typeOf.get(e.to) ?? '');
      return [{ id: `e${i}`, sources: [back ? e.to : e.from], targets: [back ? e.from : e.to] }];
    }),
  };
  const laid = await (await loadElk()).layout(graph);
  for (const c of laid.children ?? []) out.set(c.id, [Math.round(c.x ?? 0), Math.round(c.y ?? 0)]);
  return out;
}

/** Whether two cards at these top-left positions overlap (touching edges do not count). */
export function cardsOverlap(a: [number, number], b: [number, number], w = CARD_W, h = CARD_H): boolean {
  return Math.abs(a[0] - b[0]) < w && Math.abs(a[1] - b[1]) < h;
}

/**
 * Positions for the unplaced nodes of a partly placed graph: the ELK layout's, each moved down
 * past any placed card it would cover, so a node added without a position never hides another.
 */
export function placeUnplaced(
  laid: Map<string, [number, number]>,
  placed: Map<string, [number, number]>,
): Map<string, [number, number]> {
  const taken = [...placed.values()];
  const out = new Map<string, [number, number]>();
  for (const [id, p] of laid) {
    if (placed.has(id)) continue;
    const pos: [number, number] = [p[0], p[1]];
    while (taken.some((q) => cardsOverlap(pos, q))) pos[1] += CARD_H + ROW_GAP;
    taken.push(pos);
    out.set(id, pos);
  }
  return out;
}
