/**
 * cache: a key-value cache as a station — `cores` servers in front of a FIFO `backlog` — serving
 * Op.cacheGet / Op.cacheSet / Op.cacheInvalidate from app servers and workers. An operation takes
 * effect when its service ends (the answer reflects the state at that instant).
 *
 * Key model (a KeyStore): a get hits iff the key is held and younger than `ttl` since its last
 * write; a set writes the entry (its lifetime restarts), evicting the least recently used key
 * beyond `capacity`; an invalidate deletes it. With `hitRatio` set, a get hits with that
 * probability from the cache's own stream instead, and the store is not used.
 *
 * `coalesce` (single-flight; see inFlightTable.ts): the first get that misses
 * a key marks it "being fetched"; later gets of that key wait at the cache — not misses, not sent
 * to the database, holding no server — and are answered as hits when the matching set arrives, or
 * as misses when an invalidate arrives or after COALESCE_TIMEOUT_MS (the fetch failed). Without
 * it every miss goes to the database: the stampede when a hot key expires. Not with `hitRatio`.
 *
 * Counting: a get counts in `gets` (and as hit or miss) when it is answered; `coalesced` counts the
 * gets that waited, `coalescedMisses` those of them answered as misses.
 *
 * Down (fail): "every get is a miss". A down cache answers gets at once as misses and ignores sets
 * and invalidates — the request goes on to the database without a failure being counted here
 * (`downMisses`). It loses its memory: after recover it starts cold.
 */
import type { Sampler } from '../engine/distributions';
import { makeSampler } from '../engine/distributions';
import type { RandomStream } from '../engine/random';
import type { ServiceTimes } from './appServer';
import { type Call, MAX_HOPS, Op, Reason } from './call';
import { InFlightTable } from './inFlightTable';
import { KeyStore } from './keyStore';
import { Ev, type SimContext, SimNode } from './node';
import { Admit, ServerPool } from './serverPool';

export interface CacheParams {
  /** Keys held (LRU), 1..10^7 (default 10 000). */
  capacity: number;
  /** Entry lifetime from its write, ms; absent = no expiry. Hits do not extend it. */
  ttl?: number;
  /** Fixed hit probability replacing the key model, 0..1; absent = the key model. */
  hitRatio?: number;
  /** Single-flight misses (default false). */
  coalesce: boolean;
  /** Parallel servers (default 1). */
  cores: number;
  /** Service time: `read` for gets, `write` for sets and invalidates (default exp 0.2 ms). */
  service: ServiceTimes;
  /** Operations waiting for a server before "backlog full" (default 10 000). */
  backlog: number;
  /** Dollars per hour (default 0.05). */
  costPerHour: number;
}

/** How long gets may wait for a fetch in flight before they are answered as misses, ms. */
export const COALESCE_TIMEOUT_MS = 10_000;

const EV_SERVICE_DONE = 16;
const EV_COALESCE_TIMEOUT = 17;

/** Counters that only grow; a window's figure is the difference between two copies. */
class CacheCounts {
  /** Gets answered (a waiting get counts when it is answered). */
  gets = 0;
  hits = 0;
  sets = 0;
  invalidates = 0;
  coalesced = 0;
  /** Waiting gets answered as misses (invalidate, safety timeout, coalesce turned off). */
  coalescedMisses = 0;
  downMisses = 0;
  evictions = 0;
  expirations = 0;

  copy(from: CacheCounts): void {
    this.gets = from.gets;
    this.hits = from.hits;
    this.sets = from.sets;
    this.invalidates = from.invalidates;
    this.coalesced = from.coalesced;
    this.coalescedMisses = from.coalescedMisses;
    this.downMisses = from.downMisses;
    this.evictions = from.evictions;
    this.expirations = from.expirations;
  }
}

export class Cache extends SimNode {
  readonly store: KeyStore;
  private readonly pool: ServerPool;
  private readonly inFlight: InFlightTable;
  private getSampler: Sampler;
  private writeSampler: Sampler;
  private readonly serviceStream: RandomStream;
  private readonly hitStream: RandomStream;
  private readonly counts = new CacheCounts();
  private readonly atWarmup = new CacheCounts();
  private readonly atSeries = new CacheCounts();
  private readonly atLive = new CacheCounts();
  private timer = -1;

  constructor(
    ctx: SimContext,
    id: string,
    readonly params: CacheParams,
  ) {
    super(ctx, id, 'cache');
    this.store = new KeyStore(params.capacity, params.ttl ?? Number.POSITIVE_INFINITY, ctx.held);
    this.pool = new ServerPool(params.cores, params.backlog, this.stats.busy, this.stats.queue);
    this.stats.capacity.add(ctx.sim.now, params.cores);
    this.inFlight = new InFlightTable();
    this.getSampler = makeSampler(params.service.read);
    this.writeSampler = makeSampler(params.service.write);
    this.serviceStream = ctx.stream(id, 'service');
    this.hitStream = ctx.stream(id, 'hit');
  }

