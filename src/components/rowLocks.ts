/**
 * Row locks of a database primary: writes to the same key are serialised in arrival order.
 *
 * Per key, the writes in line form a FIFO: the head holds the lock, the others wait (each still
 * holding its DB connection, as a real session blocked on a row lock does). The FIFO is an
 * intrusive list over call ids — `next[id]` is the call behind `id` — and the map keeps only the
 * tail of each line, so a key costs one Map entry while some write holds or waits for it and
 * nothing once its line is empty. No allocation per write besides that entry.
 */

import { grown } from '../engine/rings';

export class RowLocks {
  /** Key → call id of the last write in its line (the holder when nobody waits). */
  private readonly tails = new Map<number, number>();
  /** Call id → call id waiting behind it for the same key, −1 for none. */
  private next = new Int32Array(64);
  /** Writes now waiting for a lock (not counting the holders). */
  waiting = 0;

  /** Keys now locked (memory check: bounded by the writes in flight). */
  get size(): number {
    return this.tails.size;
  }

  /** Call `id` wants the lock of `key`: true = it holds it now, false = it waits in line. */
  acquire(key: number, id: number): boolean {
    if (id >= this.next.length) this.grow(id);
    this.next[id] = -1;
    const tail = this.tails.get(key);
    this.tails.set(key, id);
    if (tail === undefined) return true;
    this.next[tail] = id;
    this.waiting++;
    return false;
  }

  /** The holder `id` of `key` commits: returns the call id that holds the lock now, or −1. */
  release(key: number, id: number): number {
    const heir = this.next[id];
    if (heir < 0) {
      this.tails.delete(key);
      return -1;
    }
    this.next[id] = -1;
    this.waiting--;
    return heir;
  }

  private grow(id: number): void {
    this.next = grown(this.next, id + 1);
  }
}
