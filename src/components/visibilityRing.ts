/**
 * The queue's visibility deadlines: every delivery gets the same timeout, so a DeadlineRing of
 * (job slot, receipt, job serial) serves them all with one timer.
 *
 * An entry is live while its job is still in flight on that very delivery: same job (serial, as
 * slots are reused), same receipt (not redelivered since), not acked.
 */
import type { Simulator } from '../engine/simulator';
import { DeadlineRing } from './deadlineRing';
import { IN_FLIGHT, type JobTable } from './jobTable';

export class VisibilityRing extends DeadlineRing {
  constructor(
    sim: Simulator,
    private readonly jobs: JobTable,
    target: number,
    kind: number,
  ) {
    super(sim, target, kind);
  }

  /** Remembers delivery `receipt` of the job in `slot` until `deadline` (ms, in delivery order). */
  arm(slot: number, receipt: number, deadline: number): void {
    this.push(slot, receipt, this.jobs.serial[slot], deadline);
  }

  protected live(slot: number, receipt: number, serial: number): boolean {
    const jobs = this.jobs;
    return (
      jobs.state[slot] === IN_FLIGHT && jobs.serial[slot] === serial && jobs.deliveries[slot] === receipt
    );
  }

  /** Slot of the next delivery whose deadline has passed and that is still unacked, or −1. */
  expired(): number {
    return this.takeExpired();
  }

  /** Forgets settled deliveries at the head, then schedules the timer for the earliest left. */
  override rearm(): void {
    this.dropSettled();
    super.rearm();
  }
}
