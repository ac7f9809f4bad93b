/**
 * A worker pool's job slots: `active` instances × `concurrency` slots, taken round-robin over the
 * instances. Instances beyond `active` are retired by a `set instances`: they finish the jobs they
 * hold and take no more (their slots no longer count as used).
 */
export class WorkerSlots {
  /** Slots reserved or busy, per instance (retired ones included). */
  private used: Int32Array;
  /** Instances serving: 0..active−1. */
  active: number;
  /** Slots used on serving instances. */
  private usedActive = 0;
  private rr = 0;

  constructor(instances: number) {
    this.active = instances;
    this.used = new Int32Array(Math.max(16, instances));
  }

  /** Whether every slot of the serving instances is taken. */
  full(concurrency: number): boolean {
    return this.usedActive >= this.active * concurrency;
  }

  /** Takes a free slot (round-robin over serving instances); returns its instance, or −1. */
  reserve(concurrency: number): number {
    if (this.full(concurrency)) return -1;
    for (let k = 0; k < this.active; k++) {
      const i = this.rr % this.active;
      this.rr = (this.rr + 1) % this.active;
      if (this.used[i] < concurrency) {
        this.used[i]++;
        this.usedActive++;
        return i;
      }
    }
    return -1;
  }

  free(instance: number): void {
    this.used[instance]--;
    if (instance < this.active) this.usedActive--;
  }

  /** Serves with `n` instances from now: retires the highest ones or brings instances in. */
  resize(n: number): void {
    if (n > this.used.length) {
      const next = new Int32Array(n);
      next.set(this.used);
      this.used = next;
    }
    this.active = n;
    this.usedActive = 0;
    for (let i = 0; i < n; i++) this.usedActive += this.used[i];
    this.rr %= n;
  }
}
