/**
 * Calls that each give up after the same timeout, in the order they were sent: their deadlines
 * are in order too, so a ring of (call, generation, deadline) and ONE pending timer serve them all
 * (DESIGN §2: a FIFO with one timeout value needs one timer, not one per waiting request).
 * A call answered before its deadline is left in the ring and skipped later: its generation moved
 * on when it was released. Used by the client (request timeouts) and the app server (downstream
 * call timeouts).
 */
import { growRing } from '../engine/rings';
import type { Simulator } from '../engine/simulator';
import type { Call, CallPool } from './call';

export class CallDeadlines {
  private ids = new Int32Array(64);
  private gens = new Int32Array(64);
  private deadlines = new Float64Array(64);
  private head = 0;
  private size = 0;
  private timer = -1;

  /** The timer is event `kind` for handler `target`; the owner passes it to fired(). */
  constructor(
    private readonly sim: Simulator,
    private readonly calls: CallPool,
    private readonly target: number,
    private readonly kind: number,
  ) {}

  /** Remembers `call` until `deadline` (ms; never earlier than the deadlines already held). */
  arm(call: Call, deadline: number): void {
    if (this.size === this.ids.length) this.grow();
    const at = (this.head + this.size) & (this.ids.length - 1);
    this.ids[at] = call.id;
    this.gens[at] = call.gen;
    this.deadlines[at] = deadline;
    this.size++;
    if (this.timer < 0) this.timer = this.sim.scheduleAt(deadline, this.target, this.kind, 0);
  }

  /** The timer event arrived: call expired() until it returns null, then rearm(). */
  fired(): void {
    this.timer = -1;
  }

  /** The next call whose deadline has passed and that still waits (not answered, not abandoned). */
  expired(): Call | null {
    const now = this.sim.now;
    const mask = this.ids.length - 1;
    while (this.size > 0 && this.deadlines[this.head] <= now) {
      const call = this.calls.get(this.ids[this.head]);
      const live = call.gen === this.gens[this.head] && !call.abandoned;
      this.head = (this.head + 1) & mask;
      this.size--;
      if (live) return call;
    }
    return null;
  }

  /** Schedules the timer for the earliest deadline still held. */
  rearm(): void {
    if (this.size > 0) this.timer = this.sim.scheduleAt(this.deadlines[this.head], this.target, this.kind, 0);
  }

  /** Forgets answered calls at the head, so the ring holds about the calls still out. */
  dropAnswered(): void {
    const mask = this.ids.length - 1;
    while (this.size > 0) {
      const call = this.calls.get(this.ids[this.head]);
      if (call.gen === this.gens[this.head] && !call.abandoned) break;
      this.head = (this.head + 1) & mask;
      this.size--;
    }
  }

  private grow(): void {
    this.ids = growRing(this.ids, this.head, this.size);
    this.gens = growRing(this.gens, this.head, this.size);
    this.deadlines = growRing(this.deadlines, this.head, this.size);
    this.head = 0;
  }
}
