/**
 * KeyStore: the key model shared by the cache and the CDN — which keys are held, LRU eviction
 * beyond `capacity`, and a lifetime `ttl` counted from each entry's last write (reads never extend
 * it). Only presence matters; no values are stored.
 *
 * Every operation is O(1) and allocation-free once the arrays have grown: a Map from key to slot,
 * and per slot a key, a write time and two doubly linked lists threaded through Int32Arrays —
 * recency order (for LRU eviction) and write order. Because every entry lives the same `ttl` from
 * its write, write order IS expiry order, so expired entries are always at the head of the
 * write-order list and are swept there as time passes: `size` and `expirations` are exact at every
 * operation, not lazily discovered. (Storing write times rather than expiry times keeps this true
 * when `ttl` changes during a run: the new lifetime applies to every entry at once.)
 *
 * Slots grow on demand (doubling) up to `capacity`, so a CDN with a capacity of 10^8 objects costs
 * memory only for the objects it actually holds. The Map is only ever looked up by key, never
 * iterated, so its insertion order cannot leak into results.
 */

const NONE = -1;
const INITIAL_SLOTS = 1024;

export class KeyStore {
  /** Entries evicted by LRU to make room (whole run). */
  evictions = 0;
  /** Entries that reached their lifetime while held (whole run). */
  expirations = 0;

  private readonly slotOf = new Map<number, number>();
  private keys: Float64Array;
  private written: Float64Array;
  /** Recency list: head = most recently used, tail = least. */
  private newer: Int32Array;
  private older: Int32Array;
  private mru = NONE;
  private lru = NONE;
  /** Write-order list: head = oldest write (next to expire), tail = newest. */
  private wNext: Int32Array;
  private wPrev: Int32Array;
  private oldest = NONE;
  private newest = NONE;
  /** Slots ever used (the high-water mark); freed slots are chained through `older`. */
  private used = 0;
  private free = NONE;
  private count = 0;

  /**
   * @param capacity most keys held, ≥ 1 (LRU beyond it).
   * @param ttl lifetime of an entry from its write, ms (> 0; Infinity = never expires).
   */
  constructor(
    private cap: number,
    public ttl = Number.POSITIVE_INFINITY,
  ) {
    if (!(cap >= 1)) throw new RangeError(`capacity: must be ≥ 1, got ${cap}`);
    const n = Math.min(cap, INITIAL_SLOTS);
    this.keys = new Float64Array(n);
    this.written = new Float64Array(n);
    this.newer = new Int32Array(n);
    this.older = new Int32Array(n);
    this.wNext = new Int32Array(n);
    this.wPrev = new Int32Array(n);
  }

  /** Most keys held. */
  get capacity(): number {
    return this.cap;
  }

  /** Keys held and not expired as of the last operation (call `expire(now)` first for "now"). */
  get size(): number {
    return this.count;
  }

  /**
   * Looks `key` up at time `now` (ms, never decreasing between calls). A hit makes the key the most
   * recently used; its lifetime is unchanged. Returns whether the key was held and alive.
   */
  get(key: number, now: number): boolean {
    this.expire(now);
    const s = this.slotOf.get(key);
    if (s === undefined) return false;
    this.unlinkRecency(s);
    this.pushRecency(s);
    return true;
  }

  /** Whether `key` is held and alive at `now`, without touching recency. */
  has(key: number, now: number): boolean {
    this.expire(now);
    return this.slotOf.has(key);
  }

  /**
   * Writes `key` at `now`: inserts it or refreshes it (its lifetime restarts), makes it the most
   * recently used, and evicts the least recently used key when that makes one too many.
   */
  set(key: number, now: number): void {
    this.expire(now);
    let s = this.slotOf.get(key);
    if (s !== undefined) {
      this.unlinkRecency(s);
      this.unlinkWrite(s);
    } else {
      if (this.count >= this.cap) {
        this.evictions++;
        this.remove(this.lru);
      }
      s = this.allocSlot();
      this.keys[s] = key;
      this.slotOf.set(key, s);
      this.count++;
    }
    this.written[s] = now;
    this.pushRecency(s);
    this.pushWrite(s);
  }

  /** Removes `key`; returns whether it was held (and alive). */
  delete(key: number, now: number): boolean {
    this.expire(now);
    const s = this.slotOf.get(key);
    if (s === undefined) return false;
    this.remove(s);
    return true;
  }

  /** Drops every entry (a cache restarting cold). Counters are kept. */
  clear(): void {
    this.slotOf.clear();
    this.mru = this.lru = this.oldest = this.newest = NONE;
    this.used = 0;
    this.free = NONE;
    this.count = 0;
  }

  /** Changes the capacity (≥ 1), evicting least recently used keys down to it. */
  setCapacity(capacity: number, now: number): void {
    if (!(capacity >= 1)) throw new RangeError(`capacity: must be ≥ 1, got ${capacity}`);
    this.expire(now);
    this.cap = capacity;
    while (this.count > capacity) {
      this.evictions++;
      this.remove(this.lru);
    }
  }

  /** Removes every entry whose lifetime has ended by `now`. Amortised O(1) per entry. */
  expire(now: number): void {
    const ttl = this.ttl;
    let s = this.oldest;
    while (s !== NONE && this.written[s] + ttl <= now) {
      this.expirations++;
      this.remove(s);
      s = this.oldest;
    }
  }

  private remove(s: number): void {
    this.slotOf.delete(this.keys[s]);
    this.unlinkRecency(s);
    this.unlinkWrite(s);
    this.older[s] = this.free;
    this.free = s;
    this.count--;
  }

  private allocSlot(): number {
    if (this.free !== NONE) {
      const s = this.free;
      this.free = this.older[s];
      return s;
    }
    if (this.used === this.keys.length) this.grow();
    return this.used++;
  }

  private grow(): void {
    const n = Math.min(this.cap, this.keys.length * 2);
    this.keys = resized(this.keys, n);
    this.written = resized(this.written, n);
    this.newer = resized(this.newer, n);
    this.older = resized(this.older, n);
    this.wNext = resized(this.wNext, n);
    this.wPrev = resized(this.wPrev, n);
  }

  private pushRecency(s: number): void {
    this.newer[s] = NONE;
    this.older[s] = this.mru;
    if (this.mru !== NONE) this.newer[this.mru] = s;
    else this.lru = s;
    this.mru = s;
  }

  private unlinkRecency(s: number): void {
    const n = this.newer[s];
    const o = this.older[s];
    if (n !== NONE) this.older[n] = o;
    else this.mru = o;
    if (o !== NONE) this.newer[o] = n;
    else this.lru = n;
  }

  private pushWrite(s: number): void {
    this.wNext[s] = NONE;
    this.wPrev[s] = this.newest;
    if (this.newest !== NONE) this.wNext[this.newest] = s;
    else this.oldest = s;
    this.newest = s;
  }

  private unlinkWrite(s: number): void {
    const n = this.wNext[s];
    const p = this.wPrev[s];
    if (n !== NONE) this.wPrev[n] = p;
    else this.newest = p;
    if (p !== NONE) this.wNext[p] = n;
    else this.oldest = n;
  }
}

function resized<T extends Float64Array | Int32Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
