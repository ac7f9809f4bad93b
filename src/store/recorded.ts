/**
 * The scenario's timed events as a list a user can read and change: when (simulated ms), which node
 * (its canvas label), what. Changing one edits the scenario (undoable) and the run replays from 0.
 */
import { durationMs } from './graph';
import type { RawEvent, RawNode, RawScenario } from './model';
import { useScenarioStore } from './scenarioStore';

export interface RecordedRow {
  /** Index in `events` (rows are sorted by time; edits address the event by this index). */
  index: number;
  atMs: number;
  nodeId: string;
  /** The node's canvas label (its id when it has none). */
  node: string;
  /** What happens, in words ("fails", "traffic ×1.6"). */
  what: string;
  /** The number the row lets a user change (slow factor, set value), or null. */
  value: number | null;
}

function labelOf(input: RawScenario, id: string): string {
  const node =
    input.nodes.find((n) => n.id === id) ??
    (input.events ?? [])
      .map((e) => e.node)
      .find((n): n is RawNode => typeof n === 'object' && n !== null && n.id === id);
  return typeof node?.label === 'string' && node.label.trim() ? node.label : id;
}

function describe(e: RawEvent, label: (id: string) => string): { what: string; value: number | null } {
  switch (e.do) {
    case 'fail':
      return { what: 'fails', value: null };
    case 'recover':
      return { what: 'recovers', value: null };
    case 'slow':
      return e.factor === 1
        ? { what: 'back to normal speed', value: 1 }
        : { what: `slowed ×${e.factor}`, value: typeof e.factor === 'number' ? e.factor : null };
    case 'set': {
      const v = typeof e.value === 'number' ? e.value : null;
      if (e.path === 'trafficScale') return { what: `traffic ×${String(e.value)}`, value: v };
      return { what: `${String(e.path)} = ${JSON.stringify(e.value)}`, value: v };
    }
    case 'add-node':
      return { what: `added (${typeof e.node === 'object' ? e.node.type : '?'})`, value: null };
    case 'remove-node':
      return { what: 'removed', value: null };
    case 'add-edge':
      return { what: `wired to ${label(e.edge?.to ?? '?')}`, value: null };
    case 'remove-edge':
      return { what: `unwired from ${label(e.edge?.to ?? '?')}`, value: null };
    default:
      return { what: String(e.do), value: null };
  }
}

/** Every event of the scenario, in the order the run applies them (time, then file order). */
export function recordedRows(input: RawScenario): RecordedRow[] {
  const label = (id: string) => labelOf(input, id);
  return (input.events ?? [])
    .map((e, index) => {
      const nodeId =
        typeof e.node === 'string' ? e.node : typeof e.node === 'object' ? e.node.id : (e.edge?.from ?? '');
      return { index, atMs: durationMs(e.at), nodeId, node: label(nodeId), ...describe(e, label) };
    })
    .sort((a, b) => a.atMs - b.atMs || a.index - b.index);
}

/** "1 recorded event", "3 recorded events". */
export function recordedCount(n: number): string {
  return `${n} recorded event${n === 1 ? '' : 's'}`;
}

export function removeEvent(index: number): void {
  useScenarioStore.getState().edit((d) => {
    d.events?.splice(index, 1);
  });
}

export function clearEvents(): void {
  useScenarioStore.getState().edit((d) => {
    if (d.events && d.events.length > 0) d.events = [];
  });
}

/** Moves an event to `ms` (a number ≥ 0; the validation list judges whether it makes sense there). */
export function setEventTime(index: number, ms: number): void {
  if (!(ms >= 0) || !Number.isFinite(ms)) return;
  useScenarioStore.getState().edit((d) => {
    const e = d.events?.[index];
    if (e) e.at = ms;
  });
}

/** Changes an event's number: a slowdown's factor or a `set` value. */
export function setEventValue(index: number, value: number): void {
  if (!Number.isFinite(value)) return;
  useScenarioStore.getState().edit((d) => {
    const e = d.events?.[index];
    if (!e) return;
    if (e.do === 'slow') e.factor = value;
    else if (e.do === 'set') e.value = value;
  });
}
