/**
 * The discrete-event kernel: simulated time, the event queue and dispatch.
 *
 * Handlers are registered once (components, clients); an event names its handler by index and
 * carries an integer kind and argument, so no closure or object is allocated per event.
 * Knows nothing of caches or databases.
 */
import { EventQueue, MAX_PRIORITY } from './eventQueue';

/** Something that receives events. `kind` and `arg` mean whatever the handler decides. */
export interface EventHandler {
  handle(kind: number, arg: number): void;
}

/**
 * Watches events one by one (breakpoints, stepping, the event log): only runObserved() calls it,
 * so the plain runUntil() loop pays nothing for it.
 */
export interface EventObserver {
  /** Before the event runs (sim.now is already its time): its handler index, kind and argument. */
  before(target: number, kind: number, arg: number): void;
  /** After it ran: true stops the run right after this event (now stays at its time). */
  after(): boolean;
}

/** Kind of a cancelled FIFO event: skipped by the loop. */
const CANCELLED = -1;

export class Simulator {
  /** Simulated time in ms. Never decreases. */
  now = 0;
  /** Events dispatched so far. */
  eventCount = 0;
  private readonly queue = new EventQueue(4096);
  private readonly handlers: EventHandler[] = [];

  /** Registers a handler; the returned index is what schedule() takes. */
  register(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /**
   * Schedules `handlers[target].handle(kind, arg)` after `delay` ms (≥ 0). Priority breaks ties
   * at equal times (lower first; 0 by default). Returns a handle for cancel(), valid until the
   * event fires or is cancelled — a handler that keeps one must forget it when the event fires.
   */
  schedule(delay: number, target: number, kind: number, arg: number, priority = 0): number {
    // The common cases first, in a body small enough to inline into the components' hot paths.
    if (priority === 0) {
      if (delay === 0) return this.queue.pushNow(this.now, target, kind, arg);
      if (delay > 0) return this.queue.push(this.now + delay, 0, target, kind, arg);
    }
    return this.scheduleChecked(delay, target, kind, arg, priority);
  }

  /** schedule() with a priority, or a delay that is not a positive number (validated here). */
  private scheduleChecked(
    delay: number,
    target: number,
    kind: number,
    arg: number,
    priority: number,
  ): number {
    if (!(delay >= 0) || priority < 0 || priority >= MAX_PRIORITY) {
      throw new RangeError(`schedule: bad delay ${delay} or priority ${priority}`);
    }
    return this.queue.push(this.now + delay, priority, target, kind, arg);
  }

  /** Schedules at an absolute time ≥ now. */
  scheduleAt(time: number, target: number, kind: number, arg: number, priority = 0): number {
    return this.schedule(time > this.now ? time - this.now : 0, target, kind, arg, priority);
  }

  cancel(handle: number): void {
    this.queue.cancel(handle);
  }

  /** Time of the next pending event (Infinity when none). */
  nextTime(): number {
    return this.queue.peekTime();
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Set by halt(): the run was ended early (a work budget); nothing more is dispatched. */
  halted = false;
  private haltedAt = 0;
  /** Events popped after the halt (dropped, not dispatched), not yet taken off the counts. */
  private dropped = 0;

  /**
   * Ends the run at the event being handled: every event still pending, and any the current
   * handler goes on to schedule, is dropped without being dispatched. Each handler is swapped for a
   * no-op, so the loops below stay as they are (no check per event); after the loop, now is the
   * halting event's time and the dropped events are not counted.
   */
  halt(): void {
    if (this.halted) return;
    this.halted = true;
    this.haltedAt = this.now;
    const drop: EventHandler = {
      handle: () => {
        this.dropped++;
      },
    };
    this.handlers.fill(drop);
  }

  /** After a loop that met the halt: time back to the halting event; returns the events to uncount. */
  private settleHalt(): number {
    const d = this.dropped;
    this.dropped = 0;
    this.now = this.haltedAt;
    return d;
  }

  /**
   * Runs every event with time ≤ until, then sets now = until (when until is finite).
   * Running to T in one call or in many slices processes the same events in the same order.
   * Returns the number of events dispatched.
   */
  runUntil(until: number): number {
    const q = this.queue;
    const handlers = this.handlers;
    let n = 0;
    while (q.popUntil(until)) {
      const kind = q.kind;
      if (kind === CANCELLED) continue;
      this.now = q.time;
      n++;
      handlers[q.target].handle(kind, q.arg);
    }
    if (this.halted) n -= this.settleHalt();
    else if (until > this.now && until !== Number.POSITIVE_INFINITY) this.now = until;
    this.eventCount += n;
    return n;
  }

  /** True when the last runObserved() returned because its observer asked to stop. */
  stopped = false;

  /**
   * runUntil() with an observer told of each event before and after it runs; stops right after an
   * event for which observer.after() is true (then now is that event's time, not `until`, and the
   * events still due at that time stay queued). Same events in the same order as runUntil().
   */
  runObserved(until: number, observer: EventObserver): number {
    const q = this.queue;
    const handlers = this.handlers;
    let n = 0;
    this.stopped = false;
    while (q.popUntil(until)) {
      const kind = q.kind;
      if (kind === CANCELLED) continue;
      this.now = q.time;
      n++;
      this.eventCount++;
      observer.before(q.target, kind, q.arg);
      handlers[q.target].handle(kind, q.arg);
      if (observer.after()) {
        this.stopped = true;
        return n;
      }
    }
    if (this.halted) {
      const d = this.settleHalt();
      this.eventCount -= d;
      return n - d;
    }
    if (until > this.now && until !== Number.POSITIVE_INFINITY) this.now = until;
    return n;
  }
}
