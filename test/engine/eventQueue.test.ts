import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/eventQueue';

interface Item {
  time: number;
  priority: number;
  seq: number;
}

const compare = (a: Item, b: Item) => a.time - b.time || a.priority - b.priority || a.seq - b.seq;

describe('EventQueue', () => {
  it('pops in (time, priority, insertion sequence) order, with cancellations', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            time: fc.integer({ min: 0, max: 50 }),
            priority: fc.integer({ min: 0, max: 3 }),
            cancel: fc.boolean(),
          }),
          { maxLength: 400 },
        ),
        (ops) => {
          const q = new EventQueue(16);
          const items: (Item & { handle: number; cancelled: boolean })[] = [];
          ops.forEach((op, seq) => {
            const handle = q.push(op.time, op.priority, 0, 0, seq);
            items.push({ time: op.time, priority: op.priority, seq, handle, cancelled: false });
          });
          for (let i = 0; i < ops.length; i++) {
            if (ops[i].cancel) {
              q.cancel(items[i].handle);
              items[i].cancelled = true;
            }
          }
          const expected = items.filter((x) => !x.cancelled).sort(compare);
          const got: number[] = [];
          while (q.pop()) got.push(q.arg);
          expect(got).toEqual(expected.map((x) => x.seq));
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('interleaves FIFO (zero-delay) events with heap events at the same time by sequence', () => {
    const q = new EventQueue(16);
    q.push(5, 0, 0, 0, 1); // heap, earlier sequence
    q.pushNow(5, 0, 0, 2); // fifo
    q.push(5, 1, 0, 0, 3); // heap, higher priority number runs after priority 0
    q.pushNow(5, 0, 0, 4);
    q.push(4, 0, 0, 0, 0);
    const got: number[] = [];
    while (q.pop()) got.push(q.arg);
    expect(got).toEqual([0, 1, 2, 4, 3]);
  });

  it('grows beyond its initial capacity and reuses slots', () => {
    const q = new EventQueue(16);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5000; i++) q.push((i * 7919) % 5000, 0, 0, 0, i);
      let last = -1;
      let n = 0;
      while (q.pop()) {
        expect(q.time).toBeGreaterThanOrEqual(last);
        last = q.time;
        n++;
      }
      expect(n).toBe(5000);
    }
  });

  it('a cancelled FIFO event becomes a no-op of kind -1', () => {
    const q = new EventQueue(16);
    const h = q.pushNow(0, 0, 3, 9);
    q.cancel(h);
    expect(q.pop()).toBe(true);
    expect(q.kind).toBe(-1);
  });
});
