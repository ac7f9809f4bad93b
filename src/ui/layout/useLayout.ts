/**
 * The canvas's use of the layout: positions for the nodes a scenario left unplaced (computed
 * asynchronously, null until ready), a Tidy that re-lays every node as one undo step, and a fit
 * that never zooms out past readable text.
 */
import { getNodesBounds, type ReactFlowInstance } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { shownGraph } from '../../store/graph';
import { placeNodes } from '../../store/layout';
import type { RawEdge, RawNode } from '../../store/model';
import { useScenarioStore } from '../../store/scenarioStore';
import { useViewStore } from '../../store/viewStore';
import { layoutGraph, placeUnplaced } from './elkLayout';

/** Below this zoom a card's text is too small to read; a wider graph opens at its left end instead. */
export const MIN_READABLE_ZOOM = 0.75;
/** Never zoom a small graph in past this when fitting it. */
export const MAX_FIT_ZOOM = 1.1;
/** Margin around a fitted graph, px on screen. */
const FIT_MARGIN_PX = 32;

/** The same empty map every time, so a fully placed graph never looks changed. */
const NONE = new Map<string, [number, number]>();

/**
 * Positions (top-left, px) for the nodes without `pos`, from an ELK layout of the whole graph
 * (moved clear of the placed ones); an empty map when every node is placed; null while computing.
 */
export function useUnplacedPositions(
  nodes: readonly RawNode[],
  edges: readonly RawEdge[],
): Map<string, [number, number]> | null {
  // Only what the layout depends on: the wiring, the kinds, and which nodes sit where.
  const key = useMemo(
    () => JSON.stringify([nodes.map((n) => [n.id, n.type, n.pos ?? null]), edges.map((e) => [e.from, e.to])]),
    [nodes, edges],
  );
  const unplaced = nodes.some((n) => !n.pos);
  const [done, setDone] = useState<{ key: string; pos: Map<string, [number, number]> } | null>(null);
  useEffect(() => {
    if (!unplaced) return;
    let live = true;
    const [ns, es] = JSON.parse(key) as [[string, string, [number, number] | null][], [string, string][]];
    const placed = new Map(ns.flatMap(([id, , p]) => (p ? [[id, p] as [string, [number, number]]] : [])));
    layoutGraph(
      ns.map(([id, type]) => ({ id, type })),
      es.map(([from, to]) => ({ from, to })),
    )
      .then((laid) => live && setDone({ key, pos: placeUnplaced(laid, placed) }))
      .catch(() => live && setDone({ key, pos: new Map() }));
    return () => {
      live = false;
    };
  }, [key, unplaced]);
  if (!unplaced) return NONE;
  return done?.key === key ? done.pos : null;
}

/** Re-lays every node of the scenario on screen (one undo step), then fits it into view. */
export async function tidy(): Promise<void> {
  const { nodes, edges } = shownGraph(useScenarioStore.getState().input);
  const laid = await layoutGraph(
    nodes.map((n) => n.node),
    edges,
  );
  placeNodes(laid);
  useViewStore.getState().requestFit();
}

/**
 * Fits the graph into a `width` × `height` px canvas: the whole graph when that keeps the text
 * readable; otherwise at MIN_READABLE_ZOOM from its left end (the clients, where a request
 * starts), centred vertically when it fits, from the top when not.
 */
export function fitReadable(rf: ReactFlowInstance, width: number, height: number): void {
  const nodes = rf.getNodes();
  if (nodes.length === 0 || width <= 0 || height <= 0) return;
  const b = getNodesBounds(nodes);
  const fit = Math.min(
    (width - 2 * FIT_MARGIN_PX) / Math.max(b.width, 1),
    (height - 2 * FIT_MARGIN_PX) / Math.max(b.height, 1),
    MAX_FIT_ZOOM,
  );
  const zoom = Math.max(fit, MIN_READABLE_ZOOM);
  const spanX = b.width * zoom;
  const spanY = b.height * zoom;
  const x = spanX + 2 * FIT_MARGIN_PX <= width ? (width - spanX) / 2 : FIT_MARGIN_PX;
  const y = spanY + 2 * FIT_MARGIN_PX <= height ? (height - spanY) / 2 : FIT_MARGIN_PX;
  void rf.setViewport({ x: x - b.x * zoom, y: y - b.y * zoom, zoom }, { duration: 0 });
}
