/**
 * Calls that each give up after the same timeout, in the order they were sent: a DeadlineRing of
 * (call id, generation). A call answered before its deadline stays in the ring and is skipped
 * later: its generation moved on when it was released. Used by the client (request timeouts) and
 * the app server (downstream call timeouts).
 */
import type { Simulator } from '../engine/simulator';
import type { Call, CallPool } from './call';
import { DeadlineRing } from './deadlineRing';

export class CallDeadlines extends DeadlineRing {
  constructor(
    sim: Simulator,
    private readonly calls: CallPool,
    target: number,
    kind: number,
  ) {
    super(sim, target, kind);
  }

  /** Remembers `call` until `deadline` (ms; never earlier than the deadlines already held). */
  arm(call: Call, deadline: number): void {
    this.push(call.id, call.gen, 0, deadline);
  }

  /** A call still waits while it is the same use of its pool slot and nobody gave up on it. */
  protected live(id: number, gen: number): boolean {
    const call = this.calls.get(id);
    return call.gen === gen && !call.abandoned;
  }

  /** The next call whose deadline has passed and that still waits (not answered, not abandoned). */
  expired(): Call | null {
    const id = this.takeExpired();
    return id < 0 ? null : this.calls.get(id);
  }
}