  /**
   * SimNode.handle, repeated here on purpose: V8 keeps type feedback per function, so this copy
   * sees only this class and can inline its handlers; the shared one sees every node kind.
   */
  override handle(kind: number, arg: number): void {
    if (kind === Ev.arrive) this.arrive(this.calls.get(arg));
    else if (kind === Ev.reply) this.onReply(this.calls.get(arg));
    else this.onEvent(kind, arg);
  }

  /** Down: answered at once as a miss (gets) or ignored (sets) — not a failure. */
  override arrive(call: Call): void {
    if (!this.down || this.removed) {
      super.arrive(call);
      return;
    }
    call.arrivedAt = this.sim.now;
    call.instance = -1;
    call.step = 0;
    if (call.traced) this.core.tracer.arrive(call, this.index, this.sim.now);
    this.stats.arrivals++;
    if (++call.hops > MAX_HOPS) this.failHere(call, Reason.hopLimit);
    else this.answerDown(call);
  }

  protected accept(call: Call): void {
    const admit = this.pool.acquire(this.sim.now, call.id);
    if (admit === Admit.started) this.startService(call);
    else if (admit === Admit.rejected) this.failHere(call, Reason.backlogFull);
  }

  private startService(call: Call): void {
    this.traceStart(call);
    const sampler = call.op === Op.cacheGet ? this.getSampler : this.writeSampler;
    const s = sampler.sample(this.serviceStream.next()) * this.slowFactor;
    this.sim.schedule(s, this.index, EV_SERVICE_DONE, call.id);
  }

  protected override onEvent(kind: number, arg: number): void {
    if (kind === EV_SERVICE_DONE) {
      const call = this.calls.get(arg);
      const next = this.pool.release(this.sim.now);
      if (next >= 0) this.startService(this.calls.get(next));
      if (this.down) this.answerDown(call);
      else this.serve(call);
    } else if (kind === EV_COALESCE_TIMEOUT) {
      this.timer = -1;
      this.onCoalesceTimer();
    }
  }

  /** The operation takes effect: the end of its service. */
  private serve(call: Call): void {
    const now = this.sim.now;
    const op = call.op;
    call.status = Reason.ok;
    if (op === Op.cacheGet) {
      if (this.params.hitRatio !== undefined) {
        call.a = this.hitStream.next() < this.params.hitRatio ? 1 : 0;
      } else if (this.store.get(call.key, now)) {
        call.a = 1;
      } else if (this.params.coalesce) {
        if (this.inFlight.join(call.key, call.id)) {
          // Someone is fetching this key: wait for its set (answered by releaseWaiters).
          this.counts.coalesced++;
          return;
        }
        this.inFlight.open(call.key, now + COALESCE_TIMEOUT_MS);
        if (this.timer < 0) this.armTimer();
        call.a = 0;
      } else {
        call.a = 0;
      }
      this.counts.gets++;
      this.counts.hits += call.a;
    } else if (op === Op.cacheSet) {
      this.counts.sets++;
      if (this.params.hitRatio === undefined) {
        this.store.set(call.key, now);
        if (this.params.coalesce) this.releaseWaiters(call.key, 1);
      }
    } else if (op === Op.cacheInvalidate) {
      this.counts.invalidates++;
      if (this.params.hitRatio === undefined) {
        this.store.delete(call.key, now);
        if (this.params.coalesce) this.releaseWaiters(call.key, 0);
      }
    }
    this.answer(call);
  }

  /** Answers every get waiting on `key` as a hit (1) or a miss (0) and closes its flight. */
  private releaseWaiters(key: number, hit: number, down = false): void {
    let id = this.inFlight.close(key);
    while (id >= 0) {
      const waiter = this.calls.get(id);
      id = this.inFlight.nextWaiter(id); // before answering: the answered call may be reused at once
      waiter.status = Reason.ok;
      waiter.a = hit;
      this.counts.gets++;
      this.counts.hits += hit;
      this.counts.coalescedMisses += 1 - hit;
      if (down) this.counts.downMisses++;
      this.answer(waiter);
    }
  }

  private armTimer(): void {
    const at = this.inFlight.nextDeadline();
    if (at < Number.POSITIVE_INFINITY)
      this.timer = this.sim.scheduleAt(at, this.index, EV_COALESCE_TIMEOUT, 0);
  }

  /** Flights whose fetch never came back (the DB read failed or timed out): waiters miss. */
  private onCoalesceTimer(): void {
    const now = this.sim.now;
    for (let key = this.inFlight.expiredKey(now); key !== null; key = this.inFlight.expiredKey(now)) {
      this.releaseWaiters(key, 0);
    }
    this.armTimer();
  }

