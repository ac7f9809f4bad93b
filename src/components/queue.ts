/**
 * queue: a message broker between producers (app servers sending Op.enqueue calls for async
 * writes) and consumers (workers connected by queue → worker edges).
 *
 * - Accepted enqueue → a job is created and the enqueue call is answered ok at once. Full means
 *   `capacity` jobs are waiting (visible); jobs delivered and not yet acked do not count, as in a
 *   broker's ready-message limit. Full + "reject" → "queue full"; full + "block" → the enqueue call
 *   waits here, FIFO, and is answered when space frees: the producer's slot stays held
 *   (backpressure).
 * - Delivery is push: a waiting job goes to a worker instance with a free slot (round-robin over
 *   workers); a worker that frees a slot pulls the next job (`pullFor`). The job travels as a call
 *   (op write, the job's key); its ok answer is the ack.
 * - At-least-once: a delivered job is invisible until acked. After `visibilityTimeout` without an
 *   ack it becomes visible again at the FRONT of the queue (it is among the oldest) and is
 *   redelivered. An ack is valid only for the job's latest delivery (a receipt); a late ack of an
 *   older delivery is ignored unless the job has not been redelivered yet (then it still deletes
 *   it). The old delivery may already have applied the job's side effects: that is where
 *   duplicates come from (counted by the worker, see worker.ts).
 * - Dead letters: with `maxReceives` set, a job whose visibility expires after its last allowed
 *   delivery is moved aside (counted as dead-lettered) instead of being delivered again, so a job
 *   that always outlasts the timeout (a poison message) stops consuming workers. Without it, such
 *   a job is redelivered for ever, as on a broker with no redrive policy.
 * - The queue also keeps the "applied" mark of each job (the stand-in for the database's record of
 *   processed job ids that an idempotent worker consults). A job's record lives until it is acked
 *   AND no delivery of it is still out at a worker, so the mark is exact and memory stays bounded
 *   by the jobs in the system.
 *
 * Jobs live in typed arrays indexed by a recycled slot; a job serial tells stale ring entries.
 */
import { LatencyHistogram, summarize } from '../engine/histogram';
import { growRing } from '../engine/rings';
import { type Call, Op, Reason } from './call';
import { ACKED, DEAD_LETTERED, IN_FLIGHT, JobTable, WAITING, WaitingJobs } from './jobTable';
import { type Link, type SimContext, SimNode } from './node';
import { countsSince } from './nodeStats';
import { DEAD_LETTERED_STATUS } from './tracer';
import { VisibilityRing } from './visibilityRing';
import type { Worker } from './worker';

export interface QueueParams {
  /** Waiting jobs held before the queue is full, 1..10^7 (default 10 000). */
  capacity: number;
  /** On full: "reject" fails the enqueue ("queue full"), "block" holds it until space frees (default "reject"). */
  onFull: 'reject' | 'block';
  /** A delivered job not acked within this many ms is delivered again (default 30 000). */
  visibilityTimeout: number;
  /**
   * Deliveries a job may have, 1..1000; when the last one's visibility expires the job goes to
   * the dead-letter count instead of back to the queue. Absent = unlimited (default).
   */
  maxReceives?: number;
  /** Dollars per hour (default 0.02). */
  costPerHour: number;
}

const EV_VISIBILITY = 16;

export class Queue extends SimNode {
  /** Job records by slot (counted in the run's work budget as the table grows). */
  private readonly jobs: JobTable;
  /** Visible jobs, in delivery order. */
  private readonly visible: WaitingJobs;
  /** Deliveries awaiting their visibility deadline, in delivery order. */
  private readonly visibility: VisibilityRing;
  // ----- producers blocked on a full queue (enqueue call ids, FIFO) -----
  private blocked = new Int32Array(16);
  private bHead = 0;
  private bSize = 0;

  private workers: Link[] = [];
  private rr = 0;
  private pumping = false;

