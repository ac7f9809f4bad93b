/**
 * The base of every node kind: identity, wiring, up/down and slow state, statistics, and the
 * two ways calls move — `send` to a downstream node over an edge, `answer` back to the caller.
 * A zero-latency hop is a direct method call (same instant, no event); a hop with latency is an
 * event, so a request costs events only where time passes.
 */
import type { RandomStream } from '../engine/random';
import type { EventHandler, Simulator } from '../engine/simulator';
import { type Call, type CallPool, MAX_HOPS, Reason } from './call';
import type { HeldWork } from './heldWork';
import { NodeStats } from './nodeStats';
import type { RunMetrics } from './runMetrics';
import type { RequestTracer } from './tracer';

/** Event kinds every node understands; kinds ≥ 16 are the node's own. */
export const Ev = { arrive: 0, reply: 1 } as const;

/** What nodes share: the kernel, the call pool, random streams, the run's metrics. */
export interface SimContext {
  readonly sim: Simulator;
  readonly calls: CallPool;
  /** The run's work budget: what the run holds that grows with the load (see heldWork.ts). */
  readonly held: HeldWork;
  readonly metrics: RunMetrics;
  readonly warmupMs: number;
  /** Nodes by handler index (undefined for non-node handlers). */
  readonly byIndex: (SimNode | undefined)[];
  /** Samples requests for the waterfall (observation only; off unless enabled). */
  readonly tracer: RequestTracer;
  /** A stream for (node, purpose), derived from the scenario seed and replication. */
  stream(nodeId: string, purpose: string): RandomStream;
}

/** A wired edge as the sending node sees it. */
export class Link {
  /** Calls sent along the edge (whole run), for edge rates. */
  sent = 0;
  liveSent = 0;
  /**
   * node.index, copied: reading it here is a monomorphic load, while node.index on the hot path
   * sees every node class (a megamorphic lookup).
   */
  readonly nodeIndex: number;
  constructor(
    readonly node: SimNode,
    /** One-way latency, ms. */
    public latency: number,
  ) {
    this.nodeIndex = node.index;
  }
}

/**
 * The per-node state that the shared methods (arrive, send, answer, failHere) read, in one class
 * for every node kind: those methods see all node classes, so `this.x` there is a megamorphic
 * lookup, while `this.core.x` is one such lookup followed by monomorphic loads.
 */
export class NodeCore {
  /** Failed by a `fail` event: arrivals fail with "target down". */
  down = false;
  /** Removed from the topology; drops what still reaches it. */
  removed = false;
  readonly sim: Simulator;
  readonly calls: CallPool;
  readonly byIndex: (SimNode | undefined)[];
  readonly tracer: RequestTracer;
  constructor(
    ctx: SimContext,
    readonly index: number,
    readonly stats: NodeStats,
  ) {
    this.sim = ctx.sim;
    this.calls = ctx.calls;
    this.byIndex = ctx.byIndex;
    this.tracer = ctx.tracer;
  }
}

export abstract class SimNode implements EventHandler {
  readonly index: number;
  readonly stats = new NodeStats();
  /** Service-time multiplier set by a `slow` event (1 = normal). */
  slowFactor = 1;
  /** Outgoing edges in scenario order. */
  readonly out: Link[] = [];
  readonly core: NodeCore;
  /** ctx.sim and ctx.calls, copied: one load instead of two on every hot path that reads them. */
  readonly sim: Simulator;
  readonly calls: CallPool;

  constructor(
    readonly ctx: SimContext,
    readonly id: string,
    readonly type: string,
  ) {
    this.sim = ctx.sim;
    this.calls = ctx.calls;
    this.index = ctx.sim.register(this);
    ctx.byIndex[this.index] = this;
    this.core = new NodeCore(ctx, this.index, this.stats);
  }

  /** Failed by a `fail` event: arrivals fail with "target down". */
  get down(): boolean {
    return this.core.down;
  }
  set down(v: boolean) {
    this.core.down = v;
  }

  /** Removed from the topology; drops what still reaches it. */
  get removed(): boolean {
    return this.core.removed;
  }
  set removed(v: boolean) {
    this.core.removed = v;
  }

