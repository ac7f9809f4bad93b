/** A short run of the fuzzer (a few seconds); `npm run fuzz` runs the long one. */
import { describe, expect, it } from 'vitest';
import { fuzz, PRESETS } from './fuzzer';

describe('fuzzing the presets', () => {
  it('every accepted mutation runs, bounded, balanced and finite', () => {
    expect(PRESETS.length).toBeGreaterThan(10);
    const rep = fuzz({
      seed: 13,
      cases: 800,
      runMs: 300,
      maxHeldCalls: 50_000,
      caseMs: 20_000,
      heapBytes: 1.5 * 2 ** 30,
    });
    expect(rep.failures).toEqual([]);
    expect(rep.cases).toBe(800);
    // The mutations reach both sides of the gate.
    expect(rep.accepted).toBeGreaterThan(30);
    expect(rep.refused).toBeGreaterThan(30);
  });
});
