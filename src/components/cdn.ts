/**
 * cdn: an edge cache in front of the origin (its first outgoing link: a rate limiter, load
 * balancer or app server). A static request is served at the edge for its service time and then
 * looked up by key: a hit is answered there; a miss is fetched from the origin (a child call with
 * the same op and key), stored — its lifetime `ttl` counts from the store — and answered. Every
 * other op passes straight through to the origin, adding no time. Origin failures pass up as they
 * are (failFrom), and a failed fetch stores nothing.
 *
 * The edge is a station with EDGE_SERVERS parallel servers and an unbounded queue: a CDN is a
 * fleet of machines, so in practice its service time is a pure delay, yet utilisation is still
 * measured (busy servers / EDGE_SERVERS) and an absurd load would still queue rather than vanish.
 *
 * Down (fail): requests fail with "target down" (the site's edge is gone); it comes back cold.
 * Misses are not coalesced: concurrent misses of one object each go to the origin.
 */
import type { Sampler } from '../engine/distributions';
import { makeSampler } from '../engine/distributions';
import type { RandomStream } from '../engine/random';
import type { ServiceTimes } from './appServer';
import { type Call, Op, Reason } from './call';
import { KeyStore } from './keyStore';
import { type Link, type SimContext, SimNode } from './node';
import { Admit, ServerPool } from './serverPool';

export interface CdnParams {
  /** Objects held (LRU), 1..10^8 (default 100 000); memory grows only with what is held. */
  capacity: number;
  /** Object lifetime from when it was stored, ms (default 3 600 000 = 1 h). */
  ttl: number;
  /** Fixed hit probability replacing the key model, 0..1; absent = the key model. */
  hitRatio?: number;
  /** Edge time per request: `static` is used (default exp 1 ms); other ops pass through untimed. */
  service: ServiceTimes;
  /** Dollars per hour (default 0.01). */
  costPerHour: number;
}

/** Parallel servers of the edge: enough that the service time acts as a pure delay. */
export const EDGE_SERVERS = 10_000;

const EV_SERVICE_DONE = 16;
/** callerStep of the child calls: what the answer completes. */
const STEP_FETCH = 1;
const STEP_PASS = 2;

export class Cdn extends SimNode {
  readonly store: KeyStore;
  private readonly pool: ServerPool;
  private sampler: Sampler;
  private readonly serviceStream: RandomStream;
  private readonly hitStream: RandomStream;
  private origin: Link | null = null;
  /** Whole-run counters; the measured window subtracts the values at warm-up. */
  private hits = 0;
  private misses = 0;
  private originRequests = 0;
  private readonly warm = { hits: 0, misses: 0, originRequests: 0 };
  private readonly seriesMark = { hits: 0, misses: 0 };
  private readonly liveMark = { hits: 0, misses: 0 };

  constructor(
    ctx: SimContext,
    id: string,
    readonly params: CdnParams,
  ) {
    super(ctx, id, 'cdn');
    this.store = new KeyStore(params.capacity, params.ttl, ctx.held);
    this.pool = new ServerPool(EDGE_SERVERS, Number.MAX_SAFE_INTEGER, this.stats.busy, this.stats.queue);
    this.stats.capacity.add(ctx.sim.now, EDGE_SERVERS);
    this.sampler = makeSampler(params.service.static);
    this.serviceStream = ctx.stream(id, 'service');
    this.hitStream = ctx.stream(id, 'hit');
  }

  override onTopologyChange(): void {
    this.origin = this.out.length > 0 ? this.out[0] : null;
  }

  protected accept(call: Call): void {
    if (call.op !== Op.static) this.toOrigin(call, STEP_PASS);
    else if (this.pool.acquire(this.ctx.sim.now, call.id) === Admit.started) this.startService(call);
  }

  private startService(call: Call): void {
    this.traceStart(call);
    const s = this.sampler.sample(this.serviceStream.next()) * this.slowFactor;
    this.ctx.sim.schedule(s, this.index, EV_SERVICE_DONE, call.id);
  }

