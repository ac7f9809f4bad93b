/**
 * What an app server does after its CPU work, as the usual application code would:
 *   read:  cache get → on a miss, read the DB (a random connected replica, else the primary)
 *          → cache set → answer. A failed cache call counts as a miss; the request goes on.
 *   write: async with a queue connected → enqueue and answer; else write the primary → invalidate
 *          the cache → answer.
 *   then:  call each connected downstream service (app server or load balancer) in turn.
 * Each downstream call may have a timeout, retries and a circuit breaker; DB calls may wait for a
 * connection from the instance's pool. Autoscaling lives here too, as it resizes the tier.
 */
import type { RandomStream } from '../engine/random';
import { TimeWeighted } from '../engine/timeWeighted';
import type { AppServer } from './appServer';
import { Autoscaler } from './autoscaler';
import { type Call, Op, type OpCode, Reason } from './call';
import { CallDeadlines } from './callDeadlines';
import { CircuitBreaker } from './circuitBreaker';
import { Link, type SimNode } from './node';
import { Admit, ServerPool } from './serverPool';

const S_CACHE_GET = 1;
const S_DB_READ = 2;
const S_CACHE_SET = 3;
const S_ENQUEUE = 4;
const S_DB_WRITE = 5;
const S_INVALIDATE = 6;
/** Steps from here on: call service number (step − S_SERVICE). */
const S_SERVICE = 16;

/** Event kinds from 32 up belong to the data path and the autoscaler (the app server uses 16). */
const EV_APP_PRIVATE = 32;
const EV_CALL_TIMEOUT = EV_APP_PRIVATE;
const EV_RETRY_CHILD = EV_APP_PRIVATE + 1;
/** The autoscaler's kinds start here. */
export const EV_AUTOSCALE_BASE = EV_APP_PRIVATE + 8;

/** Defaults of the policies a `set` may switch on during a run (as the scenario schema fills them). */
const NESTED_DEFAULTS: Record<'retry' | 'circuitBreaker', Record<string, unknown>> = {
  retry: { max: 0, backoff: 100, multiplier: 2, jitter: true },
  circuitBreaker: { errorRate: 0.5, window: 10_000, minRequests: 20, coolDown: 5000 },
};

/** A database node as the data path needs it (no import of database.ts: no cycle). */
interface DbLike extends SimNode {
  role?: string;
  primaryNode?: SimNode | null;
}

export class AppDataPath {
  private cache: Link | null = null;
  private primary: Link | null = null;
  private replicas: Link[] = [];
  private queue: Link | null = null;
  private services: Link[] = [];
  /**
   * Nothing downstream (no cache, database, queue or service): every request ends right after its
   * CPU work. The app server then skips begin()'s walk through the steps, which ends the same way.
   */
  passThrough = true;
  private readonly breakers = new Map<number, CircuitBreaker>();
  /** DB connection pools, one per instance (when `pool` is set). */
  private pools: ServerPool[] = [];
  private readonly poolBusy = new TimeWeighted(0, 0);
  /** Requests waiting for a pooled DB connection, over all instances (time-weighted). */
  private readonly poolWait = new TimeWeighted(0, 0);
  private poolWaitAtWarmup = 0;
  private readonly pickStream: RandomStream;
  private readonly retryStream: RandomStream;
  /** Outstanding child calls with a timeout, in send order (one timer serves them all). */
  private readonly deadlines: CallDeadlines;
  readonly autoscaler: Autoscaler | null;

  constructor(private readonly app: AppServer) {
    const ctx = app.ctx;
    this.pickStream = ctx.stream(app.id, 'replica-pick');
    this.retryStream = ctx.stream(app.id, 'call-retry');
    this.deadlines = new CallDeadlines(ctx.sim, ctx.calls, app.index, EV_CALL_TIMEOUT);
    this.autoscaler = app.params.autoscale
      ? new Autoscaler(app, app.params.autoscale, EV_AUTOSCALE_BASE)
      : null;
  }

