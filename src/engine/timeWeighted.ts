/**
 * Time-weighted average of a piecewise-constant quantity (queue length, busy servers, connections).
 *
 * The quantity holds its value between changes, so its average over [start, now] is the integral of
 * the step function divided by the window length, not the mean of the values it took. Each change
 * adds one rectangle (value × duration) to a running integral: O(1) time, constant memory, and no
 * allocation on the hot path.
 *
 * Times are simulated ms and must not decrease between calls (the engine's clock never goes back).
 */
export class TimeWeighted {
  /** Start of the current averaging window, ms. */
  private start: number;
  /** Time of the last change, ms. */
  private lastT: number;
  /** Current value. */
  private current: number;
  /** Integral of the value over [start, lastT], value × ms. */
  private area = 0;

  /**
   * @param t0 start of the first window in ms (default 0).
   * @param value value held from t0 on (default 0).
   */
  constructor(t0 = 0, value = 0) {
    this.start = t0;
    this.lastT = t0;
    this.current = value;
  }

  /** Current value. */
  get value(): number {
    return this.current;
  }

  /** Start of the current window, ms. */
  get windowStart(): number {
    return this.start;
  }

  /** The quantity becomes `value` at time t (ms, ≥ the previous change). */
  set(t: number, value: number): void {
    this.area += this.current * (t - this.lastT);
    this.lastT = t;
    this.current = value;
  }

  /** The quantity changes by `delta` at time t (ms, ≥ the previous change), e.g. +1 on enqueue. */
  add(t: number, delta: number): void {
    this.area += this.current * (t - this.lastT);
    this.lastT = t;
    this.current += delta;
  }

  /** Integral of the value over [windowStart, tNow] in value × ms (tNow ≥ the last change). */
  integral(tNow: number): number {
    return this.area + this.current * (tNow - this.lastT);
  }

  /**
   * Time-weighted mean over [windowStart, tNow]. For an empty window (tNow = windowStart) this is
   * the current value, the limit of the mean as the window shrinks.
   */
  mean(tNow: number): number {
    const span = tNow - this.start;
    return span > 0 ? this.integral(tNow) / span : this.current;
  }

  /**
   * Starts a new window at t (ms, ≥ the last change) keeping the current value: used at the end of
   * warm-up so that summary statistics exclude it.
   */
  reset(t: number): void {
    this.area = 0;
    this.start = t;
    this.lastT = t;
  }
}
