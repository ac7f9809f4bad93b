/**
 * A circuit breaker on one downstream dependency: closed (calls pass, outcomes counted over a
 * sliding window), open (calls fail fast with "circuit open" for `coolDown`), half-open (one probe
 * passes; its success closes the breaker, its failure opens it again).
 *
 * The window is 10 buckets of window/10 each, so memory is constant and the error rate forgets old
 * outcomes smoothly.
 */

export interface BreakerSettings {
  errorRate: number;
  window: number;
  minRequests: number;
  coolDown: number;
}

const BUCKETS = 10;
export const BreakerState = { closed: 0, open: 1, halfOpen: 2 } as const;

export class CircuitBreaker {
  state: number = BreakerState.closed;
  private readonly ok = new Float64Array(BUCKETS);
  private readonly bad = new Float64Array(BUCKETS);
  private bucketStart = 0;
  private bucket = 0;
  private openedAt = 0;
  private probeOut = false;
  /** Time spent open (open + half-open), ms, up to lastChange. */
  private openMs = 0;
  private lastChange = 0;
  /** Times the breaker opened. */
  opens = 0;
  private openAtWarmup = 0;
  private opensAtWarmup = 0;

  constructor(private readonly s: BreakerSettings) {}

  /** May a call go through now? Also moves open → half-open after the cool-down. */
  allow(t: number): boolean {
    if (this.state === BreakerState.closed) return true;
    if (this.state === BreakerState.open) {
      if (t - this.openedAt < this.s.coolDown) return false;
      this.setState(t, BreakerState.halfOpen);
      this.probeOut = false;
    }
    if (this.probeOut) return false;
    this.probeOut = true;
    return true;
  }

  /** Outcome of a call that was allowed through. */
  record(t: number, success: boolean): void {
    if (this.state === BreakerState.halfOpen) {
      this.probeOut = false;
      if (success) {
        this.setState(t, BreakerState.closed);
        this.ok.fill(0);
        this.bad.fill(0);
        this.bucketStart = t;
      } else {
        this.trip(t);
      }
      return;
    }
    if (this.state !== BreakerState.closed) return;
    this.roll(t);
    if (success) this.ok[this.bucket]++;
    else this.bad[this.bucket]++;
    let okSum = 0;
    let badSum = 0;
    for (let i = 0; i < BUCKETS; i++) {
      okSum += this.ok[i];
      badSum += this.bad[i];
    }
    const n = okSum + badSum;
    if (n >= this.s.minRequests && badSum / n >= this.s.errorRate) this.trip(t);
  }

  /** Open (or half-open) time accumulated up to t, ms. */
  openTime(t: number): number {
    return this.openMs + (this.state !== BreakerState.closed ? t - this.lastChange : 0);
  }

  /** End of warm-up: the figures below count from here. */
  markWarmup(t: number): void {
    this.openAtWarmup = this.openTime(t);
    this.opensAtWarmup = this.opens;
  }

  /** Time not closed since the warm-up ended, ms. */
  openSinceWarmup(t: number): number {
    return this.openTime(t) - this.openAtWarmup;
  }

  /** Times it opened since the warm-up ended. */
  opensSinceWarmup(): number {
    return this.opens - this.opensAtWarmup;
  }

  private trip(t: number): void {
    this.setState(t, BreakerState.open);
    this.openedAt = t;
    this.opens++;
  }

  private setState(t: number, next: number): void {
    if (this.state !== BreakerState.closed) this.openMs += t - this.lastChange;
    this.lastChange = t;
    this.state = next;
  }

  private roll(t: number): void {
    const width = this.s.window / BUCKETS;
    while (t - this.bucketStart >= width) {
      this.bucketStart += width;
      this.bucket = (this.bucket + 1) % BUCKETS;
      this.ok[this.bucket] = 0;
      this.bad[this.bucket] = 0;
      // A long quiet spell: clear everything at once instead of looping through it.
      if (t - this.bucketStart > this.s.window) {
        this.ok.fill(0);
        this.bad.fill(0);
        this.bucketStart = t;
      }
    }
  }
}
