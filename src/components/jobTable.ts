/**
 * The queue's job records, one slot per job in parallel typed arrays (no object per job), with a
 * free list so slots are reused once a job is acked and no delivery of it is still out.
 */

import { grown } from '../engine/rings';

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
  nextSerial = 1;
  /** Slots ever handed out. */
  used = 0;
  private freeSlots = new Int32Array(256);
  private freeCount = 0;

  alloc(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount];
    if (this.used === this.key.length) this.grow();
    return this.used++;
  }

  free(slot: number): void {
    this.state[slot] = FREE;
    this.applied[slot] = 0;
    this.deliveries[slot] = 0;
    this.serial[slot] = 0;
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
    this.freeSlots = grown(this.freeSlots, n);
  }
}
