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
 */

const SEQ_SPAN = 2 ** 45;
/** Highest allowed priority (exclusive). Lower numbers run first at equal times. */
export const MAX_PRIORITY = 128;

const NOT_QUEUED = -1;
const IN_FIFO = -2;

export class EventQueue {
  private times: Float64Array;
  private orders: Float64Array;
  private targets: Int32Array;
  private kinds: Int32Array;
  private args: Int32Array;
  /** Position of each slot in the heap, or NOT_QUEUED / IN_FIFO. */
  private positions: Int32Array;
  private heap: Int32Array;
  private heapSize = 0;
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
    const n = Math.max(16, initialCapacity);
    this.times = new Float64Array(n);
    this.orders = new Float64Array(n);
    this.targets = new Int32Array(n);
    this.kinds = new Int32Array(n);
    this.args = new Int32Array(n);
    this.positions = new Int32Array(n).fill(NOT_QUEUED);
    this.heap = new Int32Array(n);
    this.freeSlots = new Int32Array(n);
    this.fifo = new Int32Array(n);
  }

  get size(): number {
    return this.heapSize + this.fifoSize;
  }

  /** Inserts an event; returns its slot, a handle valid until the event is popped or cancelled. */
  push(time: number, priority: number, target: number, kind: number, arg: number): number {
    const slot = this.allocSlot();
    const order = priority * SEQ_SPAN + this.seq++;
    this.times[slot] = time;
    this.orders[slot] = order;
    this.targets[slot] = target;
    this.kinds[slot] = kind;
    this.args[slot] = arg;
    this.heapInsert(slot);
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
    if (this.fifoSize === this.fifo.length) this.growFifo();
    this.fifo[(this.fifoHead + this.fifoSize) % this.fifo.length] = slot;
    this.fifoSize++;
    this.positions[slot] = IN_FIFO;
    return slot;
  }

  /** Time of the next event, or Infinity when empty. */
  peekTime(): number {
    const h = this.heapSize > 0 ? this.times[this.heap[0]] : Number.POSITIVE_INFINITY;
    if (this.fifoSize === 0) return h;
    const f = this.times[this.fifo[this.fifoHead]];
    return Math.min(f, h);
  }

  /** Removes the next event into (time, target, kind, arg). Returns false when empty. */
  pop(): boolean {
    let slot: number;
    if (this.fifoSize > 0 && (this.heapSize === 0 || this.fifoFirst())) {
      slot = this.fifo[this.fifoHead];
      this.fifoHead = (this.fifoHead + 1) % this.fifo.length;
      this.fifoSize--;
    } else if (this.heapSize > 0) {
      slot = this.heap[0];
      this.heapRemoveAt(0);
    } else {
      return false;
    }
    this.time = this.times[slot];
    this.target = this.targets[slot];
    this.kind = this.kinds[slot];
    this.arg = this.args[slot];
    this.freeSlot(slot);
    return true;
  }

  /**
   * Removes a pending event. Heap events are removed in O(log n); a FIFO event is turned into a
   * no-op (kind −1) because it leaves within the current instant anyway.
   */
  cancel(slot: number): void {
    const pos = this.positions[slot];
    if (pos === NOT_QUEUED) return;
    if (pos === IN_FIFO) {
      this.kinds[slot] = -1;
      return;
    }
    this.heapRemoveAt(pos);
    this.freeSlot(slot);
  }

  /** True when the FIFO head comes before the heap top. */
  private fifoFirst(): boolean {
    const f = this.fifo[this.fifoHead];
    const h = this.heap[0];
    const tf = this.times[f];
    const th = this.times[h];
    return tf < th || (tf === th && this.orders[f] < this.orders[h]);
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a];
    const tb = this.times[b];
    return ta < tb || (ta === tb && this.orders[a] < this.orders[b]);
  }

  private heapInsert(slot: number): void {
    let i = this.heapSize++;
    const heap = this.heap;
    // Sift up with a hole instead of swaps.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!this.less(slot, p)) break;
      heap[i] = p;
      this.positions[p] = i;
      i = parent;
    }
    heap[i] = slot;
    this.positions[slot] = i;
  }

  private heapRemoveAt(pos: number): void {
    const heap = this.heap;
    const last = heap[--this.heapSize];
    if (pos === this.heapSize) return;
    // Put `last` in the hole at pos, then sift it whichever way it needs to go.
    let i = pos;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!this.less(last, p)) break;
      heap[i] = p;
      this.positions[p] = i;
      i = parent;
    }
    if (i === pos) {
      const n = this.heapSize;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        const right = child + 1;
        if (right < n && this.less(heap[right], heap[child])) child = right;
        const c = heap[child];
        if (!this.less(c, last)) break;
        heap[i] = c;
        this.positions[c] = i;
        i = child;
      }
    }
    heap[i] = last;
    this.positions[last] = i;
  }

  private allocSlot(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount];
    if (this.slotCount === this.times.length) this.grow();
    return this.slotCount++;
  }

  private freeSlot(slot: number): void {
    this.positions[slot] = NOT_QUEUED;
    this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const n = this.times.length * 2;
    this.times = growF64(this.times, n);
    this.orders = growF64(this.orders, n);
    this.targets = growI32(this.targets, n);
    this.kinds = growI32(this.kinds, n);
    this.args = growI32(this.args, n);
    const positions = growI32(this.positions, n);
    positions.fill(NOT_QUEUED, this.positions.length);
    this.positions = positions;
    this.heap = growI32(this.heap, n);
    this.freeSlots = growI32(this.freeSlots, n);
  }

  private growFifo(): void {
    const old = this.fifo;
    const next = new Int32Array(old.length * 2);
    for (let i = 0; i < this.fifoSize; i++) next[i] = old[(this.fifoHead + i) % old.length];
    this.fifo = next;
    this.fifoHead = 0;
  }
}

function growF64(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

function growI32(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
