import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeWeighted } from '../../src/engine/timeWeighted';

describe('TimeWeighted', () => {
  it('matches a hand computation', () => {
    const tw = new TimeWeighted(); // 0 from t = 0
    tw.set(2, 3); // 0 on [0, 2)
    tw.add(5, -1); // 3 on [2, 5), then 2
    expect(tw.value).toBe(2);
    // ∫ = 0·2 + 3·3 + 2·5 = 19 over [0, 10]
    expect(tw.integral(10)).toBe(19);
    expect(tw.mean(10)).toBe(1.9);
    tw.reset(10); // end of warm-up: keep value 2
    expect(tw.value).toBe(2);
    expect(tw.mean(10)).toBe(2); // empty window: the current value
    tw.add(15, 2); // 2 on [10, 15), then 4
    expect(tw.integral(20)).toBe(2 * 5 + 4 * 5);
    expect(tw.mean(20)).toBe(3);
  });

  it('honours a non-zero start time and initial value', () => {
    const tw = new TimeWeighted(100, 4);
    tw.set(110, 0);
    expect(tw.mean(120)).toBe(2); // 4 for 10 ms, 0 for 10 ms
    expect(tw.windowStart).toBe(100);
  });

  it('agrees with a naive unit-grid integral of a random step function, across a reset', () => {
    // Integer change times and values make the unit-grid Riemann sum exact, so both sides are exact
    // integers in float64 and must be equal, not merely close.
    const step = fc.record({
      dt: fc.integer({ min: 0, max: 50 }),
      value: fc.integer({ min: 0, max: 1000 }),
      isDelta: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 0, max: 199 }),
        fc.integer({ min: 0, max: 40 }),
        (steps, resetAfter, tail) => {
          const tw = new TimeWeighted(0, 0);
          // valueAt[k] = value on [k, k + 1), filled naively step by step.
          const valueAt: number[] = [];
          let t = 0;
          let v = 0;
          let windowStart = 0;
          steps.forEach((s, i) => {
            for (let k = 0; k < s.dt; k++) valueAt.push(v);
            t += s.dt;
            if (s.isDelta) {
              tw.add(t, s.value - 500);
              v += s.value - 500;
            } else {
              tw.set(t, s.value);
              v = s.value;
            }
            if (i === resetAfter) {
              tw.reset(t);
              windowStart = t;
            }
          });
          for (let k = 0; k < tail; k++) valueAt.push(v);
          const tNow = t + tail;
          let naive = 0;
          for (let k = windowStart; k < tNow; k++) naive += valueAt[k];
          expect(tw.value).toBe(v);
          expect(tw.integral(tNow)).toBe(naive);
          const span = tNow - windowStart;
          expect(tw.mean(tNow)).toBe(span > 0 ? naive / span : v);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
