/**
 * A client's offered rate over time — steps and linear ramps — and arrival times by inverting
 * its cumulative rate: the next arrival after t is the x with ∫_t^x r(s) ds = E, where E is one
 * unit-mean exponential draw (Poisson arrivals) or exactly 1 (constant spacing). One uniform per
 * arrival whatever the profile, so streams stay aligned across scenarios (common random numbers).
 */

/** A point of the rate profile. */
export interface RatePoint {
  /** When this rate takes effect, ms from the start. The first point is at 0. */
  at: number;
  /** Requests per second from `at` (after the ramp). */
  rps: number;
  /** Linear ramp from the previous rate, ms (0 = step). Cut short by the next point. */
  ramp: number;
}

/** Linear pieces [t0, t1) with rate r0 → r1 in requests per ms; the last piece runs forever. */
export class RateProfile {
  private readonly t0: number[] = [];
  private readonly r0: number[] = [];
  /** Rate slope per ms² within the piece. */
  private readonly slope: number[] = [];
  private seg = 0;

  constructor(points: readonly RatePoint[], scale = 1) {
    let prev = points.length > 0 ? (points[0].rps * scale) / 1000 : 0;
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      const target = (p.rps * scale) / 1000;
      const next = i + 1 < points.length ? points[i + 1].at : Number.POSITIVE_INFINITY;
      const rampEnd = Math.min(p.at + (i === 0 ? 0 : p.ramp), next);
      if (rampEnd > p.at) {
        const k = (target - prev) / (p.ramp > 0 ? p.ramp : 1);
        this.push(p.at, prev, k);
        prev += k * (rampEnd - p.at);
        if (rampEnd < next) this.push(rampEnd, target, 0);
        if (rampEnd < next) prev = target;
      } else {
        this.push(p.at, target, 0);
        prev = target;
      }
    }
    if (this.t0.length === 0) this.push(0, 0, 0);
  }

  private push(t: number, r: number, k: number): void {
    this.t0.push(t);
    this.r0.push(r);
    this.slope.push(k);
  }

  /** Offered rate at time t, requests per second. */
  rateAt(t: number): number {
    let i = 0;
    while (i + 1 < this.t0.length && this.t0[i + 1] <= t) i++;
    return (this.r0[i] + this.slope[i] * (t - this.t0[i])) * 1000;
  }

  /** Expected arrivals in [a, b]: the integral of the rate. */
  expectedBetween(a: number, b: number): number {
    let total = 0;
    for (let i = 0; i < this.t0.length; i++) {
      const s = Math.max(a, this.t0[i]);
      const e = Math.min(b, i + 1 < this.t0.length ? this.t0[i + 1] : Number.POSITIVE_INFINITY);
      if (e <= s) continue;
      const rs = this.r0[i] + this.slope[i] * (s - this.t0[i]);
      total += rs * (e - s) + 0.5 * this.slope[i] * (e - s) * (e - s);
    }
    return total;
  }

  /**
   * The time x > t at which the cumulative rate since t reaches `work` (> 0), or Infinity when the
   * rate stays zero. Calls must come with non-decreasing t (a cursor walks the pieces).
   */
  next(t: number, work: number): number {
    const n = this.t0.length;
    let i = this.seg;
    while (i + 1 < n && this.t0[i + 1] <= t) i++;
    this.seg = i;
    let x = t;
    for (;;) {
      const end = i + 1 < n ? this.t0[i + 1] : Number.POSITIVE_INFINITY;
      const k = this.slope[i];
      const r = this.r0[i] + k * (x - this.t0[i]);
      // Integral over [x, end): r·d + k·d²/2.
      const span = end - x;
      const avail = k === 0 ? r * span : r * span + 0.5 * k * span * span;
      if (!(avail < work)) {
        if (k === 0) return x + work / r;
        const disc = r * r + 2 * k * work;
        // Stable root of k/2·d² + r·d − work = 0.
        if (disc >= 0) return x + (2 * work) / (r + Math.sqrt(disc));
      }
      if (end === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
      if (avail > 0) work -= avail;
      x = end;
      i++;
    }
  }
}
