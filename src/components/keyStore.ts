/**
 * KeyStore: the key model shared by the cache and the CDN — which keys are held, LRU eviction
 * beyond `capacity`, and a lifetime `ttl` counted from each entry's last write (reads never extend
 * it). Only presence matters; no values are stored.
 *
 * Every operation is O(1) and allocation-free once the arrays have grown: an open-addressing hash
 * index from key to slot (linear probing, backward-shift deletion, load ≤ 1/2 — under the churn of
 * a missing cache it is several times faster than a Map, which matters at 10^6 gets/s), and per
 * slot a key, a write time and two doubly linked lists threaded through Int32Arrays —
 * recency order (for LRU eviction) and write order. Because every entry lives the same `ttl` from
 * its write, write order IS expiry order, so expired entries are always at the head of the
 * write-order list and are swept there as time passes: `size` and `expirations` are exact at every
 * operation, not lazily discovered. (Storing write times rather than expiry times keeps this true
 * when `ttl` changes during a run: the new lifetime applies to every entry at once.)
 *
 * Slots grow on demand (doubling) up to `capacity`, so a CDN with a capacity of 10^8 objects costs
 * memory only for the objects it actually holds; the index doubles with the keys held too.
 */

import type { HeldWork } from './heldWork';

const NONE = -1;
const INITIAL_SLOTS = 1024;
/** 2^32 / golden ratio: Fibonacci hashing spreads consecutive keys over the table. */
const HASH_MULTIPLIER = 0x9e3779b1;

export class KeyStore {
  /** Entries evicted by LRU to make room (whole run). */
  evictions = 0;
  /** Entries that reached their lifetime while held (whole run). */
  expirations = 0;

  /** Hash index: slot + 1 per cell, 0 = empty; a power-of-two size at least twice the keys held. */
  private index: Int32Array;
  private mask: number;
  /** 32 − log2(index size): the hash is the top bits of key × HASH_MULTIPLIER. */
  private shift: number;
  /** Keys are whole numbers in [−2^31, 2^31) (a request class has at most 10^7 keys); Int32 keeps them small integers, which V8 hashes without boxing. */
  private keys: Int32Array;
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
    /** The run's work budget, told of every slot the store grows by. */
    private readonly held: HeldWork | null = null,
  ) {
    if (!(cap >= 1)) throw new RangeError(`capacity: must be ≥ 1, got ${cap}`);
    const n = Math.min(cap, INITIAL_SLOTS);
    this.keys = new Int32Array(n);
    this.written = new Float64Array(n);
    this.newer = new Int32Array(n);
    this.older = new Int32Array(n);
    this.wNext = new Int32Array(n);
    this.wPrev = new Int32Array(n);
    this.index = new Int32Array(16);
    this.mask = 15;
    this.shift = 28;
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
    const s = this.find(key);
    if (s === NONE) return false;
    this.unlinkRecency(s);
    this.pushRecency(s);
    return true;
  }

  /** Whether `key` is held and alive at `now`, without touching recency. */
  has(key: number, now: number): boolean {
    this.expire(now);
    return this.find(key) !== NONE;
  }

  /**
   * Writes `key` at `now`: inserts it or refreshes it (its lifetime restarts), makes it the most
   * recently used, and evicts the least recently used key when that makes one too many.
   */
  set(key: number, now: number): void {
    this.expire(now);
    let s = this.find(key);
    if (s !== NONE) {
      this.unlinkRecency(s);
      this.unlinkWrite(s);
    } else {
      if (this.count >= this.cap) {
        this.evictions++;
        this.remove(this.lru);
      }
      s = this.allocSlot();
      this.keys[s] = key;
      this.count++;
      this.insertIndex(s);
    }
    this.written[s] = now;
    this.pushRecency(s);
    this.pushWrite(s);
  }

  /** Removes `key`; returns whether it was held (and alive). */
  delete(key: number, now: number): boolean {
    this.expire(now);
    const s = this.find(key);
    if (s === NONE) return false;
    this.remove(s);
    return true;
  }

  /** Drops every entry (a cache restarting cold). Counters are kept. */
  clear(): void {
    this.index.fill(0);
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
    this.deleteIndex(s);
    this.unlinkRecency(s);
    this.unlinkWrite(s);
    this.older[s] = this.free;
    this.free = s;
    this.count--;
  }

  private home(key: number): number {
    return Math.imul(key, HASH_MULTIPLIER) >>> this.shift;
  }

  /** The slot holding `key`, or NONE. */
  private find(key: number): number {
    const index = this.index;
    const keys = this.keys;
    const mask = this.mask;
    for (let i = this.home(key); ; i = (i + 1) & mask) {
      const e = index[i];
      if (e === 0) return NONE;
      if (keys[e - 1] === key) return e - 1;
    }
  }

  /** Indexes slot s (its key is not indexed yet); doubles the index past half full. */
  private insertIndex(s: number): void {
    if (this.count * 2 > this.index.length) this.growIndex();
    const index = this.index;
    const mask = this.mask;
    let i = this.home(this.keys[s]);
    while (index[i] !== 0) i = (i + 1) & mask;
    index[i] = s + 1;
  }

  /** Unindexes slot s, shifting later entries of its probe run back (no tombstones). */
  private deleteIndex(s: number): void {
    const index = this.index;
    const mask = this.mask;
    let hole = this.home(this.keys[s]);
    while (index[hole] !== s + 1) hole = (hole + 1) & mask;
    index[hole] = 0;
    for (let j = (hole + 1) & mask; index[j] !== 0; j = (j + 1) & mask) {
      // The entry at j may fill the hole iff its probe run from its home passes through the hole.
      const e = index[j];
      if (((j - this.home(this.keys[e - 1])) & mask) >= ((j - hole) & mask)) {
        index[hole] = e;
        index[j] = 0;
        hole = j;
      }
    }
  }

  private growIndex(): void {
    const old = this.index;
    this.index = new Int32Array(old.length * 2);
    this.mask = this.index.length - 1;
    this.shift--;
    const index = this.index;
    const mask = this.mask;
    for (let k = 0; k < old.length; k++) {
      const e = old[k];
      if (e === 0) continue;
      let i = this.home(this.keys[e - 1]);
      while (index[i] !== 0) i = (i + 1) & mask;
      index[i] = e;
    }
  }

  private allocSlot(): number {
    if (this.free !== NONE) {
      const s = this.free;
      this.free = this.older[s];
      return s;
    }
    if (this.used === this.keys.length) this.grow();
    this.held?.take('key');
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