  /** Sorts the outgoing edges by what they are for; called after every topology change. */
  refreshLinks(): void {
    this.cache = null;
    this.primary = null;
    this.replicas = [];
    this.queue = null;
    this.services = [];
    for (const l of this.app.out) {
      const t = l.node.type;
      if (t === 'cache') this.cache ??= l;
      else if (t === 'queue') this.queue ??= l;
      else if (t === 'database') {
        if ((l.node as DbLike).role === 'replica') this.replicas.push(l);
        else this.primary ??= l;
      } else if (t === 'appServer' || t === 'loadBalancer') this.services.push(l);
    }
    if (this.primary === null && this.replicas.length > 0) {
      const p = (this.replicas[0].node as DbLike).primaryNode;
      if (p) this.primary = new Link(p, this.replicas[0].latency);
    }
    this.passThrough =
      this.cache === null &&
      this.primary === null &&
      this.replicas.length === 0 &&
      this.queue === null &&
      this.services.length === 0;
    this.syncPools();
  }

  private syncPools(): void {
    const size = this.app.params.pool;
    if (size === undefined) return;
    while (this.pools.length < this.app.instances.length) {
      this.pools.push(new ServerPool(size, Number.MAX_SAFE_INTEGER, this.poolBusy, this.poolWait));
    }
  }

  begin(call: Call): void {
    if (call.op === Op.read) {
      if (this.cache) return this.issue(call, Op.cacheGet, this.cache, S_CACHE_GET);
      return this.dbRead(call);
    }
    if (call.op === Op.write) {
      if (call.async && this.queue) return this.issue(call, Op.enqueue, this.queue, S_ENQUEUE);
      if (this.primary) return this.dbCall(call, S_DB_WRITE);
      return this.afterData(call);
    }
    this.afterData(call);
  }

  private dbRead(call: Call): void {
    if (this.replicas.length > 0 || this.primary) return this.dbCall(call, S_DB_READ);
    this.afterData(call);
  }

  /** A DB call, after a pool connection when the instance has a pool. */
  private dbCall(call: Call, step: number): void {
    call.step = step;
    if (this.app.params.pool !== undefined) {
      const admit = this.pools[call.instance].acquire(this.app.sim.now, call.id);
      if (admit !== Admit.started) return; // waits for a connection; resumed by releasePool
    }
    this.sendDb(call);
  }

  private sendDb(call: Call): void {
    if (call.step === S_DB_WRITE) return this.issue(call, Op.write, this.primary!, S_DB_WRITE);
    const n = this.replicas.length;
    const link =
      n === 0 ? this.primary! : this.replicas[n === 1 ? 0 : Math.floor(this.pickStream.next() * n)];
    this.issue(call, Op.read, link, S_DB_READ);
  }

  private releasePool(instance: number): void {
    if (this.app.params.pool === undefined || instance >= this.pools.length) return;
    const next = this.pools[instance].release(this.app.sim.now);
    if (next >= 0) this.sendDb(this.app.calls.get(next));
  }

  private afterData(call: Call): void {
    if (this.services.length > 0) return this.issue(call, call.op, this.services[0], S_SERVICE);
    this.app.finish(call, Reason.ok);
  }

  /** Sends a child call for `parent` through breaker, timeout and hop accounting. */
  private issue(parent: Call, op: OpCode, link: Link, step: number): void {
    parent.step = step;
    const ctx = this.app.ctx;
    const t = ctx.sim.now;
    const breaker = this.breakerFor(link);
    if (breaker && !breaker.allow(t)) {
      if (step === S_DB_READ || step === S_DB_WRITE) this.releasePool(parent.instance);
      return this.childFailed(parent, Reason.circuitOpen, this.app.index, true);
    }
    const child = ctx.calls.child(parent, op);
    child.callerStep = step;
    child.callerInstance = parent.instance;
    child.async = parent.async;
    child.b = link.nodeIndex;
    const gen = child.gen;
    this.app.send(child, link);
    // A child answered within the same instant is released already (its gen moved on).
    if (this.app.params.timeout !== undefined && child.gen === gen) this.armTimeout(child);
  }