  /** Jobs waiting (visible). */
  waiting = 0;
  /** Jobs delivered and not yet acked (invisible). */
  inFlight = 0;
  /** Whole-run counters (the result reports them since the warm-up). */
  readonly counts = { enqueued: 0, acked: 0, redeliveries: 0, visibilityExpirations: 0, deadLettered: 0 };
  private readonly countsAtWarmup = { ...this.counts };
  private depthMax = 0;
  /** Enqueue → valid ack, ms (after warm-up). */
  readonly jobLatency = new LatencyHistogram();

  constructor(
    ctx: SimContext,
    id: string,
    readonly params: QueueParams,
  ) {
    super(ctx, id, 'queue');
    this.jobs = new JobTable(ctx.held);
    this.visible = new WaitingJobs(this.jobs);
    this.visibility = new VisibilityRing(ctx.sim, this.jobs, this.index, EV_VISIBILITY);
  }

  // ----- producers -----

  protected accept(call: Call): void {
    if (this.waiting < this.params.capacity && this.bSize === 0) {
      this.admit(call);
      this.pump();
    } else if (this.params.onFull === 'reject') {
      this.failHere(call, Reason.queueFull);
    } else {
      if (this.bSize === this.blocked.length) {
        this.blocked = growRing(this.blocked, this.bHead, this.bSize);
        this.bHead = 0;
      }
      this.blocked[(this.bHead + this.bSize) & (this.blocked.length - 1)] = call.id;
      this.bSize++;
    }
  }

  /** Creates the job of an enqueue call and acknowledges the producer. */
  private admit(call: Call): void {
    const slot = this.jobs.alloc();
    this.jobs.key[slot] = call.key;
    this.jobs.enqueuedAt[slot] = this.ctx.sim.now;
    const serial = this.jobs.nextSerial++;
    this.jobs.serial[slot] = serial;
    this.counts.enqueued++;
    this.makeWaiting(slot, false);
    if (call.traced && this.core.tracer.jobEnqueued(call, this.index, serial, this.ctx.sim.now))
      this.jobs.trace[slot] = call.trace;
    this.answer(call);
  }

  /** Admits blocked producers while there is room. */
  private admitBlocked(): void {
    while (this.bSize > 0 && this.waiting < this.params.capacity && !this.down) {
      const call = this.ctx.calls.get(this.blocked[this.bHead]);
      this.bHead = (this.bHead + 1) & (this.blocked.length - 1);
      this.bSize--;
      if (call.abandoned) {
        // The producer gave up waiting (its timeout, counted there): no job; the answer is dropped.
        call.status = Reason.timeout;
        call.failedAt = this.index;
        this.answer(call);
      } else {
        this.admit(call);
      }
    }
  }

  // ----- delivery -----

  /** Admits blocked producers and delivers waiting jobs to free worker slots, as far as possible. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    do this.admitBlocked();
    while (this.deliverAny());
    this.pumping = false;
  }

  /** One waiting job to the next worker (round-robin) with a free slot; false when none. */
  private deliverAny(): boolean {
    const n = this.workers.length;
    if (this.down || n === 0 || this.visible.first() < 0) return false;
    for (let k = 0; k < n; k++) {
      const link = this.workers[this.rr % n];
      this.rr = (this.rr + 1) % n;
      const inst = (link.node as Worker).reserve();
      if (inst >= 0) {
        this.deliver(link, inst);
        return true;
      }
    }
    return false;
  }

  /** A worker freed a slot: gives it the next waiting job. True when a job was sent. */
  pullFor(worker: Worker): boolean {
    if (this.down || this.visible.first() < 0) return false;
    let link: Link | null = null;
    for (const l of this.workers) if (l.node === worker) link = l;
    if (link === null) return false;
    const inst = worker.reserve();
    if (inst < 0) return false;
    this.deliver(link, inst);
    if (this.bSize > 0) this.pump();
    return true;
  }

