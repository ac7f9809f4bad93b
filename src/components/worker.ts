/**
 * worker: consumes the jobs a queue pushes to it (queue → worker edges). `instances` × `concurrency`
 * slots. A job holds its slot for its service time S (service.write × slowFactor), split evenly
 * around its side effects, as real job code runs: compute (S/2) → side effects, one call per
 * outgoing edge in edge order (database: a write of the job's key to the primary; cache: invalidate
 * the key; app server / load balancer: a write request) → finish (S/2: render, notify…) → ack (the
 * ok answer to the delivery); the freed slot pulls the next job.
 *
 * With probability `failureRate` (own stream) the worker crashes mid-job, at a uniform fraction of
 * S: no ack (the queue redelivers after its visibility timeout), the slot is lost until the crash
 * and the restart is instant. A crash in the first half is harmless (nothing was written); a crash
 * in the second half comes after the commit, so the redelivery applies the job again — the
 * classic at-least-once duplicate. A failed database or service call also ends the job without an
 * ack (a failed invalidate is skipped, as in the app server). A share `poisonRate` of the jobs are
 * poison messages (a malformed payload): decided per job, they fail at the end of the compute part
 * of every delivery, before any side effect, so only the queue's `maxReceives` ever stops them.
 *
 * Duplicates: the job's "applied" mark lives with the job in the queue (queue.ts). A delivery
 * commits when its first database write succeeds (or, with no database edge, when its side
 * effects are done). An idempotent worker checks the mark before its side effects (already applied
 * → `duplicatesDetected`, no DB write) and, like a unique key, refuses a second commit that raced
 * with the first (also `duplicatesDetected`). A non-idempotent worker applies again: `duplicates`.
 */
import type { DistSpec, Sampler } from '../engine/distributions';
import { makeSampler } from '../engine/distributions';
import { hashUniform, type RandomStream } from '../engine/random';
import { grown } from '../engine/rings';
import { TimeWeighted } from '../engine/timeWeighted';
import type { ServiceTimes } from './appServer';
import { type Call, Op, type OpCode, Reason } from './call';
import { Link, type SimContext, SimNode } from './node';
import { countsSince } from './nodeStats';
import { Queue } from './queue';
import { WorkerSlots } from './workerSlots';

export interface WorkerParams {
  /** Instances, 1..1000 (default 1). */
  instances: number;
  /** Jobs at once per instance, 1..10^4 (default 4). */
  concurrency: number;
  /** Time a job holds its slot before its side effects; jobs use `write` (default exp 20 ms). */
  service: ServiceTimes;
  /** Probability a job crashes mid-way, 0..1 (default 0). */
  failureRate: number;
  /** Share of jobs that fail on every delivery (poison messages), 0..1 (default 0). */
  poisonRate: number;
  /** Redelivered jobs already applied are detected and not applied again (default true). */
  idempotent: boolean;
  /** Dollars per instance-hour (default 0.05). */
  costPerHour: number;
}

const EV_COMPUTED = 16;
const EV_FINISHED = 17;
const EV_CRASH = 18;
const EV_POISON = 19;
/** Share of the service time spent before the side effects. */
const COMPUTE_SHARE = 0.5;

/** A database node as the worker needs it (no import of database.ts). */
interface DbLike extends SimNode {
  role?: string;
  /** A replica's primary id. */
  primaryId?: string;
}

export class Worker extends SimNode {
  /** Job slots per instance; `slots.active` instances serve. */
  private readonly slots: WorkerSlots;
  private sampler: Sampler;
  private readonly serviceStream: RandomStream;
  private readonly crashStream: RandomStream;
  private sources: Queue[] = [];
  private srr = 0;
  private targets: Link[] = [];
  private targetOps: OpCode[] = [];
  private targetIsDb: boolean[] = [];
  /** Per call id (scratch for jobs in service): time of the finishing part, and whether it crashes. */
  private rest = new Float64Array(64);
  private crashAfter = new Uint8Array(64);
  readonly instanceCount = new TimeWeighted(0, 0);
  private warmInstances = 0;
  /** Whole-run counters (the result reports them since the warm-up). */
  readonly counts = {
    processed: 0,
    crashes: 0,
    poisoned: 0,
    duplicates: 0,
    duplicatesDetected: 0,
    failedJobs: 0,
  };
  private readonly countsAtWarmup = { ...this.counts };

  constructor(
    ctx: SimContext,
    id: string,
    readonly params: WorkerParams,
  ) {
    super(ctx, id, 'worker');
    this.sampler = makeSampler(params.service.write);
    this.serviceStream = ctx.stream(id, 'service');
    this.crashStream = ctx.stream(id, 'crash');
    this.slots = new WorkerSlots(params.instances);
    this.instanceCount.add(ctx.sim.now, params.instances);
    this.stats.capacity.add(ctx.sim.now, params.instances * params.concurrency);
  }

  // ----- slots -----

  /** Reserves a free slot for a job about to be delivered; returns its instance, or −1 when none. */
  reserve(): number {
    return this.down || this.removed ? -1 : this.slots.reserve(this.params.concurrency);
  }

