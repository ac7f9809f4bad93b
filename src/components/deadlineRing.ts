/**
 * Deadlines that come in the order they are armed — every entry of one owner has the same timeout
 * — held in a ring with ONE pending timer for all of them (DESIGN §2: a FIFO with one timeout value
 * needs one timer, not one per waiting entry). Used for request and downstream-call timeouts
 * (CallDeadlines) and the queue's visibility timeouts (VisibilityRing).
 *
 * Each entry carries two integers and one number, which the owner reads to tell whether the
 * entry still waits (live) or was settled meanwhile (answered, acked…). Settled entries are not
 * searched for and removed: they are skipped when they reach the head, so the ring holds about
 * the entries still out.
 */
import { growRing } from '../engine/rings';
import type { Simulator } from '../engine/simulator';

export abstract class DeadlineRing {
  private ints = new Int32Array(64);
  private ints2 = new Int32Array(64);
  private nums = new Float64Array(64);
  private deadlines = new Float64Array(64);
  private head = 0;
  private size = 0;
  private timer = -1;

  /** The timer is event `kind` for handler `target`; the owner passes it to fired(). */
  constructor(
    protected readonly sim: Simulator,
    private readonly target: number,
    private readonly kind: number,
  ) {}

  /** Whether the entry (i, j, x) still waits for its deadline. */
  protected abstract live(i: number, j: number, x: number): boolean;

  /** Adds an entry due at `deadline` (ms; never earlier than the deadlines already held). */
  protected push(i: number, j: number, x: number, deadline: number): void {
    if (this.size === this.ints.length) this.grow();
    const at = (this.head + this.size) & (this.ints.length - 1);
    this.ints[at] = i;
    this.ints2[at] = j;
    this.nums[at] = x;
    this.deadlines[at] = deadline;
    this.size++;
    if (this.timer < 0) this.timer = this.sim.scheduleAt(deadline, this.target, this.kind, 0);
  }

  /** The timer event arrived: take the expired entries until none is left, then rearm(). */
  fired(): void {
    this.timer = -1;
  }

  /**
   * Removes the next live entry whose deadline has passed and returns its first integer, or −1
   * when there is none (settled entries on the way are dropped).
   */
  protected takeExpired(): number {
    const now = this.sim.now;
    const mask = this.ints.length - 1;
    while (this.size > 0 && this.deadlines[this.head] <= now) {
      const at = this.head;
      this.head = (this.head + 1) & mask;
      this.size--;
      if (this.live(this.ints[at], this.ints2[at], this.nums[at])) return this.ints[at];
    }
    return -1;
  }

  /** Schedules the timer for the deadline at the head (settled or not). */
  rearm(): void {
    if (this.size > 0) this.timer = this.sim.scheduleAt(this.deadlines[this.head], this.target, this.kind, 0);
  }

  /** Forgets settled entries at the head of the ring. */
  dropSettled(): void {
    const mask = this.ints.length - 1;
    while (this.size > 0 && !this.live(this.ints[this.head], this.ints2[this.head], this.nums[this.head])) {
      this.head = (this.head + 1) & mask;
      this.size--;
    }
  }

  private grow(): void {
    const n = this.ints.length * 2;
    this.ints = growRing(this.ints, this.head, this.size, n);
    this.ints2 = growRing(this.ints2, this.head, this.size, n);
    this.nums = growRing(this.nums, this.head, this.size, n);
    this.deadlines = growRing(this.deadlines, this.head, this.size, n);
    this.head = 0;
  }
}
