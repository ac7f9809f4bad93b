/**
 * client: the users. Generates requests from a piecewise rate profile and a weighted mix of
 * request classes (read / write / static, keys drawn Zipf), measures end-to-end latency, gives up
 * after `timeout` (the work downstream goes on, wasted) and retries with backoff and jitter.
 *
 * Every attempt ends exactly once as completed, failed, timed out or rejected, so the run keeps
 * arrived + retries = completed + failed + timedOut + rejected + inFlight.
 */
import { ln } from '../engine/fastMath';
import type { RandomStream } from '../engine/random';
import { ZipfKeys } from '../engine/zipf';
import { type Call, isRejectReason, Op, type OpCode, Reason } from './call';
import { CallDeadlines } from './callDeadlines';
import { Ev, type Link, type SimContext, SimNode } from './node';
import { type RatePoint, RateProfile } from './rateProfile';

/** A weighted class of requests in the client's mix. */
export interface RequestClass {
  /** Shown in explanations, e.g. "page view". */
  name: string;
  /** read (default), write, or static (served by a CDN when one is in front). */
  op: 'read' | 'write' | 'static';
  /** Relative weight (> 0); default 1. */
  weight: number;
  /** Key popularity: `count` keys (default 10 000), Zipf exponent `zipf` (default 0.99). */
  keys: { count: number; zipf: number };
  /** Writes only: answered once enqueued when the app server has a queue (default false). */
  async: boolean;
}

export interface RetryPolicy {
  /** Extra attempts after the first (0–10; default 0). */
  max: number;
  /** Delay before the first retry, ms (default 100). */
  backoff: number;
  /** Each further retry waits `multiplier` times longer (default 2). */
  multiplier: number;
  /** Full jitter: wait a uniform fraction of the backoff (default true). */
  jitter: boolean;
}

export interface ClientParams {
  /** Offered load over time (requests per second, steps and ramps; `at` in simulated ms). */
  rate: RatePoint[];
  /** Multiplies every rate of the profile (the traffic slider); default 1. */
  trafficScale: number;
  /** "poisson" (default) or "constant" spacing. */
  arrivals: 'poisson' | 'constant';
  mix: RequestClass[];
  /** Give up on an attempt after this long, ms (default 10 000). */
  timeout: number;
  retry: RetryPolicy;
}

const EV_ARRIVAL = 16;
const EV_TIMEOUT = 17;
const EV_RETRY = 18;
const OPS: Record<RequestClass['op'], OpCode> = { read: Op.read, write: Op.write, static: Op.static };

export class Client extends SimNode {
  private profile: RateProfile;
  /** The profile in force (the scenario's, or the last `set rate`) and its multiplier. */
  private points: RatePoint[];
  private scale: number;
  private readonly arrivalStream: RandomStream;
  private readonly mixStream: RandomStream;
  private readonly keyStream: RandomStream;
  private readonly retryStream: RandomStream;
  private readonly cumWeights: number[] = [];
  private readonly zipfs: (ZipfKeys | null)[] = [];
  private readonly ops: OpCode[] = [];
  private readonly asyncs: boolean[] = [];
  /** Pending attempts in send order: one timer serves them all (timeouts are equal). */
  private readonly deadlines: CallDeadlines;
  private rrEntry = 0;
  private nextArrivalHandle = -1;
  /** Poisson (exponential gaps) rather than constant spacing; read once, not per arrival. */
  private readonly poisson: boolean;