  handle(kind: number, arg: number): void {
    if (kind === Ev.arrive) this.arrive(this.ctx.calls.get(arg));
    else if (kind === Ev.reply) this.onReply(this.ctx.calls.get(arg));
    else this.onEvent(kind, arg);
  }

  /** A call reaches this node. */
  arrive(call: Call): void {
    const core = this.core;
    call.arrivedAt = core.sim.now;
    call.step = 0;
    if (call.traced) core.tracer.arrive(call, core.index, core.sim.now);
    core.stats.arrivals++;
    if (core.down || core.removed) return this.failHere(call, Reason.targetDown);
    if (++call.hops > MAX_HOPS) return this.failHere(call, Reason.hopLimit);
    this.accept(call);
  }

  /** The call begins service here (after waiting, if it did): marks a traced request's span. */
  protected traceStart(call: Call): void {
    if (call.traced) this.core.tracer.start(call, this.core.index, this.core.sim.now);
  }

  /** Handles a call that arrived while the node is up. */
  protected abstract accept(call: Call): void;

  /** The answer to a call this node sent downstream. */
  protected onReply(_call: Call): void {}

  /** The node's own events (kinds ≥ 16). */
  protected onEvent(_kind: number, _arg: number): void {}

  /** Sends `call` downstream along `link`; the answer comes back through onReply. */
  send(call: Call, link: Link): void {
    const core = this.core;
    call.caller = core.index;
    call.latency = link.latency;
    link.sent++;
    link.liveSent++;
    if (link.latency === 0) link.node.arrive(call);
    else core.sim.schedule(link.latency, link.nodeIndex, Ev.arrive, call.id);
  }

  /** Answers `call` (its status says how it went) to whoever sent it. */
  protected answer(call: Call): void {
    const core = this.core;
    if (call.traced) core.tracer.answer(call, core.index, core.sim.now);
    if (call.status === Reason.ok) {
      const stats = core.stats;
      stats.completions++;
      stats.latency.record(core.sim.now - call.arrivedAt);
    }
    const caller = call.caller;
    if (caller < 0) {
      core.calls.release(call);
      return;
    }
    // Zero latency: straight to the caller's onReply (what handle(Ev.reply, id) would reach).
    if (call.latency === 0) core.byIndex[caller]!.onReply(call);
    else core.sim.schedule(call.latency, caller, Ev.reply, call.id);
  }

  /** Fails `call` here for `reason` and answers it. */
  protected failHere(call: Call, reason: number): void {
    const core = this.core;
    call.status = reason;
    call.failedAt = core.index;
    core.stats.fail(reason);
    this.answer(call);
  }

  /** Passes a child's failure up: same status and origin, not counted again here. */
  protected failFrom(call: Call, child: Call): void {
    call.status = child.status;
    call.failedAt = child.failedAt;
    this.answer(call);
  }

  /** Wiring changed (build, add/remove edge or node): re-read `out` and related nodes. */
  onTopologyChange(_byId: ReadonlyMap<string, SimNode>): void {}

  /** End of warm-up: measuring starts now. */
  markWarmup(t: number): void {
    this.stats.markWarmup(t);
  }

  /** Time-average dollars per hour over the measured window (default: the price now). */
  meanCostPerHour(): number {
    return this.costPerHour();
  }

  /** Marks the node failed; subclasses also fail or drop what they hold. */
  fail(): void {
    this.down = true;
  }

  recover(): void {
    this.down = false;
  }

  /** Sets a parameter by path at the current time; returns false when the node has no such one. */
  setParam(_path: string, _value: unknown): boolean {
    return false;
  }

  /** Dollars per hour now (instances × price). */
  costPerHour(): number {
    return 0;
  }

  /** Figures only this kind measures, for the result's node entry. */
  resultExtras(): Record<string, unknown> {
    return {};
  }

  /** Per-interval series this kind adds (hit ratio, lag, depth…): name → value since last call. */
  seriesExtras(_out: Record<string, number>): void {}

  /**
   * What the canvas colours the node by, on the utilisation scale (hot ≥ 0.7, saturated ≥ 0.95):
   * the share of servers busy, unless the kind has a better measure of how close it is to full.
   */
  healthLoad(utilization: number): number {
    return utilization;
  }

  /** Live extras for the canvas. */
  liveExtras(_out: Record<string, number>): void {}
}
