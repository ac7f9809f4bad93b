/**
 * The load balancer's view of where requests can go: its targets (one per instance of an app
 * server it points to, one per other node) with the health it believes and the requests it has
 * in flight to each, and the four ways of choosing one.
 *
 * Targets are never deleted: a target whose edge was removed is only detached, so an answer that
 * comes back later still finds its in-flight counter by index, and a re-added edge gets its old
 * target (health, counts) back. Choosing allocates nothing: the eligible (attached and believed
 * healthy) targets sit in an Int32Array rebuilt only when health or wiring changes.
 */

import type { RandomStream } from '../engine/random';
import { grown } from '../engine/rings';
import type { AppServer } from './appServer';
import type { Link, SimNode } from './node';

/** How the balancer chooses among its eligible targets. */
export type BalancingPolicy = 'round-robin' | 'least-connections' | 'random' | 'power-of-two';

export const Policy = { roundRobin: 0, leastConnections: 1, random: 2, powerOfTwo: 3 } as const;

/** The policy code for a name ("p2c" is read as power-of-two); undefined when unknown. */
export function policyCode(name: string): number | undefined {
  switch (name) {
    case 'round-robin':
      return Policy.roundRobin;
    case 'least-connections':
      return Policy.leastConnections;
    case 'random':
      return Policy.random;
    case 'power-of-two':
    case 'p2c':
      return Policy.powerOfTwo;
    default:
      return undefined;
  }
}

/** One place a request can go: an app server instance, or a whole node of another kind. */
export class Target {
  /** Requests sent and not yet answered (least-connections, power-of-two). */
  inFlight = 0;
  /** Requests sent (whole run). */
  sent = 0;
  /** `sent` at the end of warm-up. */
  sentAtWarmup = 0;
  /** Whether the balancer believes it healthy (only healthy targets are chosen). */
  healthy: boolean;
  /** Consecutive good and failed probes. */
  goodProbes = 0;
  badProbes = 0;
  /** Still wired (its edge exists). */
  attached = true;

  constructor(
    /** The edge to the node; replaced when the wiring changes. */
    public link: Link,
    /** The app server when the target is one of its instances, else null. */
    readonly app: AppServer | null,
    /** Instance index within `app`, −1 for other nodes. */
    readonly instance: number,
    healthy: boolean,
  ) {
    this.healthy = healthy;
  }

  get node(): SimNode {
    return this.link.node;
  }

  /** "app#2" for an app instance, the node id otherwise (result keys). */
  get name(): string {
    return this.instance >= 0 ? `${this.link.node.id}#${this.instance}` : this.link.node.id;
  }

  /** What a probe sees: the node is up and, for an app instance, that instance serves. */
  get up(): boolean {
    const node = this.link.node;
    if (node.down || node.removed) return false;
    return (
      this.app === null ||
      (this.instance < this.app.instances.length && this.app.instances[this.instance].serving)
    );
  }
}

/** An outgoing edge, its targets (indices into `all`, by instance) and, for an app server, its instance count then. */
interface Group {
  link: Link;
  app: AppServer | null;
  known: number;
  targets: number[];
}

export class TargetSet {
  /** Every target ever known, in discovery order (stable indices). */
  readonly all: Target[] = [];
  /** Indices into `all` of the eligible targets, in wiring order; the first `eligibleCount` count. */
  private eligible = new Int32Array(16);
  eligibleCount = 0;
  private groups: Group[] = [];
  private rr = 0;
  private built = false;

  /**
   * Re-reads the wiring. Targets found on the first build start healthy when up (the balancer is
   * configured with them); targets found later start unhealthy and must pass `healthyAfter`
   * probes, as a newly registered target does on a real balancer.
   */
  rebuild(out: readonly Link[]): void {
    for (const t of this.all) t.attached = false;
    this.groups = [];
    for (const link of out) {
      const app = link.node.type === 'appServer' ? (link.node as AppServer) : null;
      const n = app ? app.instances.length : 1;
      const targets: number[] = [];
      for (let i = 0; i < n; i++) targets.push(this.attach(link, app, app ? i : -1));
      this.groups.push({ link, app, known: n, targets });
    }
    this.built = true;
    this.refreshEligible();
  }

  /** The index of the target for (link's node, instance), created when new; marks it attached. */
  private attach(link: Link, app: AppServer | null, instance: number): number {
    const all = this.all;
    for (let k = 0; k < all.length; k++) {
      const t = all[k];
      if (t.link.node === link.node && t.instance === instance) {
        t.link = link;
        t.attached = true;
        return k;
      }
    }
    const t = new Target(link, app, instance, false);
    t.healthy = !this.built && t.up;
    all.push(t);
    return all.length - 1;
  }

  /** Picks up instances an app server added since the last look (autoscaling, `set instances`). */
  checkGrowth(): void {
    const groups = this.groups;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      if (group.app === null || group.app.instances.length === group.known) continue;
      for (let i = group.known; i < group.app.instances.length; i++)
        group.targets.push(this.attach(group.link, group.app, i));
      group.known = group.app.instances.length;
      this.refreshEligible();
    }
  }

  /** Rebuilds the eligible list (attached and believed healthy) in wiring order. */
  refreshEligible(): void {
    let n = 0;
    for (const g of this.groups) {
      for (const k of g.targets) {
        if (!this.all[k].healthy) continue;
        if (n === this.eligible.length) this.grow();
        this.eligible[n++] = k;
      }
    }
    this.eligibleCount = n;
    if (this.rr >= n) this.rr = 0;
  }

  private grow(): void {
    this.eligible = grown(this.eligible);
  }

  /** Index into `all` of the chosen target, or −1 when none is eligible. */
  pick(policy: number, stream: RandomStream): number {
    const n = this.eligibleCount;
    if (n === 0) return -1;
    const e = this.eligible;
    switch (policy) {
      case Policy.roundRobin: {
        const k = e[this.rr];
        if (++this.rr >= n) this.rr = 0;
        return k;
      }
      case Policy.random:
        return e[Math.floor(stream.next() * n)];
      case Policy.leastConnections:
        return this.leastConnections(n);
      default:
        return this.powerOfTwo(n, stream);
    }
  }

  /**
   * Fewest in flight. The scan starts one place further round each time, so ties (common at
   * light load) rotate over the tied targets instead of all landing on the first.
   */
  private leastConnections(n: number): number {
    const e = this.eligible;
    const all = this.all;
    const start = this.rr;
    if (++this.rr >= n) this.rr = 0;
    let best = e[start];
    let bestLoad = all[best].inFlight;
    for (let j = 1; j < n && bestLoad > 0; j++) {
      let p = start + j;
      if (p >= n) p -= n;
      const k = e[p];
      if (all[k].inFlight < bestLoad) {
        best = k;
        bestLoad = all[k].inFlight;
      }
    }
    return best;
  }

  /**
   * Two distinct targets drawn uniformly, the one with fewer in flight wins; a tie goes to the
   * first drawn, itself uniform, so ties favour no target (giving them to the lower index sent
   * ~18% more requests to the first of 8 instances than to the last at 80% load, for the same
   * latency). Always two draws when n ≥ 2, so the stream stays aligned whatever the loads.
   */
  private powerOfTwo(n: number, stream: RandomStream): number {
    const e = this.eligible;
    if (n === 1) return e[0];
    const i = Math.floor(stream.next() * n);
    let j = Math.floor(stream.next() * (n - 1));
    if (j >= i) j++;
    const a = e[i];
    const b = e[j];
    return this.all[b].inFlight < this.all[a].inFlight ? b : a;
  }
}
