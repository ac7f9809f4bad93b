/**
 * The station machinery every working node shares: `servers` parallel servers in front of one FIFO
 * queue holding at most `capacity` waiting calls. The load balancer, app server (slots and cores),
 * cache, database (connections), replica apply thread and worker are all built from it.
 *
 * The pool only admits and orders; the owning node decides what service means and when it ends.
 * Waiting calls sit in a ring of call ids that grows on demand up to `capacity`, so an effectively
 * infinite queue (capacity 10^7) costs memory only for what is actually queued.
 */
import { growRing } from '../engine/rings';
import type { TimeWeighted } from '../engine/timeWeighted';

export const Admit = { started: 0, queued: 1, rejected: 2 } as const;

/** Admissions and how many of them had to wait: P(wait) = waited / admitted. */
export class WaitCounts {
  admitted = 0;
  waited = 0;
}

export class ServerPool {
  /** Servers now busy. */
  busy = 0;
  private ring = new Int32Array(16);
  private head = 0;
  private size = 0;

  /**
   * @param servers parallel servers (≥ 0; 0 while an instance boots).
   * @param capacity most calls that may wait (0 = none may wait).
   * @param busyStat node-level time-weighted busy servers, shared by the node's pools.
   * @param queueStat node-level time-weighted waiting calls.
   * @param counts where to count admissions and waits (P(wait)); the node's stats for its main pool.
   */
  constructor(
    public servers: number,
    public capacity: number,
    private readonly busyStat: TimeWeighted,
    private readonly queueStat: TimeWeighted,
    private readonly counts: WaitCounts = new WaitCounts(),
  ) {}

  get waiting(): number {
    return this.size;
  }

  /** A server for call `id` at time t: started at once, queued, or rejected (queue full). */
  acquire(t: number, id: number): number {
    if (this.busy < this.servers && this.size === 0) {
      this.busy++;
      this.busyStat.add(t, 1);
      this.counts.admitted++;
      return Admit.started;
    }
    return this.enqueue(t, id);
  }

  /** acquire() when no server is free: wait or be rejected (apart, so acquire stays inlinable). */
  private enqueue(t: number, id: number): number {
    if (this.size >= this.capacity) return Admit.rejected;
    this.counts.admitted++;
    this.counts.waited++;
    if (this.size === this.ring.length) this.grow();
    this.ring[(this.head + this.size) & (this.ring.length - 1)] = id;
    this.size++;
    this.queueStat.add(t, 1);
    return Admit.queued;
  }

  /**
   * Frees one server at time t. Returns the id of the waiting call that now holds it (FCFS), or −1.
   * When servers shrank below busy (scale-in, set), the server is retired instead.
   */
  release(t: number): number {
    if (this.size > 0 && this.busy <= this.servers) {
      const id = this.ring[this.head];
      this.head = (this.head + 1) & (this.ring.length - 1);
      this.size--;
      this.queueStat.add(t, -1);
      return id;
    }
    this.busy--;
    this.busyStat.add(t, -1);
    return -1;
  }

  /**
   * Starts waiting calls on idle servers (after servers grew). Returns the next started id or −1;
   * call it until −1.
   */
  startWaiting(t: number): number {
    if (this.size === 0 || this.busy >= this.servers) return -1;
    const id = this.ring[this.head];
    this.head = (this.head + 1) & (this.ring.length - 1);
    this.size--;
    this.queueStat.add(t, -1);
    this.busy++;
    this.busyStat.add(t, 1);
    return id;
  }

  /** Removes and returns every waiting call (node failure). */
  drain(t: number): number[] {
    const out: number[] = [];
    while (this.size > 0) {
      out.push(this.ring[this.head]);
      this.head = (this.head + 1) & (this.ring.length - 1);
      this.size--;
    }
    this.queueStat.set(t, this.queueStat.value - out.length);
    return out;
  }

  private grow(): void {
    this.ring = growRing(this.ring, this.head, this.size);
    this.head = 0;
  }
}
