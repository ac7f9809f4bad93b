/**
 * Traffic controls: the slider multiplies every client's rate, the "hug of death" multiplies it by
 * ten for 30 simulated seconds. Both become `set trafficScale` edits recorded in the scenario, so a
 * shared link replays them.
 */
import type { LiveEdit } from '../scenario/simulationTypes';
import { durationMs, shownGraph } from './graph';
import type { RawScenario } from './model';

/** How much the spike multiplies traffic. */
export const SPIKE_FACTOR = 10;
/** How long the spike lasts, simulated ms. */
export const SPIKE_MS = 30_000;

/**
 * `set trafficScale` edits putting every client at `multiplier` × its profile from now on. The
 * profile keeps its shape (steps and ramps still happen), so the slider never flattens a preset.
 */
export function trafficEdits(input: RawScenario, multiplier: number, _ms: number): LiveEdit[] {
  return shownGraph(input)
    .nodes.filter((n) => n.node.type === 'client')
    .map(
      (n) =>
        ({
          do: 'set',
          node: n.node.id,
          path: 'trafficScale',
          value: Math.round(multiplier * 1000) / 1000,
        }) satisfies LiveEdit,
    );
}

/**
 * The traffic multiplier in force at `atMs`: the first client's `trafficScale` (default 1) with
 * the recorded `set trafficScale` events up to and including `atMs` applied in time order (ties
 * in file order, as the run applies them). This is what the slider shows, so it never reads ×1
 * while the run uses ×3.98.
 */
export function trafficAt(input: RawScenario, atMs: number): number {
  const client = shownGraph(input).nodes.find((n) => n.node.type === 'client');
  if (!client) return 1;
  const id = client.node.id;
  const base = input.nodes.find((n) => n.id === id)?.trafficScale;
  let scale = typeof base === 'number' ? base : 1;
  const changes = (input.events ?? [])
    .map((e, i) => ({ e, i, at: durationMs(e.at) }))
    .filter(
      ({ e, at }) =>
        e.do === 'set' &&
        e.node === id &&
        e.path === 'trafficScale' &&
        typeof e.value === 'number' &&
        at <= atMs,
    )
    .sort((a, b) => a.at - b.at || a.i - b.i);
  for (const { e } of changes) scale = e.value as number;
  return scale;
}
