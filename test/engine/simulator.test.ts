import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/engine/simulator';

describe('Simulator', () => {
  it('runs events up to the horizon and sets the clock to it', () => {
    const sim = new Simulator();
    const seen: [number, number][] = [];
    const h = sim.register({ handle: (_kind, arg) => seen.push([sim.now, arg]) });
    sim.schedule(10, h, 0, 1);
    sim.schedule(5, h, 0, 2);
    sim.schedule(20, h, 0, 3);
    expect(sim.runUntil(10)).toBe(2);
    expect(sim.now).toBe(10);
    expect(seen).toEqual([
      [5, 2],
      [10, 1],
    ]);
    sim.runUntil(100);
    expect(seen.at(-1)).toEqual([20, 3]);
    expect(sim.now).toBe(100);
  });

  it('gives the same order whether run at once or in slices', () => {
    const trace = (slices: number) => {
      const sim = new Simulator();
      const out: number[] = [];
      let x = 12345;
      const h = sim.register({
        handle: (_k, arg) => {
          out.push(arg);
          // A deterministic chain of follow-ups, some at zero delay.
          x = (x * 1103515245 + 12345) % 2147483648;
          if (out.length < 5000) sim.schedule(x % 3 === 0 ? 0 : (x % 1000) / 10, h, 0, out.length);
        },
      });
      sim.schedule(0, h, 0, -1);
      sim.schedule(1, h, 0, -2);
      for (let i = 1; i <= slices; i++) sim.runUntil((1e6 * i) / slices);
      return out;
    };
    expect(trace(1000)).toEqual(trace(1));
  });

  it('refuses negative delays', () => {
    const sim = new Simulator();
    const h = sim.register({ handle: () => {} });
    expect(() => sim.schedule(-1, h, 0, 0)).toThrow(RangeError);
  });

  it('cancels a pending event', () => {
    const sim = new Simulator();
    let fired = 0;
    const h = sim.register({ handle: () => fired++ });
    const e = sim.schedule(5, h, 0, 0);
    sim.schedule(6, h, 0, 0);
    sim.cancel(e);
    sim.runUntil(10);
    expect(fired).toBe(1);
  });
});
