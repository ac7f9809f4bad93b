/**
 * rateLimiter: a token bucket in front of whatever it points to. The bucket holds at most `burst`
 * tokens and refills continuously at `rate` tokens per second (computed on each arrival, so it
 * costs no events). A request takes one token and is forwarded at once, as a child call, to the
 * limiter's first outgoing edge; with no token it is refused with "rate limited" (an HTTP 429,
 * counted as rejected). It does no work of its own: no service time, no servers.
 */
import { type Call, Reason } from './call';
import { type SimContext, SimNode } from './node';

export interface RateLimiterParams {
  /** Tokens added per second (> 0): the long-run rate let through. */
  rate: number;
  /** Bucket size (≥ 1; default max(rate, 1)): the most requests let through at one instant. */
  burst: number;
  /** Dollars per hour (default 0). */
  costPerHour: number;
}

/**
 * A token that is short of 1 by float rounding alone counts as whole: with exactly `rate`
 * arrivals per second the refill sums (rate·Δt/1000) need not add to exactly 1.
 */
const TOKEN_EPS = 1e-9;

export class RateLimiter extends SimNode {
  /** Tokens in the bucket at `lastRefill`; starts full. */
  private tokens: number;
  private lastRefill: number;
  /** Requests let through / refused (whole run), and their values at the marks. */
  allowed = 0;
  limited = 0;
  private allowedAtWarmup = 0;
  private limitedAtWarmup = 0;
  private seriesLimited = 0;
  private seriesT = 0;
  private liveLimited = 0;
  private liveT = 0;

  constructor(
    ctx: SimContext,
    id: string,
    readonly params: RateLimiterParams,
  ) {
    super(ctx, id, 'rateLimiter');
    this.tokens = params.burst;
    this.lastRefill = ctx.sim.now;
    this.seriesT = this.liveT = ctx.sim.now;
  }

  /** Tokens now, after the refill since the last look. */
  private refill(): number {
    const t = this.ctx.sim.now;
    const p = this.params;
    const tokens = this.tokens + (p.rate * (t - this.lastRefill)) / 1000;
    this.tokens = Math.min(tokens, p.burst);
    this.lastRefill = t;
    return this.tokens;
  }

  protected accept(call: Call): void {
    if (this.refill() < 1 - TOKEN_EPS) {
      this.limited++;
      this.failHere(call, Reason.rateLimited);
      return;
    }
    const link = this.out.length > 0 ? this.out[0] : null;
    if (link === null) {
      this.failHere(call, Reason.noRoute);
      return;
    }
    this.tokens = this.tokens > 1 ? this.tokens - 1 : 0;
    this.allowed++;
    const child = this.ctx.calls.child(call, call.op);
    child.async = call.async;
    this.send(child, link);
  }

  protected override onReply(child: Call): void {
    const calls = this.ctx.calls;
    const parent = calls.get(child.parent);
    parent.status = child.status;
    parent.failedAt = child.failedAt;
    calls.release(child);
    // A downstream failure was counted where it happened: only passed up here.
    this.answer(parent);
  }

  override markWarmup(t: number): void {
    super.markWarmup(t);
    this.allowedAtWarmup = this.allowed;
    this.limitedAtWarmup = this.limited;
  }

  override costPerHour(): number {
    return this.params.costPerHour;
  }

  override setParam(path: string, value: unknown): boolean {
    if (typeof value !== 'number') return false;
    if (path === 'rate' && value > 0) {
      this.refill(); // tokens so far accrue at the old rate
      this.params.rate = value;
      return true;
    }
    if (path === 'burst' && value >= 1) {
      this.refill();
      this.params.burst = value;
      if (this.tokens > value) this.tokens = value;
      return true;
    }
    if (path === 'costPerHour' && value >= 0) {
      this.params.costPerHour = value;
      return true;
    }
    return false;
  }

  override resultExtras(): Record<string, unknown> {
    return { allowed: this.allowed - this.allowedAtWarmup, limited: this.limited - this.limitedAtWarmup };
  }

  /** Refusals per second over the interval since the last call. */
  override seriesExtras(out: Record<string, number>): void {
    const t = this.ctx.sim.now;
    out.limited = t > this.seriesT ? ((this.limited - this.seriesLimited) * 1000) / (t - this.seriesT) : 0;
    this.seriesLimited = this.limited;
    this.seriesT = t;
  }

  override liveExtras(out: Record<string, number>): void {
    const t = this.ctx.sim.now;
    out.limited = t > this.liveT ? ((this.limited - this.liveLimited) * 1000) / (t - this.liveT) : 0;
    this.liveLimited = this.limited;
    this.liveT = t;
    // Computed without touching the bucket: watching a run must not change its numbers.
    const p = this.params;
    out.tokens = Math.min(p.burst, this.tokens + (p.rate * (t - this.lastRefill)) / 1000);
  }
}
