/**
 * Traffic controls: the slider multiplies every client's rate, the "hug of death" multiplies it by
 * ten for 30 simulated seconds. Both become `set rate` edits (a constant rate from now on), so a
 * shared link replays them.
 */
import type { LiveEdit } from '../scenario/simulationTypes';
import { durationMs, shownGraph } from './graph';
import type { RawScenario } from './model';

/** How much the spike multiplies traffic. */
export const SPIKE_FACTOR = 10;
/** How long the spike lasts, simulated ms. */
export const SPIKE_MS = 30_000;

/** A raw client rate (number or profile of {at, rps, ramp}) evaluated at `ms`, requests/s. */
export function rpsAt(rate: unknown, ms: number): number {
  if (rate === undefined) return 100; // the client's documented default
  if (typeof rate === 'number') return rate;
  if (!Array.isArray(rate)) return 0;
  const points = rate
    .map((p: { at?: unknown; rps?: unknown; ramp?: unknown }) => ({
      at: durationMs(p?.at ?? 0),
      rps: typeof p?.rps === 'number' ? p.rps : 0,
      ramp: durationMs(p?.ramp ?? 0) || 0,
    }))
    .filter((p) => Number.isFinite(p.at))
    .sort((a, b) => a.at - b.at);
  let level = 0;
  for (const p of points) {
    if (p.at > ms) break;
    level = p.ramp > 0 && ms < p.at + p.ramp ? level + ((p.rps - level) * (ms - p.at)) / p.ramp : p.rps;
  }
  return level;
}

/** `set rate` edits putting every client at `multiplier` × its scenario rate at `ms`. */
export function trafficEdits(input: RawScenario, multiplier: number, ms: number): LiveEdit[] {
  const base = new Map(input.nodes.map((n) => [n.id, n]));
  return shownGraph(input)
    .nodes.filter((n) => n.node.type === 'client')
    .map((n) => {
      // The profile as written (base node or the node an event added), not earlier `set rate` edits.
      const rate = (base.get(n.node.id) ?? n.node).rate;
      const value = Math.round(rpsAt(rate, ms) * multiplier * 1000) / 1000;
      return { do: 'set', node: n.node.id, path: 'rate', value } satisfies LiveEdit;
    });
}
