/**
 * Keys being fetched after a coalesced miss, each with the gets waiting for it. Waiters are chained
 * by call id through one Int32Array, flights live in recycled slots, and deadlines (all
 * COALESCE_TIMEOUT_MS after the miss, so in opening order) sit in a FIFO ring that one timer
 * serves. Allocation-free once grown; never iterated in an order that could differ between runs.
 */
import { grown, growRing } from '../engine/rings';

export class InFlightTable {
  private readonly slotOf = new Map<number, number>();
  private fKey = new Float64Array(64);
  private fHead = new Int32Array(64);
  private fTail = new Int32Array(64);
  /** Bumped when a slot's flight closes, so stale deadline entries can tell. */
  private fGen = new Int32Array(64);
  private used = 0;
  private free: number[] = [];
  private nextOf = new Int32Array(1024);
  private ringSlot = new Int32Array(64);
  private ringGen = new Int32Array(64);
  private ringAt = new Float64Array(64);
  private ringHead = 0;
  private ringSize = 0;

  /** Adds call `id` to the waiters of `key` if a fetch of it is in flight. */
  join(key: number, id: number): boolean {
    const s = this.slotOf.get(key);
    if (s === undefined) return false;
    if (id >= this.nextOf.length) this.nextOf = grown(this.nextOf, id + 1);
    this.nextOf[id] = -1;
    if (this.fTail[s] < 0) this.fHead[s] = id;
    else this.nextOf[this.fTail[s]] = id;
    this.fTail[s] = id;
    return true;
  }

  /** Marks `key` as being fetched, until `deadline` (ms) at the latest. */
  open(key: number, deadline: number): void {
    this.dropStale();
    let s = this.free.pop();
    if (s === undefined) {
      if (this.used === this.fKey.length) {
        this.fKey = grown(this.fKey, this.used + 1);
        this.fHead = grown(this.fHead, this.used + 1);
        this.fTail = grown(this.fTail, this.used + 1);
        this.fGen = grown(this.fGen, this.used + 1);
      }
      s = this.used++;
    }
    this.fKey[s] = key;
    this.fHead[s] = -1;
    this.fTail[s] = -1;
    this.slotOf.set(key, s);
    if (this.ringSize === this.ringSlot.length) this.growRing();
    const i = (this.ringHead + this.ringSize) & (this.ringSlot.length - 1);
    this.ringSlot[i] = s;
    this.ringGen[i] = this.fGen[s];
    this.ringAt[i] = deadline;
    this.ringSize++;
  }

  /**
   * Ends the flight of `key`; returns its first waiter's call id (−1 for none). Read the next one
   * with nextWaiter(id) BEFORE answering the call (an answered call may be reused at once).
   */
  close(key: number): number {
    const s = this.slotOf.get(key);
    if (s === undefined) return -1;
    this.slotOf.delete(key);
    this.fGen[s]++;
    this.free.push(s);
    return this.fHead[s];
  }

  nextWaiter(id: number): number {
    return this.nextOf[id];
  }

  /** Deadline of the oldest open flight, ms (Infinity when none). */
  nextDeadline(): number {
    this.dropStale();
    return this.ringSize > 0 ? this.ringAt[this.ringHead] : Number.POSITIVE_INFINITY;
  }

  /** The key of the oldest open flight whose deadline is ≤ now (taken off the ring), or null. */
  expiredKey(now: number): number | null {
    this.dropStale();
    if (this.ringSize === 0 || this.ringAt[this.ringHead] > now) return null;
    return this.popKey();
  }

  /** The key of the oldest open flight (taken off the ring), or null when none is open. */
  anyKey(): number | null {
    this.dropStale();
    return this.ringSize > 0 ? this.popKey() : null;
  }

  private popKey(): number {
    const key = this.fKey[this.ringSlot[this.ringHead]];
    this.ringHead = (this.ringHead + 1) & (this.ringSlot.length - 1);
    this.ringSize--;
    return key;
  }

  /** Drops ring entries of flights already closed. */
  private dropStale(): void {
    const mask = this.ringSlot.length - 1;
    while (this.ringSize > 0 && this.ringGen[this.ringHead] !== this.fGen[this.ringSlot[this.ringHead]]) {
      this.ringHead = (this.ringHead + 1) & mask;
      this.ringSize--;
    }
  }

  private growRing(): void {
    this.ringSlot = growRing(this.ringSlot, this.ringHead, this.ringSize);
    this.ringGen = growRing(this.ringGen, this.ringHead, this.ringSize);
    this.ringAt = growRing(this.ringAt, this.ringHead, this.ringSize);
    this.ringHead = 0;
  }
}
