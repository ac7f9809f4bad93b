/**
 * database, replica role: serves reads like a primary (`connections`, `service`, `backlog`; a
 * write sent here fails "no route") and copies its primary. Every write committed at the primary
 * is shipped here; it arrives `replicationDelay` ms later and waits for the one apply thread, which
 * applies writes in commit order, `applyService` each. Lag of a write = its apply completion − its
 * commit at the primary, so lag grows without bound when writes outpace the apply thread.
 *
 * A read of a key with a committed write not yet applied here is a stale read. A failed replica
 * refuses reads and stops applying; writes keep arriving and queue up, and it catches up after
 * recovery (the lag spikes).
 *
 * The replication stream is one ring in commit order: [applied, delivered) arrived and wait for
 * (or are in) the apply thread, [delivered, shipped) are in transit. One timer serves the
 * transit (its delay is the same for every write), so a write costs no event of its own there.
 */
import type { Sampler } from '../engine/distributions';
import { makeSampler } from '../engine/distributions';
import { LatencyHistogram, summarize } from '../engine/histogram';
import type { RandomStream } from '../engine/random';
import { TimeWeighted } from '../engine/timeWeighted';
import { type Call, Op } from './call';
import { type DatabaseParams, DbStation, EV_DB_PRIVATE, type ReplicaSink } from './database';
import type { SimContext, SimNode } from './node';
import { Admit, ServerPool } from './serverPool';

const EV_DELIVER = EV_DB_PRIVATE;
const EV_APPLIED = EV_DB_PRIVATE + 1;

/** Lag figures accumulated since a mark (series interval, live snapshot). */
class LagWindow {
  sum = 0;
  count = 0;
  stale = 0;
}

export class Replica extends DbStation implements ReplicaSink {
  readonly role = 'replica' as const;
  readonly primaryId: string;
  private primaryCache: SimNode | null = null;
  private ringKeys = new Int32Array(64);
  private ringCommit = new Float64Array(64);
  /** Writes shipped, delivered (arrived here) and applied since the start: positions in the stream. */
  private shipped = 0;
  private delivered = 0;
  private applied = 0;
  private timerArmed = false;
  /** Most writes waiting here at once so far (the log's high-water mark, counted in the work budget). */
  private logMark = 0;
  /** The apply thread: 1 server, unbounded queue; its own statistics (not the query utilisation). */
  private readonly applyPool: ServerPool;
  readonly applyBusy = new TimeWeighted(0, 0);
  readonly applyQueue = new TimeWeighted(0, 0);
  private applySampler: Sampler;
  private readonly applyStream: RandomStream;
  /** Key → committed writes not yet applied here; entries deleted at 0 (bounded by the backlog). */
  private readonly pending = new Map<number, number>();
  /** Reads that saw a key with an unapplied write (whole run). */
  staleReads = 0;
  /** Per-write lag, ms (measured window). */
  readonly lag = new LatencyHistogram();
  private readonly seriesWin = new LagWindow();
  private readonly liveWin = new LagWindow();
  private staleAtWarm = 0;
  private applyBusyAtWarm = 0;

  constructor(ctx: SimContext, id: string, params: DatabaseParams) {
    super(ctx, id, params, 1);
    this.primaryId = params.primary ?? '';
    this.applyPool = new ServerPool(1, Number.MAX_SAFE_INTEGER, this.applyBusy, this.applyQueue);
    this.applySampler = makeSampler(params.applyService);
    this.applyStream = ctx.stream(id, 'apply');
  }

  protected shardFor(_key: number): number {
    return 0;
  }

  protected override startService(call: Call): void {
    if (call.op === Op.read && this.pending.size > 0 && (this.pending.get(call.key) ?? 0) > 0) {
      this.staleReads++;
      this.seriesWin.stale++;
      this.liveWin.stale++;
    }
    super.startService(call);
  }

  /** Writes committed at the primary and not yet applied here. */
  get unapplied(): number {
    return this.shipped - this.applied;
  }

  /** Writes that arrived here and are not yet applied (waiting or being applied). */
  get applyBacklog(): number {
    return this.delivered - this.applied;
  }

  /** Age of the oldest write committed at the primary and not yet applied here, ms (0: none). */
  oldestUnappliedAgeMs(): number {
    if (this.applied === this.shipped) return 0;
    return this.sim.now - this.ringCommit[this.applied & (this.ringKeys.length - 1)];
  }

  /** Keys with an unapplied write (memory check). */
  get pendingKeys(): number {
    return this.pending.size;
  }

  ship(key: number, commitT: number): void {
    if (this.shipped - this.applied === this.ringKeys.length) this.growRing();
    if (this.shipped - this.applied === this.logMark) {
      this.logMark++;
      this.ctx.held.take('logEntry');
    }
    const i = this.shipped & (this.ringKeys.length - 1);
    this.ringKeys[i] = key;
    this.ringCommit[i] = commitT;
    this.shipped++;
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    if (!this.timerArmed) this.armTimer();
  }

  private armTimer(): void {
    const due = this.ringCommit[this.delivered & (this.ringKeys.length - 1)] + this.params.replicationDelay;
    this.timerArmed = true;
    this.sim.scheduleAt(due, this.index, EV_DELIVER, 0);
  }