  protected override onEvent(kind: number, arg: number): void {
    if (kind !== EV_SERVICE_DONE) return;
    const call = this.ctx.calls.get(arg);
    const next = this.pool.release(this.ctx.sim.now);
    if (next >= 0) this.startService(this.ctx.calls.get(next));
    if (this.down) {
      this.failHere(call, Reason.targetDown);
      return;
    }
    const hr = this.params.hitRatio;
    const hit = hr !== undefined ? this.hitStream.next() < hr : this.store.get(call.key, this.ctx.sim.now);
    if (!hit) {
      this.misses++;
      this.toOrigin(call, STEP_FETCH);
      return;
    }
    this.hits++;
    call.status = Reason.ok;
    call.a = 1;
    this.answer(call);
  }

  private toOrigin(call: Call, step: number): void {
    const link = this.origin;
    if (link === null) {
      this.failHere(call, Reason.noRoute);
      return;
    }
    this.originRequests++;
    const child = this.ctx.calls.child(call, call.op);
    child.async = call.async;
    child.callerStep = step;
    this.send(child, link);
  }

  protected override onReply(child: Call): void {
    const calls = this.ctx.calls;
    const parent = calls.get(child.parent);
    const ok = child.status === Reason.ok;
    if (ok && child.callerStep === STEP_FETCH && this.params.hitRatio === undefined && !this.down) {
      this.store.set(parent.key, this.ctx.sim.now);
    }
    if (!ok) {
      this.failFrom(parent, child);
    } else {
      parent.status = Reason.ok;
      parent.a = child.callerStep === STEP_FETCH ? 0 : child.a;
      this.answer(parent);
    }
    calls.release(child);
  }

  /** Goes down cold; queued requests fail (the pool rarely queues anything). */
  override fail(): void {
    super.fail();
    for (const id of this.pool.drain(this.ctx.sim.now))
      this.failHere(this.ctx.calls.get(id), Reason.targetDown);
    this.store.clear();
  }

  override markWarmup(t: number): void {
    super.markWarmup(t);
    this.warm.hits = this.hits;
    this.warm.misses = this.misses;
    this.warm.originRequests = this.originRequests;
  }

  override costPerHour(): number {
    return this.params.costPerHour;
  }

  override setParam(path: string, value: unknown): boolean {
    const p = this.params;
    if (path === 'hitRatio' && (typeof value === 'number' || value === undefined || value === null)) {
      p.hitRatio = typeof value === 'number' ? value : undefined;
      return true;
    }
    if (path === 'service' && typeof value === 'object' && value !== null) {
      const v = value as Partial<ServiceTimes>;
      if (!v.read || !v.write || !v.static) return false;
      p.service = { read: v.read, write: v.write, static: v.static };
      this.sampler = makeSampler(p.service.static);
      return true;
    }
    if (path.startsWith('service.') && typeof value === 'object' && value !== null) {
      const op = path.slice('service.'.length);
      if (op !== 'read' && op !== 'write' && op !== 'static') return false;
      p.service[op] = value as ServiceTimes['static'];
      this.sampler = makeSampler(p.service.static);
      return true;
    }
    if (typeof value !== 'number') return false;
    if (path === 'capacity') {
      p.capacity = value;
      this.store.setCapacity(value, this.ctx.sim.now);
    } else if (path === 'ttl') {
      p.ttl = value;
      this.store.ttl = value;
    } else if (path === 'costPerHour') {
      p.costPerHour = value;
    } else {
      return false;
    }
    return true;
  }

  private ratio(hits: number, misses: number): number {
    const n = hits + misses;
    return n > 0 ? hits / n : 0;
  }

  override resultExtras(): Record<string, unknown> {
    const hits = this.hits - this.warm.hits;
    const misses = this.misses - this.warm.misses;
    this.store.expire(this.ctx.sim.now);
    return {
      hitRatio: this.ratio(hits, misses),
      hits,
      misses,
      originRequests: this.originRequests - this.warm.originRequests,
      entries: this.store.size,
    };
  }

  override seriesExtras(out: Record<string, number>): void {
    out.hitRatio = this.ratio(this.hits - this.seriesMark.hits, this.misses - this.seriesMark.misses);
    this.seriesMark.hits = this.hits;
    this.seriesMark.misses = this.misses;
  }

  override liveExtras(out: Record<string, number>): void {
    out.hitRatio = this.ratio(this.hits - this.liveMark.hits, this.misses - this.liveMark.misses);
    this.liveMark.hits = this.hits;
    this.liveMark.misses = this.misses;
    this.store.expire(this.ctx.sim.now);
    out.entries = this.store.size;
  }
}
