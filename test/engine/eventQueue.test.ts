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

  it('interleaved pops, pushes, zero-delay pushes, peeks and cancels match a sorted reference', () => {
    // pop() leaves the popped heap event at the root until the next operation (one sift for a
    // pop followed by a push): every operation order must still see exactly the sorted sequence.
    const op = fc.oneof(
      fc.record({
        k: fc.constant('push' as const),
        dt: fc.integer({ min: 0, max: 20 }),
        p: fc.integer({ min: 0, max: 2 }),
      }),
      fc.record({ k: fc.constant('now' as const) }),
      fc.record({ k: fc.constant('pop' as const) }),
      fc.record({ k: fc.constant('peek' as const) }),
      fc.record({ k: fc.constant('cancel' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const q = new EventQueue(16);
        let now = 0;
        let seq = 0;
        // The pending events, as the reference sees them.
        let ref: { time: number; priority: number; seq: number; handle: number; fifo: boolean }[] = [];
        for (const o of ops) {
          if (o.k === 'push') {
            const handle = q.push(now + o.dt, o.p, 0, 0, seq);
            ref.push({ time: now + o.dt, priority: o.p, seq: seq++, handle, fifo: false });
          } else if (o.k === 'now') {
            const handle = q.pushNow(now, 0, 0, seq);
            ref.push({ time: now, priority: 0, seq: seq++, handle, fifo: true });
          } else if (o.k === 'pop') {
            ref.sort(compare);
            const want = ref.shift();
            expect(q.pop()).toBe(want !== undefined);
            if (want) {
              expect([q.time, q.arg]).toEqual([want.time, want.seq]);
              now = want.time;
            }
          } else if (o.k === 'peek') {
            ref.sort(compare);
            expect(q.peekTime()).toBe(ref.length > 0 ? ref[0].time : Number.POSITIVE_INFINITY);
          } else {
            // Heap events only: a cancelled FIFO event stays queued as a no-op (tested below).
            const heap = ref.filter((x) => !x.fifo);
            if (heap.length === 0) continue;
            const victim = heap[o.pick % heap.length];
            q.cancel(victim.handle);
            ref = ref.filter((x) => x !== victim);
          }
          expect(q.size).toBe(ref.length);
        }
        ref.sort(compare);
        const got: number[] = [];
        while (q.pop()) got.push(q.arg);
        expect(got).toEqual(ref.map((x) => x.seq));
      }),
      { numRuns: 400, seed: 11 },
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
