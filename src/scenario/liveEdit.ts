/**
 * A live edit from the app (fail, slow, set, add a node…) as a timed scenario event at the
 * current time: validated and normalized exactly like the events of a scenario file, so what the
 * worker applies is what a shared link replays.
 */
import type { AppServer } from '../components/appServer';
import type { SimNode } from '../components/node';
import { parseLiveEvent } from './parse';
import type { LiveEdit } from './simulationTypes';
import type { LiveNodeInfo } from './timeline';
import type { ScenarioEvent } from './types';

/** What the gate needs to know of a running node (settable paths depend on autoscaling). */
function infoOf(n: SimNode): LiveNodeInfo {
  const db = n as SimNode & { role?: 'primary' | 'replica'; primaryId?: string };
  if (n.type === 'database') return { type: n.type, role: db.role, primary: db.primaryId };
  if (n.type === 'appServer')
    return { type: n.type, autoscale: (n as AppServer).dataPath.autoscaler !== null };
  return n.type;
}

export function normalizeLiveEdit(
  edit: LiveEdit,
  nowMs: number,
  nodes: ReadonlyMap<string, SimNode>,
): ScenarioEvent {
  const infos = new Map<string, LiveNodeInfo>();
  for (const [id, n] of nodes) infos.set(id, infoOf(n));
  const parsed = parseLiveEvent({ ...edit, at: nowMs }, infos);
  if (!parsed.ok) throw new Error(parsed.errors.map((p) => p.message).join('; '));
  return parsed.event;
}
