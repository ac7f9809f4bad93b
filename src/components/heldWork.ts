/**
 * HeldWork: the run's work budget, counted in memory. Everything a run keeps that grows with the
 * load instead of with the file is counted here as it grows: calls (requests in flight, their
 * downstream calls, callers blocked in backlogs or on a full queue, retries waiting out their
 * backoff), jobs held by queues, writes waiting at replicas (the replication log) and keys held
 * by caches and CDNs. Each pool counts its high-water mark (pools keep their storage once grown),
 * so the sum is what the run actually holds. Reaching the limit calls onLimit once: the build
 * ends the run there, with the breakdown (HELD_NAMES) as its recorded reason.
 *
 * Counted only when a pool grows past its mark, never on the reuse path.
 */

/**
 * Bytes one held item costs, measured (peak V8 heap + typed arrays per item, test/fuzz/heldMemory.ts)
 * and rounded up: a call is an object with ~25 fields plus its share of events and rings; a job is
 * ~50 bytes of typed-array columns, a key ~36, a replica's log entry 16 plus its pending-key map,
 * each up to doubled while its arrays double.
 */
export const HELD_BYTES = { call: 340, job: 160, logEntry: 100, key: 80 } as const;
export type HeldKind = keyof typeof HELD_BYTES;

/** How each kind is named in a stop reason. */
export const HELD_NAMES: Record<HeldKind, string> = {
  call: 'calls',
  job: 'jobs in queues',
  logEntry: 'writes waiting at replicas',
  key: 'keys in caches and CDNs',
};

export class HeldWork {
  /** Items held, by kind (high-water marks). */
  readonly counts: Record<HeldKind, number> = { call: 0, job: 0, logEntry: 0, key: 0 };
  /** Bytes held (Σ counts × HELD_BYTES). */
  bytes = 0;
  /** Bytes that end the run (default: unlimited). */
  limitBytes = Number.POSITIVE_INFINITY;
  /** Runs once, when bytes first reach limitBytes. */
  onLimit: (() => void) | null = null;

  /** One more item of `kind` held. */
  take(kind: HeldKind): void {
    this.counts[kind]++;
    this.bytes += HELD_BYTES[kind];
    if (this.bytes >= this.limitBytes && this.onLimit !== null) {
      const f = this.onLimit;
      this.onLimit = null;
      f();
    }
  }
}