  /** Sends the head job to `inst` of the link's worker (a slot there is already reserved). */
  private deliver(link: Link, inst: number): void {
    const t = this.ctx.sim.now;
    const slot = this.visible.shift();
    this.waiting--;
    this.stats.queue.add(t, -1);
    this.jobs.state[slot] = IN_FLIGHT;
    this.inFlight++;
    this.stats.busy.add(t, 1);
    const receipt = ++this.jobs.deliveries[slot];
    if (receipt > 1) this.counts.redeliveries++;
    this.jobs.outstanding[slot]++;
    this.visibility.arm(slot, receipt, t + this.params.visibilityTimeout);
    const call = this.ctx.calls.alloc();
    call.op = Op.write;
    call.async = true;
    call.key = this.jobs.key[slot];
    call.requestStart = this.jobs.enqueuedAt[slot];
    call.a = slot;
    call.b = inst;
    call.callerStep = receipt;
    const trace = this.jobs.trace[slot];
    if (trace !== 0) this.core.tracer.jobDelivered(trace, this.jobs.serial[slot], call, t);
    this.send(call, link);
  }

  /** A worker's answer to a delivery: ok = ack; anything else = no ack (the visibility timeout decides). */
  protected override onReply(call: Call): void {
    const slot = call.a;
    const ok = call.status === Reason.ok;
    const receipt = call.callerStep;
    this.ctx.calls.release(call);
    this.jobs.outstanding[slot]--;
    const st = this.jobs.state[slot];
    if (ok && receipt === this.jobs.deliveries[slot] && (st === IN_FLIGHT || st === WAITING)) {
      const t = this.ctx.sim.now;
      if (st === IN_FLIGHT) {
        this.inFlight--;
        this.stats.busy.add(t, -1);
      } else {
        // Late ack of a job that timed out but was not delivered again: it still deletes the job.
        this.waiting--;
        this.stats.queue.add(t, -1);
      }
      this.jobs.state[slot] = ACKED;
      this.counts.acked++;
      this.jobLatency.record(t - this.jobs.enqueuedAt[slot]);
      this.traceSettled(slot, 'ok');
      if (st === WAITING) this.pump();
    }
    this.freeIfSettled(slot);
    this.visibility.dropSettled();
  }

  /** Tells the tracer that a traced job is done with (acked or dead-lettered). */
  private traceSettled(slot: number, status: 'ok' | typeof DEAD_LETTERED_STATUS): void {
    const trace = this.jobs.trace[slot];
    if (trace !== 0) this.core.tracer.jobSettled(trace, this.jobs.serial[slot], status, this.ctx.sim.now);
  }

  /** Frees a job's record once it is acked or dead-lettered and no delivery of it is still out. */
  private freeIfSettled(slot: number): void {
    const st = this.jobs.state[slot];
    if ((st === ACKED || st === DEAD_LETTERED) && this.jobs.outstanding[slot] === 0) this.jobs.free(slot);
  }

  // ----- the applied mark (read and set by workers) -----

  /** Whether some delivery of the job in `slot` has applied its side effects. */
  isApplied(slot: number): boolean {
    return this.jobs.applied[slot] === 1;
  }

  /** The job's serial: the same for every delivery of it, never reused by another job. */
  jobSerial(slot: number): number {
    return this.jobs.serial[slot];
  }

  /** Marks the job applied; returns whether it was applied already (a double application). */
  markApplied(slot: number): boolean {
    const was = this.jobs.applied[slot] === 1;
    this.jobs.applied[slot] = 1;
    return was;
  }

  // ----- visibility timeout (one timer for all deliveries, see visibilityRing.ts) -----

  protected override onEvent(kind: number, _arg: number): void {
    if (kind !== EV_VISIBILITY) return;
    const t = this.ctx.sim.now;
    const max = this.params.maxReceives;
    let requeued = false;
    this.visibility.fired();
    for (let slot = this.visibility.expired(); slot >= 0; slot = this.visibility.expired()) {
      this.inFlight--;
      this.stats.busy.add(t, -1);
      this.counts.visibilityExpirations++;
      if (max !== undefined && this.jobs.deliveries[slot] >= max) {
        this.jobs.state[slot] = DEAD_LETTERED;
        this.counts.deadLettered++;
        this.traceSettled(slot, DEAD_LETTERED_STATUS);
        this.freeIfSettled(slot);
      } else {
        this.makeWaiting(slot, true);
        requeued = true;
      }
    }
    this.visibility.rearm();
    if (requeued) this.pump();
  }

