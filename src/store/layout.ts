/**
 * Tidy: new canvas positions for many nodes at once, as one undoable edit. Cosmetic like a drag
 * (positions are not part of the simulation key, so the run is not rebuilt, and nothing is
 * recorded as an event). The layout itself is computed by the canvas (src/ui/layout).
 */
import { nodeAt, shownGraph } from './graph';
import { useScenarioStore } from './scenarioStore';

/**
 * Moves every shown node named in `positions` (top-left, px), base nodes and nodes added by a
 * recorded `add-node` alike. One undo entry; nothing happens when no position changes.
 */
export function placeNodes(positions: ReadonlyMap<string, readonly [number, number]>): void {
  const store = useScenarioStore.getState();
  const shown = shownGraph(store.input).nodes;
  store.edit((d) => {
    for (const { node: n, ref } of shown) {
      const p = positions.get(n.id);
      const node = p ? nodeAt(d, ref) : undefined;
      if (!p || !node) continue;
      const pos: [number, number] = [Math.round(p[0]), Math.round(p[1])];
      if (node.pos?.[0] !== pos[0] || node.pos?.[1] !== pos[1]) node.pos = pos;
    }
  });
}