  /** A slot freed: asks the source queues (round-robin) for a job. */
  private pullOne(): boolean {
    const n = this.sources.length;
    for (let k = 0; k < n; k++) {
      const q = this.sources[this.srr % n];
      this.srr = (this.srr + 1) % n;
      if (q.pullFor(this)) return true;
    }
    return false;
  }

  private pullAll(): void {
    while (!this.slots.full(this.params.concurrency) && this.pullOne()) {}
  }

  // ----- jobs -----

  /** A delivery that reaches a failed worker gives its reserved slot back before failing. */
  override arrive(call: Call): void {
    if (this.down || this.removed) this.slots.free(call.b);
    super.arrive(call);
  }

  protected accept(call: Call): void {
    if (!(this.ctx.byIndex[call.caller] instanceof Queue)) {
      this.failHere(call, Reason.noRoute);
      return;
    }
    call.instance = call.b;
    call.b = 0; // set to 1 once this delivery has committed the job
    this.stats.busy.add(this.ctx.sim.now, 1);
    this.traceStart(call);
    const s = this.sampler.sample(this.serviceStream.next()) * this.slowFactor;
    // Two draws per job whatever the rate, so the stream stays aligned when failureRate changes.
    const crash = this.crashStream.next() < this.params.failureRate;
    const at = this.crashStream.next();
    const poison = this.params.poisonRate;
    if (poison > 0 && hashUniform((this.ctx.byIndex[call.caller] as Queue).jobSerial(call.a)) < poison) {
      this.ctx.sim.schedule(s * COMPUTE_SHARE, this.index, EV_POISON, call.id);
      return;
    }
    if (crash && at < COMPUTE_SHARE) {
      this.ctx.sim.schedule(s * at, this.index, EV_CRASH, call.id);
      return;
    }
    const id = call.id;
    if (id >= this.rest.length) this.growScratch(id);
    this.rest[id] = crash ? s * (at - COMPUTE_SHARE) : s * (1 - COMPUTE_SHARE);
    this.crashAfter[id] = crash ? 1 : 0;
    this.ctx.sim.schedule(s * COMPUTE_SHARE, this.index, EV_COMPUTED, id);
  }

  private growScratch(id: number): void {
    this.rest = grown(this.rest, id + 1);
    this.crashAfter = grown(this.crashAfter, this.rest.length);
  }

  protected override onEvent(kind: number, arg: number): void {
    if (kind < EV_COMPUTED || kind > EV_POISON) return;
    const call = this.ctx.calls.get(arg);
    if (kind === EV_CRASH) {
      this.counts.crashes++;
      this.end(call, Reason.crashed);
    } else if (kind === EV_POISON) {
      this.counts.poisoned++;
      this.end(call, Reason.poisonMessage);
    } else if (this.down) {
      this.end(call, Reason.targetDown);
    } else if (kind === EV_FINISHED) {
      this.end(call, Reason.ok);
    } else if (this.params.idempotent && (this.ctx.byIndex[call.caller] as Queue).isApplied(call.a)) {
      // Already applied by an earlier delivery: no write, just finish and ack.
      this.counts.duplicatesDetected++;
      this.finishPart(call);
    } else {
      call.step = 0;
      this.nextEffect(call);
    }
  }

  /** After the side effects: the finishing part of the service time, then ack (or crash). */
  private finishPart(call: Call): void {
    const kind = this.crashAfter[call.id] === 1 ? EV_CRASH : EV_FINISHED;
    this.ctx.sim.schedule(this.rest[call.id], this.index, kind, call.id);
  }

  /** Sends the next side-effect call, or commits (when no DB write did) and goes on to finish. */
  private nextEffect(call: Call): void {
    const k = call.step;
    if (k < this.targets.length) {
      call.step = k + 1;
      const child = this.ctx.calls.child(call, this.targetOps[k]);
      child.callerStep = k;
      child.callerInstance = call.instance;
      this.send(child, this.targets[k]);
      return;
    }
    if (call.b === 0) this.commit(call);
    this.finishPart(call);
  }

  protected override onReply(child: Call): void {
    const calls = this.ctx.calls;
    const parent = calls.get(child.parent);
    const k = child.callerStep;
    const status = child.status;
    const failedAt = child.failedAt;
    calls.release(child);
    if (this.down) {
      this.end(parent, Reason.targetDown);
    } else if (
      status === Reason.ok ||
      (k < this.targetOps.length && this.targetOps[k] === Op.cacheInvalidate)
    ) {
      // A failed invalidate is skipped (the entry expires on its own), as in the app server.
      if (status === Reason.ok && parent.b === 0 && k < this.targetIsDb.length && this.targetIsDb[k])
        this.commit(parent);
      this.nextEffect(parent);
    } else {
      this.counts.failedJobs++;
      this.end(parent, status, failedAt);
    }
  }

  /** The job's side effects are now applied by this delivery. */
  private commit(call: Call): void {
    call.b = 1;
    const already = (this.ctx.byIndex[call.caller] as Queue).markApplied(call.a);
    if (!already) return;
    if (this.params.idempotent) this.counts.duplicatesDetected++;
    else this.counts.duplicates++;
  }