  // ----- visible jobs -----

  /** Makes a job visible: at the back when new, at the front when its delivery expired. */
  private makeWaiting(slot: number, front: boolean): void {
    this.visible.push(slot, front);
    this.waiting++;
    this.stats.queue.add(this.ctx.sim.now, 1);
    if (this.waiting > this.depthMax) this.depthMax = this.waiting;
  }

  /** Age of the job next to be delivered, ms (0 when none waits). */
  oldestAgeMs(): number {
    const slot = this.visible.first();
    return slot < 0 ? 0 : this.ctx.sim.now - this.jobs.enqueuedAt[slot];
  }

  // ----- lifecycle, wiring, parameters -----

  override onTopologyChange(): void {
    this.workers = this.out.filter((l) => l.node.type === 'worker');
    this.pump();
  }

  /** A failed broker keeps its jobs (durable) but delivers nothing; blocked producers fail. */
  override fail(): void {
    super.fail();
    while (this.bSize > 0) {
      const call = this.ctx.calls.get(this.blocked[this.bHead]);
      this.bHead = (this.bHead + 1) & (this.blocked.length - 1);
      this.bSize--;
      this.failHere(call, Reason.targetDown);
    }
  }

  override recover(): void {
    super.recover();
    this.pump();
  }

  override setParam(path: string, value: unknown): boolean {
    const p = this.params;
    if (path === 'capacity' && typeof value === 'number' && value >= 1) p.capacity = Math.round(value);
    else if (path === 'onFull' && (value === 'reject' || value === 'block')) p.onFull = value;
    // A shorter timeout applies to later deliveries; earlier ones keep their deadline (ring order).
    else if (path === 'visibilityTimeout' && typeof value === 'number' && value > 0)
      p.visibilityTimeout = value;
    // Applies from the next expiry on: a job already past the new limit is dead-lettered then.
    else if (path === 'maxReceives' && typeof value === 'number' && value >= 1)
      p.maxReceives = Math.round(value);
    else if (path === 'costPerHour' && typeof value === 'number' && value >= 0) p.costPerHour = value;
    else return false;
    this.pump();
    return true;
  }

  override costPerHour(): number {
    return this.removed ? 0 : this.params.costPerHour;
  }

  override markWarmup(t: number): void {
    super.markWarmup(t);
    this.jobLatency.reset();
    this.depthMax = this.waiting;
    Object.assign(this.countsAtWarmup, this.counts);
  }

  override resultExtras(): Record<string, unknown> {
    const t = this.ctx.sim.now;
    return {
      depth: { mean: this.stats.meanQueueSince(this.stats.warm, t), max: this.depthMax, now: this.waiting },
      jobLatencyMs: summarize(this.jobLatency),
      ...countsSince(this.counts, this.countsAtWarmup),
      waiting: this.waiting,
      inFlight: this.inFlight,
      blocked: this.bSize,
      oldestJobAgeMs: this.oldestAgeMs(),
    };
  }

  override seriesExtras(out: Record<string, number>): void {
    out.depth = this.stats.meanQueueSince(this.stats.seriesMark, this.ctx.sim.now);
    out.jobAgeMs = this.oldestAgeMs();
  }

  /** A queue has no servers: it is as loaded as it is full (producers block only when it is). */
  override healthLoad(): number {
    return this.waiting / this.params.capacity;
  }

  override liveExtras(out: Record<string, number>): void {
    out.depth = this.waiting;
    out.oldestAgeMs = this.oldestAgeMs();
    out.blocked = this.bSize;
    out.deadLettered = this.counts.deadLettered;
    out.fill = this.waiting / this.params.capacity;
  }
}
