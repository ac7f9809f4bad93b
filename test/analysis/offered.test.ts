import { describe, expect, it } from 'vitest';
import { meanOfferedRps, offeredRpsAt, peakOfferedRps } from '../../src/analysis/offered';
import { parseScenario } from '../../src/scenario/parse';
import type { Scenario } from '../../src/scenario/types';

function scenario(events: unknown[] = []): Scenario {
  const r = parseScenario({
    format: 'scalelab/scenario@1',
    name: 'offered',
    duration: '100s',
    nodes: [
      // 100/s, ramping to 300/s over 20 s from t = 40 s, then a step down to 50/s at t = 60 s.
      {
        id: 'a',
        type: 'client',
        rate: [
          { at: 0, rps: 100 },
          { at: '40s', rps: 300, ramp: '20s' },
          { at: '60s', rps: 50 },
        ],
        mix: [{ name: 'r', op: 'read' }],
      },
      { id: 'b', type: 'client', rate: 10, trafficScale: 2, mix: [{ name: 'r', op: 'read' }] },
      { id: 'app', type: 'appServer' },
    ],
    edges: [
      { from: 'a', to: 'app' },
      { from: 'b', to: 'app' },
    ],
    events,
  });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.scenario;
}

describe('offered load (first attempts from the rate profiles)', () => {
  it('follows steps, ramps and traffic scales', () => {
    const s = scenario();
    expect(offeredRpsAt(s, 0)).toBe(120);
    expect(offeredRpsAt(s, 45_000)).toBeCloseTo(150 + 20, 9);
    expect(offeredRpsAt(s, 60_000)).toBe(70);
    // The peak is the left limit at the step down: the ramp reached 300/s at t = 60 s.
    expect(peakOfferedRps(s, 0, 100_000)).toBeCloseTo(320, 3);
    expect(peakOfferedRps(s, 60_000, 100_000)).toBe(70);
    // Mean over [0, 100 s]: a 40 s at 100, 20 s ramping 100 → 300 (mean 200), 40 s at 50; b 20.
    expect(meanOfferedRps(s, 0, 100_000)).toBeCloseTo((40 * 100 + 20 * 200 + 40 * 50) / 100 + 20, 9);
  });

  it('follows the recorded traffic edits (the slider is a set trafficScale)', () => {
    const s = scenario([
      { at: '70s', do: 'set', node: 'a', path: 'trafficScale', value: 10 },
      { at: '80s', do: 'set', node: 'a', path: 'trafficScale', value: 1 },
    ]);
    expect(offeredRpsAt(s, 75_000)).toBe(520);
    expect(offeredRpsAt(s, 85_000)).toBe(70);
    expect(peakOfferedRps(s, 0, 100_000)).toBe(520);
  });
});