  /**
   * Ends a job: frees its slot, answers the queue (ok = ack; a failure = no ack, counted here when
   * `failedAt` is this node) and pulls the next job.
   */
  private end(call: Call, status: number, failedAt = this.index): void {
    this.stats.busy.add(this.ctx.sim.now, -1);
    this.slots.free(call.instance);
    if (status === Reason.ok) {
      this.counts.processed++;
      this.answer(call);
    } else if (failedAt === this.index) {
      this.failHere(call, status);
    } else {
      call.status = status;
      call.failedAt = failedAt;
      this.answer(call);
    }
    if (!this.down) this.pullOne();
  }

  // ----- wiring, lifecycle, parameters -----

  override onTopologyChange(byId: ReadonlyMap<string, SimNode>): void {
    this.sources = [];
    for (const n of byId.values()) {
      if (n instanceof Queue && n.out.some((l) => l.node === this)) this.sources.push(n);
    }
    this.targets = [];
    this.targetOps = [];
    this.targetIsDb = [];
    for (const l of this.out) {
      const t = l.node.type;
      if (t === 'database') {
        const db = l.node as DbLike;
        if (db.role === 'replica') {
          // Writes go to the replica's primary (resolved by id: its own wiring may not have run yet).
          const primary = byId.get(db.primaryId ?? '');
          if (primary && !primary.removed) this.addTarget(new Link(primary, l.latency), Op.write, true);
        } else this.addTarget(l, Op.write, true);
      } else if (t === 'cache') this.addTarget(l, Op.cacheInvalidate, false);
      else if (t === 'appServer' || t === 'loadBalancer') this.addTarget(l, Op.write, false);
    }
    this.pullAll();
  }

  private addTarget(link: Link, op: OpCode, isDb: boolean): void {
    this.targets.push(link);
    this.targetOps.push(op);
    this.targetIsDb.push(isDb);
  }

  /** (fail: jobs in service end without an ack as they reach their next step; see onEvent/onReply.) */
  override recover(): void {
    super.recover();
    this.pullAll();
  }

  override setParam(path: string, value: unknown): boolean {
    const p = this.params;
    const t = this.ctx.sim.now;
    if (path === 'instances' && typeof value === 'number' && value >= 1) this.setInstances(Math.round(value));
    else if (path === 'concurrency' && typeof value === 'number' && value >= 1) {
      const c = Math.round(value);
      this.stats.capacity.add(t, this.slots.active * (c - p.concurrency));
      p.concurrency = c;
    } else if (path === 'failureRate' && typeof value === 'number' && value >= 0 && value <= 1)
      p.failureRate = value;
    else if (path === 'poisonRate' && typeof value === 'number' && value >= 0 && value <= 1)
      p.poisonRate = value;
    else if (path === 'idempotent' && typeof value === 'boolean') p.idempotent = value;
    else if (path === 'costPerHour' && typeof value === 'number' && value >= 0) p.costPerHour = value;
    else if (path === 'service' && isServiceTimes(value)) {
      p.service = value;
      this.sampler = makeSampler(value.write);
    } else if (path === 'service.write' && typeof value === 'object' && value !== null && 'dist' in value) {
      p.service.write = value as DistSpec;
      this.sampler = makeSampler(p.service.write);
    } else if (
      (path === 'service.read' || path === 'service.static') &&
      typeof value === 'object' &&
      value !== null &&
      'dist' in value
    )
      // Kept, as the file keeps them: a worker's jobs are writes, so only service.write times them.
      p.service[path === 'service.read' ? 'read' : 'static'] = value as DistSpec;
    else return false;
    this.pullAll();
    return true;
  }

  /** Retires or adds instances; a retired instance finishes its jobs and takes no more. */
  private setInstances(n: number): void {
    const t = this.ctx.sim.now;
    const before = this.slots.active;
    this.stats.capacity.add(t, (n - before) * this.params.concurrency);
    this.instanceCount.add(t, n - before);
    this.slots.resize(n);
    this.params.instances = n;
  }

  override costPerHour(): number {
    return this.removed ? 0 : this.slots.active * this.params.costPerHour;
  }

  override meanCostPerHour(): number {
    const t = this.ctx.sim.now;
    const span = t - this.stats.warm.t;
    const mean = span > 0 ? (this.instanceCount.integral(t) - this.warmInstances) / span : this.slots.active;
    return mean * this.params.costPerHour;
  }

  override markWarmup(t: number): void {
    super.markWarmup(t);
    this.warmInstances = this.instanceCount.integral(t);
    Object.assign(this.countsAtWarmup, this.counts);
  }

  override resultExtras(): Record<string, unknown> {
    return { ...countsSince(this.counts, this.countsAtWarmup), instances: this.slots.active };
  }

  override liveExtras(out: Record<string, number>): void {
    out.busy = this.stats.busy.value;
    out.duplicates = this.counts.duplicates;
    out.crashes = this.counts.crashes;
  }
}

function isServiceTimes(v: unknown): v is ServiceTimes {
  return typeof v === 'object' && v !== null && 'write' in v && 'read' in v;
}
