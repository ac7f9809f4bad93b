/**
 * A live edit from the app (fail, slow, set, add a node…) as a timed scenario event at the
 * current time: validated and normalized exactly like the events of a scenario file, so what the
 * worker applies is what a shared link replays.
 */
import type { SimNode } from '../components/node';
import { parseLiveEvent } from './parse';
import type { LiveEdit } from './simulationTypes';
import type { ScenarioEvent } from './types';

export function normalizeLiveEdit(
  edit: LiveEdit,
  nowMs: number,
  nodes: ReadonlyMap<string, SimNode>,
): ScenarioEvent {
  const types = new Map<string, string>();
  for (const [id, n] of nodes) types.set(id, n.type);
  const parsed = parseLiveEvent({ ...edit, at: nowMs }, types);
  if (!parsed.ok) throw new Error(parsed.errors.map((p) => p.message).join('; '));
  return parsed.event;
}
