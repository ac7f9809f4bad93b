/**
 * The pending-event set of the simulator: a binary heap over typed arrays plus a FIFO fast path
 * for events scheduled at the current time with the default priority.
 *
 * Events are ordered by (time, priority, insertion sequence). Priority and sequence are packed into
 * one float64 `order` = priority · 2^45 + seq, exact while seq < 2^45 (3.5·10^13 events) and
 * priority < 2^7, so a comparison is two float compares and ties never depend on object identity.
 *
 * An event is a slot in a recycled pool: time, order, target, kind and arg live in parallel typed
 * arrays, so scheduling allocates nothing once the pool has grown to the run's peak.
 *
 * Why the heap keeps each entry's time next to its slot (heapTimes, by heap position): sifting
 * compares times at every level, and reading them in place avoids a dependent load through the
 * slot (times[heap[i]]) per comparison; the order is read through the slot only on equal times.
 * Pop-then-push in one sift: popping a heap event leaves it at the root, marked done (topDone),
 * and the next push() overwrites the root and sifts down once, instead of a remove (last entry
 * to the root, sift down) followed by an insert (sift up). Nearly every handler schedules
 * something, so most events cost one sift instead of two; any other operation settles the done
 * root first. The heap holds the same keys either way and (time, order) is a total order, so
 * events come out in exactly the same sequence.
 *
 * The heap does not track where each slot sits (no per-level bookkeeping): cancel(), which is rare
 * (live rate changes, health-check interval changes), finds the slot by a linear scan instead.
 */

import { grown, growRing } from './rings';

const SEQ_SPAN = 2 ** 45;

/** Highest allowed priority (exclusive). Lower numbers run first at equal times. */
export const MAX_PRIORITY = 128;

/** Where a slot is (wheres[slot]). */
const FREE = 0;
const IN_HEAP = 1;
const IN_FIFO = 2;

export class EventQueue {
  private times: Float64Array;
  private orders: Float64Array;
  private targets: Int32Array;
  private kinds: Int32Array;
  private args: Int32Array;
  /** FREE, IN_HEAP or IN_FIFO per slot. */
  private wheres: Uint8Array;
  /** Heap by position: the event's time and its slot. */
  private heapTimes: Float64Array;
  private heapSlots: Int32Array;
  private heapSize = 0;
  /** heapTimes[0]/heapSlots[0] is an event already popped (its slot freed); see the header. */
  private topDone = false;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotCount = 0;
  /** FIFO ring of slots for zero-delay, default-priority events; they are in time/order already. */
  private fifo: Int32Array;
  private fifoHead = 0;
  private fifoSize = 0;
  private seq = 0;

  /** Set by pop(): the fields of the event just removed. */
  time = 0;
  target = 0;
  kind = 0;
  arg = 0;

  constructor(initialCapacity = 1024) {
    // A power of two, so the FIFO ring wraps with a mask.
    let n = 16;
    while (n < initialCapacity) n *= 2;
    this.times = new Float64Array(n);
    this.orders = new Float64Array(n);
    this.targets = new Int32Array(n);
    this.kinds = new Int32Array(n);
    this.args = new Int32Array(n);
    this.wheres = new Uint8Array(n);
    this.heapTimes = new Float64Array(n);
    this.heapSlots = new Int32Array(n);
    this.freeSlots = new Int32Array(n);
    this.fifo = new Int32Array(n);
  }

  get size(): number {
    return this.heapSize - (this.topDone ? 1 : 0) + this.fifoSize;
  }

  /** Inserts an event; returns its slot, a handle valid until the event is popped or cancelled. */
  push(time: number, priority: number, target: number, kind: number, arg: number): number {
    const slot = this.allocSlot();
    this.times[slot] = time;
    this.orders[slot] = priority * SEQ_SPAN + this.seq++;
    this.targets[slot] = target;
    this.kinds[slot] = kind;
    this.args[slot] = arg;
    this.wheres[slot] = IN_HEAP;
    if (this.topDone) {
      this.topDone = false;
      this.heapSiftDown(0, time, slot, this.heapSize);
    } else this.heapInsert(time, slot);
    return slot;
  }

  /**
   * Inserts an event at `time` that the caller knows is ≥ every queued FIFO event's time and has
   * priority 0: the simulator uses this for zero-delay events at the current time.
   */
  pushNow(time: number, target: number, kind: number, arg: number): number {
    const slot = this.allocSlot();
    this.times[slot] = time;
    this.orders[slot] = this.seq++;
    this.targets[slot] = target;
    this.kinds[slot] = kind;
    this.args[slot] = arg;
    this.wheres[slot] = IN_FIFO;
    if (this.fifoSize === this.fifo.length) this.growFifo();
    this.fifo[(this.fifoHead + this.fifoSize) & (this.fifo.length - 1)] = slot;
    this.fifoSize++;
    return slot;
  }

  /** Time of the next event, or Infinity when empty. */
  peekTime(): number {
    if (this.topDone) this.settleTop();
    const h = this.heapSize > 0 ? this.heapTimes[0] : Number.POSITIVE_INFINITY;
    if (this.fifoSize === 0) return h;
    const f = this.times[this.fifo[this.fifoHead]];
    return Math.min(f, h);
  }