  /** The write the timer was set for arrives, with every later one already due. */
  private deliver(): void {
    this.timerArmed = false;
    const t = this.sim.now;
    const mask = this.ringKeys.length - 1;
    const delay = this.params.replicationDelay;
    do {
      this.delivered++;
      if (this.applyPool.acquire(t, 0) === Admit.started) this.startApply();
    } while (this.delivered < this.shipped && this.ringCommit[this.delivered & mask] + delay <= t);
    if (this.delivered < this.shipped) this.armTimer();
  }

  private startApply(): void {
    const s = this.applySampler.sample(this.applyStream.next());
    this.sim.schedule(s * this.slowFactor, this.index, EV_APPLIED, 0);
  }

  /** The apply thread finished the oldest unapplied write (writes apply in commit order). */
  private onApplied(): void {
    const t = this.sim.now;
    const i = this.applied & (this.ringKeys.length - 1);
    const lag = t - this.ringCommit[i];
    this.lag.record(lag);
    this.seriesWin.sum += lag;
    this.seriesWin.count++;
    this.liveWin.sum += lag;
    this.liveWin.count++;
    const key = this.ringKeys[i];
    const n = this.pending.get(key) ?? 1;
    if (n <= 1) this.pending.delete(key);
    else this.pending.set(key, n - 1);
    this.applied++;
    if (this.applyPool.release(t) >= 0) this.startApply();
  }

  protected override onEvent(kind: number, arg: number): void {
    if (kind === EV_DELIVER) this.deliver();
    else if (kind === EV_APPLIED) this.onApplied();
    else super.onEvent(kind, arg);
  }

  private growRing(): void {
    const oldKeys = this.ringKeys;
    const oldCommit = this.ringCommit;
    const oldMask = oldKeys.length - 1;
    this.ringKeys = new Int32Array(oldKeys.length * 2);
    this.ringCommit = new Float64Array(oldKeys.length * 2);
    const mask = this.ringKeys.length - 1;
    for (let s = this.applied; s < this.shipped; s++) {
      this.ringKeys[s & mask] = oldKeys[s & oldMask];
      this.ringCommit[s & mask] = oldCommit[s & oldMask];
    }
  }

  /** Reads fail; the apply thread stops after the write in hand (arrivals queue up). */
  override fail(): void {
    super.fail();
    this.applyPool.servers = 0;
  }

  override recover(): void {
    super.recover();
    const t = this.sim.now;
    this.applyPool.servers = 1;
    if (this.applyPool.startWaiting(t) >= 0) this.startApply();
  }

  /**
   * The primary's node (null while none exists); an app server wired only to replicas sends its
   * writes there. Looked up on demand rather than in onTopologyChange, because the app server may
   * ask before this replica's own onTopologyChange has run. Called rarely (on wiring changes).
   */
  get primaryNode(): SimNode | null {
    const cached = this.primaryCache;
    if (cached !== null && !cached.removed) return cached;
    this.primaryCache = null;
    for (const n of this.ctx.byIndex) {
      const p = n as (SimNode & { role?: string }) | undefined;
      if (p && p.id === this.primaryId && p.type === 'database' && p.role === 'primary' && !p.removed) {
        this.primaryCache = p;
        break;
      }
    }
    return this.primaryCache;
  }

  override markWarmup(t: number): void {
    super.markWarmup(t);
    this.lag.reset();
    this.staleAtWarm = this.staleReads;
    this.applyBusyAtWarm = this.applyBusy.integral(t);
  }

  /** Mean lag of the writes applied in the window, or the age of the oldest unapplied one if larger. */
  private windowLag(w: LagWindow): number {
    const mean = w.count > 0 ? w.sum / w.count : 0;
    w.sum = 0;
    w.count = 0;
    if (this.applied === this.shipped) return mean;
    const age = this.sim.now - this.ringCommit[this.applied & (this.ringKeys.length - 1)];
    return Math.max(age, mean);
  }

  override setParam(path: string, value: unknown): boolean {
    // A shorter replicationDelay cannot overtake writes in transit: the stream stays in commit order.
    if (!super.setParam(path, value)) return false;
    if (path === 'applyService') this.applySampler = makeSampler(this.params.applyService);
    return true;
  }

  override resultExtras(): Record<string, unknown> {
    const t = this.sim.now;
    const span = t - this.stats.warm.t;
    return {
      ...this.measuredCounts(),
      lagMs: summarize(this.lag),
      staleReads: this.staleReads - this.staleAtWarm,
      applyBacklog: this.applyBacklog,
      applyUtilization: span > 0 ? (this.applyBusy.integral(t) - this.applyBusyAtWarm) / span : 0,
    };
  }

  override seriesExtras(out: Record<string, number>): void {
    out.lagMs = this.windowLag(this.seriesWin);
    out.staleReads = this.seriesWin.stale;
    this.seriesWin.stale = 0;
  }

  override liveExtras(out: Record<string, number>): void {
    out.lagMs = this.windowLag(this.liveWin);
    out.applyBacklog = this.applyBacklog;
    this.liveWin.stale = 0;
  }
}
