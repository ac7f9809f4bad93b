/**
 * Windowed event counter for time series: the engine adds events as they happen and takes the
 * count once per series interval (e.g. requests completed or errors in the last interval).
 */
export class WindowCounter {
  /** Events since the last take(). */
  private window = 0;
  /** Events since construction or reset(). */
  private all = 0;

  /** Counts n events (default 1). */
  add(n = 1): void {
    this.window += n;
    this.all += n;
  }

  /** Events since the previous take() (or construction); and starts the next count. */
  take(): number {
    const n = this.window;
    this.window = 0;
    return n;
  }

  /** Events counted in the current window so far, without closing it. */
  get pending(): number {
    return this.window;
  }

  /** Events since construction or the last reset(), across windows. */
  get total(): number {
    return this.all;
  }

  /** Zeroes both the window and the total (e.g. at the end of warm-up). */
  reset(): void {
    this.window = 0;
    this.all = 0;
  }
}