  /** Removes the next event into (time, target, kind, arg). Returns false when empty. */
  pop(): boolean {
    return this.popUntil(Number.POSITIVE_INFINITY);
  }

  /**
   * Removes the next event into (time, target, kind, arg) if its time is ≤ until; returns false
   * (and leaves the queue as it was) otherwise or when empty. One call per event in the kernel's
   * loop: choosing between FIFO head and heap top once, instead of in peekTime() and again in pop().
   */
  popUntil(until: number): boolean {
    let slot: number;
    let time: number;
    let fromHeap: boolean;
    if (this.topDone) this.settleTop();
    if (this.fifoSize > 0) {
      slot = this.fifo[this.fifoHead];
      time = this.times[slot];
      fromHeap = false;
      if (this.heapSize > 0) {
        const th = this.heapTimes[0];
        const h = this.heapSlots[0];
        if (th < time || (th === time && this.orders[h] < this.orders[slot])) {
          slot = h;
          time = th;
          fromHeap = true;
        }
      }
    } else if (this.heapSize > 0) {
      slot = this.heapSlots[0];
      time = this.heapTimes[0];
      fromHeap = true;
    } else {
      return false;
    }
    if (!(time <= until)) return false;
    if (fromHeap) this.topDone = true;
    else {
      this.fifoHead = (this.fifoHead + 1) & (this.fifo.length - 1);
      this.fifoSize--;
    }
    this.time = time;
    this.target = this.targets[slot];
    this.kind = this.kinds[slot];
    this.arg = this.args[slot];
    this.freeSlot(slot);
    return true;
  }

  /**
   * Removes a pending event. A heap event is found by a scan (cancel is rare) and removed in
   * O(log n); a FIFO event is turned into a no-op (kind −1) because it leaves within the current
   * instant anyway.
   */
  cancel(slot: number): void {
    const where = this.wheres[slot];
    if (where === IN_FIFO) {
      this.kinds[slot] = -1;
      return;
    }
    if (where !== IN_HEAP) return;
    if (this.topDone) this.settleTop();
    const slots = this.heapSlots;
    for (let pos = 0; pos < this.heapSize; pos++) {
      if (slots[pos] !== slot) continue;
      this.heapRemoveAt(pos);
      this.freeSlot(slot);
      return;
    }
  }

  /** Removes the done root (see the header). */
  private settleTop(): void {
    this.topDone = false;
    this.heapRemoveAt(0);
  }

  private heapInsert(time: number, slot: number): void {
    const times = this.heapTimes;
    const slots = this.heapSlots;
    const orders = this.orders;
    let i = this.heapSize++;
    // Sift up with a hole instead of swaps.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const tp = times[parent];
      if (tp < time || (tp === time && orders[slots[parent]] < orders[slot])) break;
      times[i] = tp;
      slots[i] = slots[parent];
      i = parent;
    }
    times[i] = time;
    slots[i] = slot;
  }

  private heapRemoveAt(pos: number): void {
    const times = this.heapTimes;
    const slots = this.heapSlots;
    const orders = this.orders;
    const n = --this.heapSize;
    if (pos === n) return;
    // Put the last entry in the hole at pos, then sift it whichever way it needs to go.
    const t = times[n];
    const slot = slots[n];
    let i = pos;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const tp = times[parent];
      if (tp < t || (tp === t && orders[slots[parent]] < orders[slot])) break;
      times[i] = tp;
      slots[i] = slots[parent];
      i = parent;
    }
    if (i === pos) this.heapSiftDown(i, t, slot, n);
    else {
      times[i] = t;
      slots[i] = slot;
    }
  }

  /** Puts (t, slot) in the hole at `i` of a heap of `n` entries and sifts it down. */
  private heapSiftDown(i: number, t: number, slot: number, n: number): void {
    const times = this.heapTimes;
    const slots = this.heapSlots;
    const orders = this.orders;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let tc = times[child];
      const right = child + 1;
      if (right < n) {
        const tr = times[right];
        if (tr < tc || (tr === tc && orders[slots[right]] < orders[slots[child]])) {
          child = right;
          tc = tr;
        }
      }
      if (t < tc || (t === tc && orders[slot] < orders[slots[child]])) break;
      times[i] = tc;
      slots[i] = slots[child];
      i = child;
    }
    times[i] = t;
    slots[i] = slot;
  }

  private allocSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount];
    if (this.slotCount === this.times.length) this.grow();
    return this.slotCount++;
  }

  private freeSlot(slot: number): void {
    this.wheres[slot] = FREE;
    this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const n = this.times.length * 2;
    this.times = grown(this.times, n);
    this.orders = grown(this.orders, n);
    this.targets = grown(this.targets, n);
    this.kinds = grown(this.kinds, n);
    this.args = grown(this.args, n);
    const wheres = new Uint8Array(n);
    wheres.set(this.wheres);
    this.wheres = wheres;
    this.heapTimes = grown(this.heapTimes, n);
    this.heapSlots = grown(this.heapSlots, n);
    this.freeSlots = grown(this.freeSlots, n);
  }

  private growFifo(): void {
    this.fifo = growRing(this.fifo, this.fifoHead, this.fifoSize);
    this.fifoHead = 0;
  }
}