  private breakerFor(link: Link): CircuitBreaker | null {
    const cb = this.app.params.circuitBreaker;
    if (!cb) return null;
    let b = this.breakers.get(link.nodeIndex);
    if (!b) {
      b = new CircuitBreaker(cb);
      this.breakers.set(link.nodeIndex, b);
    }
    return b;
  }

  onReply(child: Call): void {
    const ctx = this.app.ctx;
    const step = child.callerStep;
    const isDb = step === S_DB_READ || step === S_DB_WRITE;
    if (isDb) this.releasePool(child.callerInstance);
    if (child.abandoned) {
      // Timed out earlier; the parent has moved on (maybe finished). The answer is wasted work.
      ctx.calls.release(child);
      return;
    }
    const parent = ctx.calls.get(child.parent);
    const ok = child.status === Reason.ok;
    // No Map lookup per answer when no breaker exists (the usual case).
    const breaker = this.breakers.size > 0 ? this.breakers.get(child.b) : undefined;
    if (breaker) breaker.record(ctx.sim.now, ok);
    const hit = child.a === 1;
    const status = child.status;
    const failedAt = child.failedAt;
    ctx.calls.release(child);
    if (!ok) {
      // Cache trouble never fails a request: a failed get is a miss, a failed set/invalidate is skipped.
      if (step === S_CACHE_GET) return this.dbRead(parent);
      if (step === S_CACHE_SET || step === S_INVALIDATE) return this.afterData(parent);
      return this.childFailed(parent, status, failedAt, false);
    }
    parent.a = 0; // tries of the next step start afresh
    this.advance(parent, step, hit);
  }

  private advance(parent: Call, step: number, hit: boolean): void {
    switch (step) {
      case S_CACHE_GET:
        return hit ? this.afterData(parent) : this.dbRead(parent);
      case S_DB_READ:
        return this.cache ? this.issue(parent, Op.cacheSet, this.cache, S_CACHE_SET) : this.afterData(parent);
      case S_DB_WRITE:
        return this.cache
          ? this.issue(parent, Op.cacheInvalidate, this.cache, S_INVALIDATE)
          : this.afterData(parent);
      case S_CACHE_SET:
      case S_INVALIDATE:
      case S_ENQUEUE:
        return this.afterData(parent);
      default: {
        const next = step - S_SERVICE + 1;
        if (next < this.services.length)
          return this.issue(parent, parent.op, this.services[next], S_SERVICE + next);
        return this.app.finish(parent, Reason.ok);
      }
    }
  }

  /** A child call failed (or timed out, or the breaker refused): retry it or fail the request. */
  private childFailed(parent: Call, status: number, failedAt: number, countHere: boolean): void {
    const r = this.app.params.retry;
    if (r && parent.a < r.max && status !== Reason.circuitOpen) {
      let wait = r.backoff * r.multiplier ** parent.a;
      if (r.jitter) wait *= this.retryStream.next();
      parent.a++;
      this.app.sim.schedule(wait, this.app.index, EV_RETRY_CHILD, parent.id);
      return;
    }
    this.app.finish(parent, status, failedAt, countHere);
  }

  /** Re-issues the step the parent was at. */
  private retryStep(parent: Call): void {
    const step = parent.step;
    if (step === S_DB_READ || step === S_DB_WRITE) return this.dbCall(parent, step);
    if (step === S_CACHE_GET || step === S_CACHE_SET || step === S_INVALIDATE) return this.begin(parent);
    if (step === S_ENQUEUE) return this.issue(parent, Op.enqueue, this.queue!, S_ENQUEUE);
    const k = step - S_SERVICE;
    if (k < this.services.length) return this.issue(parent, parent.op, this.services[k], step);
    this.app.finish(parent, Reason.noRoute);
  }

  private armTimeout(child: Call): void {
    this.deadlines.arm(child, this.app.sim.now + this.app.params.timeout!);
  }

  onEvent(kind: number, arg: number): void {
    const ctx = this.app.ctx;
    if (kind === EV_RETRY_CHILD) return this.retryStep(ctx.calls.get(arg));
    if (kind === EV_CALL_TIMEOUT) return this.onTimer();
    this.autoscaler?.onEvent(kind, arg);
  }

