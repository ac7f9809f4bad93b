import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyStore } from '../../src/components/keyStore';

/** The obvious model: an array in recency order (front = most recent), scanned on every step. */
class ReferenceStore {
  entries: { key: number; written: number }[] = [];
  evictions = 0;
  expirations = 0;
  constructor(
    public capacity: number,
    public ttl: number,
  ) {}
  private expire(now: number): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.written + this.ttl > now);
    this.expirations += before - this.entries.length;
  }
  get(key: number, now: number): boolean {
    this.expire(now);
    const i = this.entries.findIndex((e) => e.key === key);
    if (i < 0) return false;
    this.entries.unshift(...this.entries.splice(i, 1));
    return true;
  }
  set(key: number, now: number): void {
    this.expire(now);
    const i = this.entries.findIndex((e) => e.key === key);
    if (i >= 0) this.entries.splice(i, 1);
    else if (this.entries.length >= this.capacity) {
      this.entries.pop();
      this.evictions++;
    }
    this.entries.unshift({ key, written: now });
  }
  delete(key: number, now: number): boolean {
    this.expire(now);
    const i = this.entries.findIndex((e) => e.key === key);
    if (i >= 0) this.entries.splice(i, 1);
    return i >= 0;
  }
  setCapacity(capacity: number, now: number): void {
    this.expire(now);
    this.capacity = capacity;
    while (this.entries.length > capacity) {
      this.entries.pop();
      this.evictions++;
    }
  }
}

describe('KeyStore', () => {
  it('evicts the least recently used key, where a get counts as a use', () => {
    const s = new KeyStore(2);
    s.set(1, 0);
    s.set(2, 0);
    expect(s.get(1, 1)).toBe(true); // 2 is now the least recently used
    s.set(3, 2);
    expect(s.has(2, 2)).toBe(false);
    expect(s.has(1, 2)).toBe(true);
    expect(s.has(3, 2)).toBe(true);
    expect(s.evictions).toBe(1);
    expect(s.size).toBe(2);
  });

  it('counts the lifetime from the write: hits do not extend it, a set restarts it', () => {
    const s = new KeyStore(10, 100);
    s.set(7, 0);
    expect(s.get(7, 99)).toBe(true);
    expect(s.get(7, 100)).toBe(false); // written at 0, lives [0, 100)
    expect(s.expirations).toBe(1);
    s.set(7, 150);
    s.set(7, 200); // refresh: now lives until 300
    expect(s.get(7, 299)).toBe(true);
    expect(s.has(7, 300)).toBe(false);
    expect(s.size).toBe(0);
  });

  it('expires in write order and keeps size exact', () => {
    const s = new KeyStore(10, 50);
    for (let k = 0; k < 5; k++) s.set(k, k * 10);
    s.expire(75); // keys written at 0, 10, 20 are gone
    expect(s.size).toBe(2);
    expect(s.expirations).toBe(3);
  });

  it('applies a changed ttl to every entry held', () => {
    const s = new KeyStore(10, 1000);
    s.set(1, 0);
    s.ttl = 10;
    expect(s.get(1, 10)).toBe(false);
  });

  it('clear() empties it and it fills again', () => {
    const s = new KeyStore(3);
    for (let k = 0; k < 3; k++) s.set(k, 0);
    s.clear();
    expect(s.size).toBe(0);
    expect(s.has(0, 1)).toBe(false);
    for (let k = 10; k < 15; k++) s.set(k, 2);
    expect(s.size).toBe(3);
    expect(s.has(14, 2) && s.has(13, 2) && s.has(12, 2)).toBe(true);
  });

  it('grows its arrays on demand up to a large capacity', () => {
    const s = new KeyStore(1e8);
    for (let k = 0; k < 5000; k++) s.set(k * 7919, k);
    expect(s.size).toBe(5000);
    for (let k = 0; k < 5000; k++) expect(s.has(k * 7919, 5000)).toBe(true);
  });

  /** Runs random operations on both stores and compares every answer and counter. */
  function agreesWithReference(keyOf: (k: number) => number, maxKey: number, maxCapacity: number): void {
    const op = fc.record({
      kind: fc.constantFrom('get', 'get', 'set', 'set', 'delete', 'capacity'),
      key: fc.integer({ min: 0, max: maxKey }),
      dt: fc.constantFrom(0, 0, 1, 3, 7, 20),
      capacity: fc.integer({ min: 1, max: maxCapacity }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: maxCapacity }),
        fc.constantFrom(5, 15, 40, Number.POSITIVE_INFINITY),
        fc.array(op, { maxLength: 300 }),
        (capacity, ttl, ops) => {
          const s = new KeyStore(capacity, ttl);
          const r = new ReferenceStore(capacity, ttl);
          let now = 0;
          for (const o of ops) {
            now += o.dt;
            const key = keyOf(o.key);
            if (o.kind === 'get') expect(s.get(key, now)).toBe(r.get(key, now));
            else if (o.kind === 'set') {
              s.set(key, now);
              r.set(key, now);
            } else if (o.kind === 'delete') expect(s.delete(key, now)).toBe(r.delete(key, now));
            else {
              s.setCapacity(o.capacity, now);
              r.setCapacity(o.capacity, now);
            }
            expect(s.size).toBe(r.entries.length);
            expect(s.evictions).toBe(r.evictions);
            expect(s.expirations).toBe(r.expirations);
          }
          // Same contents: every key the reference holds is held, and nothing else (sizes match).
          for (const e of r.entries) expect(s.has(e.key, now)).toBe(true);
        },
      ),
      { seed: 42, numRuns: 400 },
    );
  }

  it('behaves exactly like the reference model on random operation sequences', () => {
    agreesWithReference((k) => k, 12, 8);
  });

  it('still does when keys are spread out and collide in the hash index (growth, probe runs)', () => {
    // Multiples of 2^16 share their low bits: long probe runs, so backward-shift deletion is
    // exercised; up to 40 keys held grows the index from 16 cells to 128.
    agreesWithReference((k) => k * 65_536 - 1_000_000, 60, 40);
  });
});
