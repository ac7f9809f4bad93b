/**
 * Positions for nodes a scenario left unplaced (`pos` is optional): columns by distance from the
 * clients along the edges, rows in file order. Placed nodes keep their positions.
 */
import type { RawEdge, RawNode } from '../../store/model';

export const COLUMN_PX = 250;
export const ROW_PX = 130;

export function autoPositions(nodes: RawNode[], edges: RawEdge[]): Map<string, [number, number]> {
  const depth = new Map<string, number>();
  const roots = nodes.filter((n) => !edges.some((e) => e.to === n.id)).map((n) => n.id);
  const queue = roots.length > 0 ? [...roots] : nodes.slice(0, 1).map((n) => n.id);
  for (const id of queue) depth.set(id, 0);
  // Breadth-first over the edges; each node keeps its shortest distance from a root.
  for (let i = 0; i < queue.length; i++) {
    const d = depth.get(queue[i])!;
    for (const e of edges) {
      if (e.from === queue[i] && !depth.has(e.to)) {
        depth.set(e.to, d + 1);
        queue.push(e.to);
      }
    }
  }
  const rows = new Map<number, number>();
  const out = new Map<string, [number, number]>();
  for (const n of nodes) {
    const d = depth.get(n.id) ?? 0;
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    if (!n.pos) out.set(n.id, [d * COLUMN_PX, row * ROW_PX]);
  }
  return out;
}
