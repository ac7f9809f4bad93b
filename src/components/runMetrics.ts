/**
 * Request-level figures of a run: the balance of attempts, end-to-end latency of completed
 * requests (after warm-up) with a batch-means interval for its mean, and per-interval figures for
 * the series and the live view. Clients report into it; the result reads it.
 */
import { BatchMeans } from '../engine/batchMeans';
import { bucketIndex, LatencyHistogram } from '../engine/histogram';

export class RunMetrics {
  /** Whole run: arrived + retries = completed + failed + timedOut + rejected + inFlight. */
  arrived = 0;
  retries = 0;
  completed = 0;
  failed = 0;
  timedOut = 0;
  rejected = 0;
  /** Measured window (after warm-up), by the time the attempt ended. */
  measuredCompleted = 0;
  measuredErrors = 0;
  /**
   * Completions slower than sloLatencyMs in the measured window (the scenario's `slo`; Infinity
   * without one, so nothing counts and nothing else changes).
   */
  sloLatencyMs = Number.POSITIVE_INFINITY;
  measuredSlow = 0;
  readonly latency = new LatencyHistogram();
  readonly latencyBatches = new BatchMeans(32);
  /** Since the last series point. */
  readonly intervalLatency = new LatencyHistogram();
  intervalCompleted = 0;
  intervalErrors = 0;
  /** Since the last live snapshot; only kept once a live driver asks for snapshots. */
  liveEnabled = false;
  readonly liveLatency = new LatencyHistogram();
  liveCompleted = 0;
  liveErrors = 0;
  measuring = false;

  constructor(readonly warmupMs: number) {
    this.measuring = warmupMs <= 0;
  }

  /** The request balance (result@1 `requests`), whole run. */
  counts(): {
    arrived: number;
    completed: number;
    failed: number;
    timedOut: number;
    rejected: number;
    inFlight: number;
    retries: number;
  } {
    return {
      arrived: this.arrived,
      completed: this.completed,
      failed: this.failed,
      timedOut: this.timedOut,
      rejected: this.rejected,
      inFlight: this.inFlight,
      retries: this.retries,
    };
  }

  get inFlight(): number {
    return this.arrived + this.retries - this.completed - this.failed - this.timedOut - this.rejected;
  }

  completion(latencyMs: number): void {
    this.completed++;
    this.intervalCompleted++;
    // One bucket computation for up to three histograms (what record() would do in each).
    // As record() does: negative and NaN count as 0 (Math.max would keep NaN).
    let v = latencyMs;
    if (!(v > 0)) v = 0;
    const bucket = bucketIndex(v);
    this.intervalLatency.recordInBucket(bucket, v);
    if (this.measuring) {
      this.measuredCompleted++;
      if (latencyMs > this.sloLatencyMs) this.measuredSlow++;
      this.latency.recordInBucket(bucket, v);
      this.latencyBatches.add(latencyMs);
    }
    if (this.liveEnabled) {
      this.liveCompleted++;
      this.liveLatency.recordInBucket(bucket, v);
    }
  }

  /** An attempt ended badly: kind 0 failed, 1 timed out, 2 rejected. */
  error(kind: 0 | 1 | 2): void {
    if (kind === 0) this.failed++;
    else if (kind === 1) this.timedOut++;
    else this.rejected++;
    this.intervalErrors++;
    if (this.measuring) this.measuredErrors++;
    if (this.liveEnabled) this.liveErrors++;
  }

  startMeasuring(): void {
    this.measuring = true;
    this.latency.reset();
    this.latencyBatches.reset();
    this.measuredCompleted = 0;
    this.measuredErrors = 0;
    this.measuredSlow = 0;
  }
}