  private answerDown(call: Call): void {
    call.status = Reason.ok;
    if (call.op === Op.cacheGet) {
      call.a = 0;
      this.counts.gets++;
      this.counts.downMisses++;
    }
    this.answer(call);
  }

  /** Goes down cold: queued operations are answered as a down cache answers, memory is lost. */
  override fail(): void {
    super.fail();
    const t = this.sim.now;
    for (const id of this.pool.drain(t)) this.answerDown(this.calls.get(id));
    for (let key = this.inFlight.anyKey(); key !== null; key = this.inFlight.anyKey())
      this.releaseWaiters(key, 0, true);
    this.syncStoreCounts();
    this.store.clear();
  }

  private syncStoreCounts(): void {
    this.counts.evictions = this.store.evictions;
    this.counts.expirations = this.store.expirations;
  }

  override markWarmup(t: number): void {
    super.markWarmup(t);
    this.store.expire(t);
    this.syncStoreCounts();
    this.atWarmup.copy(this.counts);
  }

  override costPerHour(): number {
    return this.params.costPerHour;
  }

  override setParam(path: string, value: unknown): boolean {
    const p = this.params;
    const t = this.sim.now;
    if (path === 'coalesce' && typeof value === 'boolean') {
      p.coalesce = value;
      // Turning it off releases the waiters as misses: they go to the DB as every miss would.
      if (!value)
        for (let key = this.inFlight.anyKey(); key !== null; key = this.inFlight.anyKey())
          this.releaseWaiters(key, 0);
      return true;
    }
    if (path === 'hitRatio' && (typeof value === 'number' || value === undefined || value === null)) {
      p.hitRatio = typeof value === 'number' ? value : undefined;
      return true;
    }
    if (path === 'service' && typeof value === 'object' && value !== null) {
      const v = value as Partial<ServiceTimes>;
      if (!v.read || !v.write || !v.static) return false;
      p.service = { read: v.read, write: v.write, static: v.static };
      this.getSampler = makeSampler(p.service.read);
      this.writeSampler = makeSampler(p.service.write);
      return true;
    }
    if (path.startsWith('service.') && typeof value === 'object' && value !== null) {
      const op = path.slice('service.'.length) as keyof ServiceTimes;
      if (!(op === 'read' || op === 'write' || op === 'static')) return false;
      p.service[op] = value as ServiceTimes['read'];
      this.getSampler = makeSampler(p.service.read);
      this.writeSampler = makeSampler(p.service.write);
      return true;
    }
    if (typeof value !== 'number') return false;
    switch (path) {
      case 'capacity':
        p.capacity = value;
        this.store.setCapacity(value, t);
        return true;
      case 'ttl':
        p.ttl = value;
        this.store.ttl = value;
        return true;
      case 'cores':
        this.stats.capacity.add(t, value - this.pool.servers);
        p.cores = value;
        this.pool.servers = value;
        for (let id = this.pool.startWaiting(t); id >= 0; id = this.pool.startWaiting(t))
          this.startService(this.calls.get(id));
        return true;
      case 'backlog':
        p.backlog = value;
        this.pool.capacity = value;
        return true;
      case 'costPerHour':
        p.costPerHour = value;
        return true;
    }
    return false;
  }

  /** Hits / gets since `mark` (0 when there were no gets). */
  private hitRatioSince(mark: CacheCounts): number {
    const gets = this.counts.gets - mark.gets;
    return gets > 0 ? (this.counts.hits - mark.hits) / gets : 0;
  }

  override resultExtras(): Record<string, unknown> {
    this.store.expire(this.sim.now);
    this.syncStoreCounts();
    const c = this.counts;
    const w = this.atWarmup;
    const gets = c.gets - w.gets;
    const hits = c.hits - w.hits;
    return {
      hitRatio: this.hitRatioSince(w),
      gets,
      hits,
      misses: gets - hits,
      sets: c.sets - w.sets,
      invalidates: c.invalidates - w.invalidates,
      evictions: c.evictions - w.evictions,
      expirations: c.expirations - w.expirations,
      coalesced: c.coalesced - w.coalesced,
      coalescedMisses: c.coalescedMisses - w.coalescedMisses,
      downMisses: c.downMisses - w.downMisses,
      entries: this.store.size,
    };
  }

  override seriesExtras(out: Record<string, number>): void {
    out.hitRatio = this.hitRatioSince(this.atSeries);
    this.atSeries.copy(this.counts);
  }

  override liveExtras(out: Record<string, number>): void {
    this.store.expire(this.sim.now);
    out.hitRatio = this.hitRatioSince(this.atLive);
    out.entries = this.store.size;
    this.atLive.copy(this.counts);
  }
}
