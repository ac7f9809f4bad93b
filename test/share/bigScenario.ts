/**
 * A big scenario for the long-link tests: a preset with a long recorded session — `events` changes
 * of the traffic slider at irregular instants with irregular values, as a user dragging it for an
 * hour would record. The numbers come from a fixed LCG, so the scenario (and its link) is the same
 * every run; their digits are what makes the link long (repeated text would compress away).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

/** reddit-1-one-box (client `users`) with `events` trafficScale changes over its 7 minutes. */
export function bigScenario(events: number, name = `A long session (${events} recorded changes)`) {
  const preset = JSON.parse(readFileSync(join(ROOT, 'presets/reddit-1-one-box.json'), 'utf8'));
  let x = 12345;
  const next = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
  const durationMs = 7 * 60_000;
  const list: { at: number; do: 'set'; node: string; path: string; value: number }[] = [];
  for (let i = 0; i < events; i++) {
    const at = Math.round(((i + next()) / events) * (durationMs - 1000) * 1000) / 1000;
    list.push({
      at,
      do: 'set',
      node: 'users',
      path: 'trafficScale',
      value: Math.round((0.5 + next()) * 1e4) / 1e4,
    });
  }
  return { ...preset, name, events: list };
}