  private onTimer(): void {
    const now = this.app.sim.now;
    this.deadlines.fired();
    for (let child = this.deadlines.expired(); child !== null; child = this.deadlines.expired()) {
      child.abandoned = true;
      const breaker = this.breakers.get(child.b);
      if (breaker) breaker.record(now, false);
      this.app.stats.fail(Reason.timeout);
      this.childFailed(this.app.calls.get(child.parent), Reason.timeout, this.app.index, false);
    }
    this.deadlines.rearm();
  }

  setInstances(n: number): void {
    if (this.autoscaler) this.autoscaler.resize(n);
    else Autoscaler.resizeNow(this.app, n);
    this.syncPools();
  }

  setParam(path: string, value: unknown): boolean {
    const p = this.app.params as unknown as Record<string, unknown>;
    if (path === 'timeout' && typeof value === 'number' && value > 0) {
      p.timeout = value;
      return true;
    }
    if (path === 'pool' && typeof value === 'number' && value >= 1) {
      p.pool = value;
      this.syncPools();
      const t = this.app.sim.now;
      for (const pool of this.pools) {
        pool.servers = value;
        // A bigger pool hands its new connections to the requests already waiting.
        for (let id = pool.startWaiting(t); id >= 0; id = pool.startWaiting(t))
          this.sendDb(this.app.calls.get(id));
      }
      return true;
    }
    if (path.startsWith('autoscale.') && this.autoscaler && typeof value === 'number') {
      return this.autoscaler.set(path.slice('autoscale.'.length), value);
    }
    if (path === 'autoscale' && this.autoscaler && typeof value === 'object' && value !== null) {
      const a = this.autoscaler;
      return Object.entries(value).every(([k, x]) => typeof x === 'number' && a.set(k, x));
    }
    if (path === 'retry' || path.startsWith('retry.')) return this.setNested('retry', path, value);
    if (path === 'circuitBreaker' || path.startsWith('circuitBreaker.'))
      return this.setNested('circuitBreaker', path, value);
    return false;
  }

  /**
   * `set retry[.field]` and `set circuitBreaker[.field]`: changed in place, so the breakers already
   * watching a dependency keep their state and judge by the new settings from now on. A field set
   * on a server without the policy starts from the policy's defaults.
   */
  private setNested(name: 'retry' | 'circuitBreaker', path: string, value: unknown): boolean {
    const p = this.app.params as unknown as Record<string, Record<string, unknown> | undefined>;
    const policy = (p[name] ??= { ...NESTED_DEFAULTS[name] });
    if (path === name) {
      if (typeof value !== 'object' || value === null) return false;
      Object.assign(policy, value);
      return true;
    }
    const key = path.slice(name.length + 1);
    if (!Object.hasOwn(NESTED_DEFAULTS[name], key) || typeof value !== typeof NESTED_DEFAULTS[name][key])
      return false;
    policy[key] = value;
    return true;
  }

  markWarmup(t: number): void {
    for (const b of this.breakers.values()) b.markWarmup(t);
    this.poolWaitAtWarmup = this.poolWait.integral(t);
  }

  resultExtras(): Record<string, unknown> {
    const app = this.app;
    const t = app.ctx.sim.now;
    const warm = app.stats.warm;
    const span = t - warm.t;
    const out: Record<string, unknown> = { instances: app.meanInstances() };
    if (app.params.circuitBreaker) {
      // The breaker that was open the longest: the one shedding load. (Max and sum: order-free.)
      let open = 0;
      let opens = 0;
      for (const b of this.breakers.values()) {
        open = Math.max(open, b.openSinceWarmup(t));
        opens += b.opensSinceWarmup();
      }
      out.circuitOpenFraction = span > 0 ? Math.min(1, open / span) : 0;
      out.circuitOpens = opens;
    }
    if (app.params.pool !== undefined) {
      // Time-average requests waiting for a pooled connection since the warm-up ended.
      out.poolWaitMean = span > 0 ? (this.poolWait.integral(t) - this.poolWaitAtWarmup) / span : 0;
    }
    return out;
  }
}
