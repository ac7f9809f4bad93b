/**
 * The queue's job records, one slot per job in parallel typed arrays (no object per job), with a
 * free list so slots are reused once a job is acked and no delivery of it is still out.
 */

import { grown, growRing } from '../engine/rings';
import type { HeldWork } from './heldWork';

/** Job states. */
export const FREE = 0;
export const WAITING = 1;
export const IN_FLIGHT = 2;
export const ACKED = 3;
/** Its last allowed delivery expired (maxReceives): set aside, never delivered again. */
export const DEAD_LETTERED = 4;

export class JobTable {
  key = new Int32Array(256);
  enqueuedAt = new Float64Array(256);
  /** A serial per job, never reused: stale deque and deadline entries compare it. */
  serial = new Float64Array(256);
  /** Deliveries so far; the latest is the receipt an ack must carry. */
  deliveries = new Int32Array(256);
  /** Deliveries sent and not yet answered by a worker. */
  outstanding = new Int32Array(256);
  state = new Uint8Array(256);
  /** The job's side effect was applied (its DB write committed) by some delivery. */
  applied = new Uint8Array(256);
  /** The RequestTracer's slot of the request that enqueued it, when traced; 0 otherwise. */
  trace = new Int32Array(256);
  nextSerial = 1;
  /** Slots ever handed out. */
  used = 0;
  private freeSlots = new Int32Array(256);
  private freeCount = 0;

  /** @param held the run's work budget, told of every slot the table grows by. */
  constructor(private readonly held: HeldWork | null = null) {}

  alloc(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount];
    if (this.used === this.key.length) this.grow();
    this.held?.take('job');
    return this.used++;
  }

  free(slot: number): void {
    this.state[slot] = FREE;
    this.applied[slot] = 0;
    this.deliveries[slot] = 0;
    this.serial[slot] = 0;
    this.trace[slot] = 0;
    this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const n = this.key.length * 2;
    this.key = grown(this.key, n);
    this.enqueuedAt = grown(this.enqueuedAt, n);
    this.serial = grown(this.serial, n);
    this.deliveries = grown(this.deliveries, n);
    this.outstanding = grown(this.outstanding, n);
    this.state = grown(this.state, n);
    this.applied = grown(this.applied, n);
    this.trace = grown(this.trace, n);
    this.freeSlots = grown(this.freeSlots, n);
  }
}

/**
 * The queue's visible jobs in delivery order: a deque of (slot, serial). New jobs join at the back,
 * expired deliveries at the front (they are among the oldest). A job acked while visible (a late
 * ack) leaves a stale entry, told by its state or serial and skipped.
 */
export class WaitingJobs {
  private slots = new Int32Array(64);
  private serials = new Float64Array(64);
  private head = 0;
  private size = 0;

  constructor(private readonly jobs: JobTable) {}

  /** Marks the job in `slot` waiting and puts it at the back, or at the front when `front`. */
  push(slot: number, front: boolean): void {
    this.jobs.state[slot] = WAITING;
    if (this.size === this.slots.length) {
      const n = this.slots.length * 2;
      this.slots = growRing(this.slots, this.head, this.size, n);
      this.serials = growRing(this.serials, this.head, this.size, n);
      this.head = 0;
    }
    const mask = this.slots.length - 1;
    let at: number;
    if (front) at = this.head = (this.head + mask) & mask;
    else at = (this.head + this.size) & mask;
    this.slots[at] = slot;
    this.serials[at] = this.jobs.serial[slot];
    this.size++;
  }

  /** Slot of the first live waiting job, or −1 when none waits. */
  first(): number {
    const mask = this.slots.length - 1;
    for (let i = 0; i < this.size; i++) {
      const at = (this.head + i) & mask;
      if (this.live(at)) return this.slots[at];
    }
    return -1;
  }

  /** Removes and returns the first live waiting job (the caller checked there is one). */
  shift(): number {
    const mask = this.slots.length - 1;
    for (;;) {
      const at = this.head;
      this.head = (this.head + 1) & mask;
      this.size--;
      if (this.live(at)) return this.slots[at];
    }
  }

  private live(at: number): boolean {
    const slot = this.slots[at];
    return this.jobs.state[slot] === WAITING && this.jobs.serial[slot] === this.serials[at];
  }
}
