/** Display names of the nodes on screen (label, else id) and their kinds, memoised per scenario. */
import { useMemo } from 'react';
import { shownGraph } from '../../store/graph';
import { useScenarioStore } from '../../store/scenarioStore';

export interface NodeName {
  name: string;
  type: string;
}

export function useNodeNames(): ReadonlyMap<string, NodeName> {
  const input = useScenarioStore((s) => s.input);
  return useMemo(() => {
    const out = new Map<string, NodeName>();
    for (const { node } of shownGraph(input).nodes) {
      const label = typeof node.label === 'string' && node.label.trim() ? node.label : node.id;
      out.set(node.id, { name: label, type: node.type });
    }
    return out;
  }, [input]);
}

/** The name to show for `id` (its label, or the id itself for nodes no longer on screen). */
export function nameOf(names: ReadonlyMap<string, NodeName>, id: string): string {
  return names.get(id)?.name ?? id;
}
