/**
 * The queue's visibility deadlines: every delivery gets the same timeout, so deadlines come in
 * delivery order and a ring of (slot, receipt, serial, deadline) with ONE pending timer serves them
 * all (DESIGN §2), as CallDeadlines does for request timeouts.
 *
 * An entry is live while its job is still in flight on that very delivery: same job (serial, as
 * slots are reused), same receipt (not redelivered since), not acked. Acked deliveries stay in the
 * ring and are skipped, so the ring holds about the deliveries in flight.
 */
import { growRing } from '../engine/rings';
import type { Simulator } from '../engine/simulator';
import { IN_FLIGHT, type JobTable } from './jobTable';

export class VisibilityRing {
  private slots = new Int32Array(64);
  private receipts = new Int32Array(64);
  private serials = new Float64Array(64);
  private deadlines = new Float64Array(64);
  private head = 0;
  private size = 0;
  private timer = -1;

  /** The timer is event `kind` for handler `target`; the owner passes it to fired(). */
  constructor(
    private readonly sim: Simulator,
    private readonly jobs: JobTable,
    private readonly target: number,
    private readonly kind: number,
  ) {}

  /** Remembers delivery `receipt` of the job in `slot` until `deadline` (ms, in delivery order). */
  arm(slot: number, receipt: number, deadline: number): void {
    if (this.size === this.slots.length) this.grow();
    const at = (this.head + this.size) & (this.slots.length - 1);
    this.slots[at] = slot;
    this.receipts[at] = receipt;
    this.serials[at] = this.jobs.serial[slot];
    this.deadlines[at] = deadline;
    this.size++;
    if (this.timer < 0) this.timer = this.sim.scheduleAt(deadline, this.target, this.kind, 0);
  }

  /** The timer event arrived: call expired() until it returns −1, then rearm(). */
  fired(): void {
    this.timer = -1;
  }

  /** Slot of the next delivery whose deadline has passed and that is still unacked, or −1. */
  expired(): number {
    const now = this.sim.now;
    const mask = this.slots.length - 1;
    while (this.size > 0 && this.deadlines[this.head] <= now) {
      const at = this.head;
      this.head = (this.head + 1) & mask;
      this.size--;
      if (this.live(at)) return this.slots[at];
    }
    return -1;
  }

  /** Forgets settled deliveries at the head, then schedules the timer for the earliest left. */
  rearm(): void {
    this.dropSettled();
    if (this.size > 0) this.timer = this.sim.scheduleAt(this.deadlines[this.head], this.target, this.kind, 0);
  }

  /** Forgets acked or redelivered deliveries at the head of the ring. */
  dropSettled(): void {
    const mask = this.slots.length - 1;
    while (this.size > 0 && !this.live(this.head)) {
      this.head = (this.head + 1) & mask;
      this.size--;
    }
  }

  /** Whether ring entry `at` is a delivery still waiting for its ack. */
  private live(at: number): boolean {
    const slot = this.slots[at];
    const jobs = this.jobs;
    return (
      jobs.state[slot] === IN_FLIGHT &&
      jobs.serial[slot] === this.serials[at] &&
      jobs.deliveries[slot] === this.receipts[at]
    );
  }

  private grow(): void {
    const n = this.slots.length * 2;
    this.slots = growRing(this.slots, this.head, this.size, n);
    this.receipts = growRing(this.receipts, this.head, this.size, n);
    this.serials = growRing(this.serials, this.head, this.size, n);
    this.deadlines = growRing(this.deadlines, this.head, this.size, n);
    this.head = 0;
  }
}