  constructor(
    ctx: SimContext,
    id: string,
    readonly params: ClientParams,
  ) {
    super(ctx, id, 'client');
    this.deadlines = new CallDeadlines(ctx.sim, ctx.calls, this.index, EV_TIMEOUT);
    this.points = params.rate;
    this.scale = params.trafficScale ?? 1;
    this.profile = new RateProfile(this.points, this.scale);
    this.arrivalStream = ctx.stream(id, 'arrivals');
    this.mixStream = ctx.stream(id, 'mix');
    this.keyStream = ctx.stream(id, 'keys');
    this.retryStream = ctx.stream(id, 'retry');
    this.poisson = params.arrivals === 'poisson';
    let acc = 0;
    for (const c of params.mix) {
      acc += c.weight;
      this.cumWeights.push(acc);
      this.zipfs.push(c.keys.count > 1 ? new ZipfKeys(c.keys.count, c.keys.zipf) : null);
      this.ops.push(OPS[c.op]);
      this.asyncs.push(c.async);
    }
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

  /** Schedules the first arrival; called once by the build. */
  start(): void {
    this.scheduleArrival();
  }

  protected accept(call: Call): void {
    // Nothing sends work to a client.
    this.failHere(call, Reason.noRoute);
  }

  protected override onEvent(kind: number, arg: number): void {
    if (kind === EV_ARRIVAL) this.onArrival();
    else if (kind === EV_TIMEOUT) this.onTimer();
    else if (kind === EV_RETRY) this.dispatch(this.calls.get(arg));
  }

  private scheduleArrival(): void {
    const u = this.arrivalStream.next();
    const work = this.poisson ? -ln(1 - u) : 1;
    const sim = this.sim;
    const t = this.profile.next(sim.now, work);
    this.nextArrivalHandle =
      t === Number.POSITIVE_INFINITY ? -1 : sim.scheduleAt(t, this.index, EV_ARRIVAL, 0);
  }

  private onArrival(): void {
    this.nextArrivalHandle = -1;
    this.scheduleArrival();
    const call = this.calls.alloc();
    const cum = this.cumWeights;
    let cls = 0;
    // A one-class mix needs no draw: the mix stream feeds nothing else, so skipping it changes no
    // result (and a mix cannot change during a run, so its alignment never matters).
    if (cum.length > 1) {
      const u = this.mixStream.next() * cum[cum.length - 1];
      while (cls < cum.length - 1 && cum[cls] <= u) cls++;
    }
    call.cls = cls;
    call.op = this.ops[cls];
    call.async = this.asyncs[cls];
    const z = this.zipfs[cls];
    call.key = z === null ? 0 : z.key(this.keyStream.next());
    call.requestStart = this.sim.now;
    const tracer = this.core.tracer;
    if (tracer.enabled) tracer.onRequest(call, this.params.mix[cls].name, call.requestStart);
    this.stats.arrivals++;
    this.ctx.metrics.arrived++;
    this.dispatch(call);
  }

  /** Sends an attempt to the entry node and arms its timeout. */
  private dispatch(call: Call): void {
    const link = this.entryFor(call.op);
    if (call.attempt > 0) this.ctx.metrics.retries++;
    if (link === null) {
      call.caller = this.index;
      call.status = Reason.noRoute;
      call.failedAt = this.index;
      this.stats.fail(Reason.noRoute);
      this.onReply(call);
      return;
    }
    this.armTimeout(call);
    this.send(call, link);
  }

  /** Static requests prefer a CDN; everything else goes round-robin over the other entries. */
  private entryFor(op: OpCode): Link | null {
    const out = this.out;
    if (out.length === 1) return out[0];
    return out.length === 0 ? null : this.pickEntry(op);
  }

  /** entryFor with several entries (kept apart so the one-entry case stays small enough to inline). */
  private pickEntry(op: OpCode): Link {
    const out = this.out;
    if (op === Op.static) for (const l of out) if (l.node.type === 'cdn') return l;
    for (let k = 0; k < out.length; k++) {
      const l = out[this.rrEntry++ % out.length];
      if (l.node.type !== 'cdn' || op === Op.static) return l;
    }
    return out[0];
  }

  private armTimeout(call: Call): void {
    this.deadlines.arm(call, this.sim.now + this.params.timeout);
  }

  private onTimer(): void {
    const now = this.sim.now;
    this.deadlines.fired();
    for (let call = this.deadlines.expired(); call !== null; call = this.deadlines.expired()) {
      // Give up: the attempt stays downstream (wasted work) and is dropped when it answers.
      call.abandoned = true;
      if (call.traced) this.core.tracer.finish(call, now, this.index);
      this.stats.fail(Reason.timeout);
      this.ctx.metrics.error(1);
      this.maybeRetry(call);
    }
    this.deadlines.dropSettled();
    this.deadlines.rearm();
  }

  protected override onReply(call: Call): void {
    if (call.abandoned) {
      this.calls.release(call);
      return;
    }
    if (call.traced) this.core.tracer.finish(call, this.sim.now);
    const m = this.ctx.metrics;
    if (call.status === Reason.ok) {
      m.completion(this.sim.now - call.requestStart);
      this.stats.completions++;
    } else {
      m.error(isRejectReason(call.status) ? 2 : 0);
      this.maybeRetry(call);
    }
    this.calls.release(call);
    this.deadlines.dropSettled();
  }

  /** Schedules the next attempt of `prev`'s request when retries remain. */
  private maybeRetry(prev: Call): void {
    const r = this.params.retry;
    if (prev.attempt >= r.max) return;
    const next = this.calls.alloc();
    next.op = prev.op;
    next.key = prev.key;
    next.cls = prev.cls;
    next.async = prev.async;
    next.requestStart = prev.requestStart;
    next.attempt = prev.attempt + 1;
    let wait = r.backoff * r.multiplier ** prev.attempt;
    if (r.jitter) wait *= this.retryStream.next();
    this.sim.schedule(wait, this.index, EV_RETRY, next.id);
    if (prev.traced) this.core.tracer.onRetry(prev, next, this.sim.now + wait);
  }

  /**
   * Replaces the rate profile from now on (`set rate`, `set trafficScale`). Points keep their
   * absolute times; a constant rate is a single point at 0. The pending arrival is redrawn.
   */
  setRate(points: RatePoint[], scale: number): void {
    this.points = points;
    this.scale = scale;
    this.profile = new RateProfile(points, scale);
    if (this.nextArrivalHandle >= 0) this.sim.cancel(this.nextArrivalHandle);
    this.scheduleArrival();
  }

  /** Offered rate now, requests per second. */
  rateNow(): number {
    return this.profile.rateAt(this.sim.now);
  }

  override setParam(path: string, value: unknown): boolean {
    if (path === 'rate' && typeof value === 'number' && value >= 0) {
      this.setRate([{ at: 0, rps: value, ramp: 0 }], this.scale);
      return true;
    }
    if (path === 'rate' && Array.isArray(value)) {
      this.setRate(value as RatePoint[], this.scale);
      return true;
    }
    if (path === 'trafficScale' && typeof value === 'number' && value >= 0) {
      this.setRate(this.points, value);
      return true;
    }
    if (path === 'timeout' && typeof value === 'number' && value > 0) {
      (this.params as { timeout: number }).timeout = value;
      return true;
    }
    if (path === 'retry' && typeof value === 'object' && value !== null) {
      Object.assign(this.params.retry, value);
      return true;
    }
    if (path.startsWith('retry.') && path.slice(6) in this.params.retry) {
      (this.params.retry as unknown as Record<string, unknown>)[path.slice(6)] = value;
      return true;
    }
    if (path === 'arrivals' && (value === 'poisson' || value === 'constant')) {
      this.params.arrivals = value;
      return true;
    }
    return false;
  }
}
