/**
 * Traffic controls: the slider multiplies every client's rate, the "hug of death" multiplies it by
 * ten for 30 simulated seconds. Both become `set trafficScale` edits recorded in the scenario, so a
 * shared link replays them.
 */
import type { LiveEdit } from '../scenario/simulationTypes';
import { shownGraph } from './graph';
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
