/**
 * RequestTracer: the waterfall of a sampled request — which nodes it crossed, when it arrived at
 * each, when each answered and how. Observation only: it draws no random numbers and schedules
 * nothing, so a run gives the same result with tracing on or off.
 *
 * The client samples 1 in `every` requests by arrival count (the 1st, the 501st…) and, until a
 * failed one is caught since the last take(), also traces 1 in `failureEvery` speculatively, kept
 * only if it fails. A sampled call has `traced` set; CallPool.child copies it (and the trace slot)
 * to its children, so SimNode.arrive / answer test one boolean for untraced calls. A traced
 * attempt that fails and is retried has its retry traced too, as the next attempt of the same
 * request (same seq), so a retry storm can be followed attempt by attempt.
 *
 * Async work is followed too: a traced request's enqueue becomes a job span at the queue (from
 * enqueue to ack or dead letter, its delivery marking when it stopped waiting), and each delivery
 * of the job to a worker is traced below it, with the worker's own calls. A request answered
 * before its jobs were done is kept once they are (or when too many such requests are waiting,
 * the oldest as it stands).
 */
import { type Call, isRejectReason, OP_NAMES, REASONS, Reason } from './call';

/** One hop of a traced request: a node's handling of one call. */
export interface TraceSpan {
  /** Node id. */
  node: string;
  /** What the call asked for: read, write, cache get… */
  op: string;
  /** When the call arrived at the node, simulated ms. */
  arriveMs: number;
  /**
   * When the node began serving it (a server, core or connection free): the time before it,
   * from arriveMs, was spent waiting in the node's queue. null when it never began (rejected,
   * failed on arrival, still waiting) or the node passes calls on without serving them.
   */
  startMs: number | null;
  /** When the node answered it; null when it had not answered by the end of the request. */
  endMs: number | null;
  /** REASONS name of the answer ("ok", "timeout", "backlog full"…); "open" when unanswered. */
  status: string;
  /** The failure happened at this node (not passed up from a child). */
  failedHere: boolean;
  /** 0 for the call the client sent, 1 for its children, and so on. */
  depth: number;
  /**
   * Index in the trace's spans of the span that sent this call (a job's delivery: the job's
   * span at the queue); −1 for the call the client sent.
   */
  parent: number;
  /**
   * One-way network latency of the edge the call came over, ms: it left its sender
   * `latencyMs` before arriveMs, and its answer takes as long to get back.
   */
  latencyMs: number;
}

export type TraceOutcome = 'ok' | 'failed' | 'rejected' | 'timeout';

/** A finished traced request (one attempt). */
export interface RequestTrace {
  /** Client arrival number of the request (1 = the first request of the run). */
  seq: number;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
  /** Request class name (the client's mix entry). */
  cls: string;
  startMs: number;
  endMs: number;
  outcome: TraceOutcome;
  /** REASONS name, "ok" when it succeeded. */
  reason: string;
  /** Node id where it failed (the client for a timeout), null when it succeeded. */
  failedAt: string | null;
  /**
   * When the last of the jobs it enqueued was acked or dead-lettered, simulated ms; null when it
   * enqueued none, or they were not all done when the trace was kept.
   */
  jobsDoneMs: number | null;
  /** By arrival time, then by hop order. */
  spans: TraceSpan[];
}

interface OpenSpan extends TraceSpan {
  callId: number;
  nodeIndex: number;
  order: number;
  parentSpan: OpenSpan | null;
}

interface ActiveTrace {
  trace: RequestTrace;
  spans: OpenSpan[];
  /** Sampled (kept whatever happens) rather than speculative (kept only if it fails). */
  keep: boolean;
  /** Jobs it enqueued that are not yet acked or dead-lettered. */
  pendingJobs: number;
  /** Depth of a job delivery's span: one below the job's span at the queue. */
  jobDepth: number;
  /** The job span whose delivery arrives next (set as the queue delivers it). */
  delivering: OpenSpan | null;
}

/** Status of a job span whose last allowed delivery expired. */
export const DEAD_LETTERED_STATUS = 'dead-lettered';

/** Node ids by handler index (what SimContext.byIndex holds). */
type NodeIds = readonly ({ readonly id: string } | undefined)[];

export class RequestTracer {
  enabled = false;
  /** Keep 1 request in `every` (by client arrival count). */
  every = 500;
  /** While no failure was caught since the last take(), trace 1 in this many speculatively. */
  failureEvery = 32;
  /** Finished traces kept (the newest). */
  capacity = 20;
  /** At most this many requests traced at once (bounded memory under a backlog). */
  maxActive = 64;
  /** At most this many answered requests kept open for their jobs; beyond it the oldest is kept as is. */
  maxAwaitingJobs = 16;
  private count = 0;
  private nextSlot = 1;
  private wantFailure = true;
  private readonly active = new Map<number, ActiveTrace>();
  /** Answered requests whose jobs are not all done, oldest first (not counted in maxActive). */
  private readonly awaitingJobs = new Map<number, ActiveTrace>();
  private readonly done: RequestTrace[] = [];
  /**
   * The newest failed trace with the earlier attempts of its request (oldest first), kept on
   * after the ring has moved past them, so a retried failure can be followed from its start.
   */
  private lastFailed: RequestTrace[] = [];
  /**
   * Failed attempts of the requests that failed most recently, by seq, oldest request first, so
   * a retry's chain is found even when other requests failed between its attempts. Bounded.
   */
  private readonly failedBySeq = new Map<number, RequestTrace[]>();
  /** The trace finish() ended last and its slot: what a retry decided right after it continues. */
  private ended: { slot: number; trace: RequestTrace } | null = null;

  constructor(private readonly nodes: NodeIds) {}

  /** A client request arrived (called only while enabled); marks `call` traced when sampled. */
  onRequest(call: Call, cls: string, now: number): void {
    const n = ++this.count;
    const keep = n % this.every === 1 % this.every;
    if (!keep && !(this.wantFailure && n % this.failureEvery === 0)) return;
    if (this.active.size >= this.maxActive) return;
    const slot = this.nextSlot++;
    call.traced = true;
    call.trace = slot;
    this.open(slot, keep, n, 1, cls, now);
  }

  /**
   * The client will send `next` at `sendAt` as a retry of `prev`, whose attempt just ended: when
   * `prev` was traced (and its trace kept, which a failed one always is), `next` is traced as the
   * following attempt of the same request.
   */
  onRetry(prev: Call, next: Call, sendAt: number): void {
    const ended = this.ended;
    if (!prev.traced || ended === null || ended.slot !== prev.trace) return;
    if (this.active.size >= this.maxActive) return;
    const slot = this.nextSlot++;
    next.traced = true;
    next.trace = slot;
    const t = ended.trace;
    this.open(slot, true, t.seq, t.attempt + 1, t.cls, sendAt);
  }

  /** Starts tracing an attempt in `slot` (`keep`: sampled, else kept only if it fails). */
  private open(slot: number, keep: boolean, seq: number, attempt: number, cls: string, at: number): void {
    const trace: RequestTrace = {
      seq,
      attempt,
      cls,
      startMs: at,
      endMs: at,
      outcome: 'ok',
      reason: 'ok',
      failedAt: null,
      jobsDoneMs: null,
      spans: [],
    };
    this.active.set(slot, { keep, spans: [], pendingJobs: 0, jobDepth: 0, delivering: null, trace });
  }

  /** A traced call reached node `nodeIndex`. */
  arrive(call: Call, nodeIndex: number, now: number): void {
    const a = this.lookup(call.trace);
    if (!a) return;
    // A call without a parent is the request itself, or (after it) one of its jobs' deliveries.
    let parent: OpenSpan | null = a.spans.length === 0 ? null : a.delivering;
    let depth = parent === null ? 0 : a.jobDepth;
    if (call.parent >= 0) {
      for (let i = a.spans.length - 1; i >= 0; i--) {
        if (a.spans[i].callId === call.parent) {
          parent = a.spans[i];
          depth = parent.depth + 1;
          break;
        }
      }
    }
    const op = OP_NAMES[call.op] ?? String(call.op);
    this.pushSpan(a, op, call.id, nodeIndex, depth, now, parent, call.latency);
  }

  private pushSpan(
    a: ActiveTrace,
    op: string,
    callId: number,
    nodeIndex: number,
    depth: number,
    now: number,
    parentSpan: OpenSpan | null,
    latencyMs: number,
  ) {
    a.spans.push({
      node: this.nodes[nodeIndex]?.id ?? `#${nodeIndex}`,
      op,
      arriveMs: now,
      startMs: null,
      endMs: null,
      status: 'open',
      failedHere: false,
      depth,
      parent: -1,
      latencyMs,
      callId,
      nodeIndex,
      order: a.spans.length,
      parentSpan,
    });
  }

  /** The open trace in `slot`: still at the client, or answered and waiting for its jobs. */
  private lookup(slot: number): ActiveTrace | undefined {
    return this.active.get(slot) ?? this.awaitingJobs.get(slot);
  }

  /**
   * Queue `nodeIndex` made job `serial` from traced enqueue `call` (before answering it). Returns
   * whether the job is traced: then the queue reports its deliveries and its end.
   */
  jobEnqueued(call: Call, nodeIndex: number, serial: number, now: number): boolean {
    const a = this.lookup(call.trace);
    if (!a) return false;
    const enqueue = this.openSpan(call, nodeIndex);
    const depth = enqueue?.depth ?? 0;
    // Spans of jobs carry −serial where calls carry their id (≥ 0), so the two never mix. A job
    // is a sibling of its enqueue (same sender); it took no network hop of its own.
    this.pushSpan(a, 'job', -serial, nodeIndex, depth, now, enqueue?.parentSpan ?? null, 0);
    a.pendingJobs++;
    a.jobDepth = depth + 1;
    return true;
  }

  /** The queue delivers traced job `serial` of trace `slot` as `call`: the delivery is traced too. */
  jobDelivered(slot: number, serial: number, call: Call, now: number): void {
    const a = this.lookup(slot);
    if (!a) return;
    const s = this.jobSpan(a, serial);
    if (s !== null && s.startMs === null) s.startMs = now;
    a.delivering = s;
    call.traced = true;
    call.trace = slot;
  }

  /** Traced job `serial` of trace `slot` was acked ('ok') or dead-lettered. */
  jobSettled(slot: number, serial: number, status: 'ok' | typeof DEAD_LETTERED_STATUS, now: number): void {
    const a = this.lookup(slot);
    if (!a) return;
    const s = this.jobSpan(a, serial);
    if (s === null || s.endMs !== null) return;
    s.endMs = now;
    s.status = status;
    s.failedHere = status !== 'ok';
    if (--a.pendingJobs > 0) return;
    a.trace.jobsDoneMs = now;
    if (this.awaitingJobs.delete(slot)) this.keep(a);
  }

  private jobSpan(a: ActiveTrace, serial: number): OpenSpan | null {
    for (let i = a.spans.length - 1; i >= 0; i--) if (a.spans[i].callId === -serial) return a.spans[i];
    return null;
  }

  /** Node `nodeIndex` begins serving a traced call (it has waited since it arrived, if at all). */
  start(call: Call, nodeIndex: number, now: number): void {
    const s = this.openSpan(call, nodeIndex);
    if (s !== null && s.startMs === null) s.startMs = now;
  }

  /** Node `nodeIndex` answers a traced call (call.status says how). */
  answer(call: Call, nodeIndex: number, now: number): void {
    const s = this.openSpan(call, nodeIndex);
    if (s === null) return;
    s.endMs = now;
    s.status = REASONS[call.status] ?? String(call.status);
    s.failedHere = call.status !== Reason.ok && call.failedAt === nodeIndex;
  }

  /** The latest unanswered span of `call` at node `nodeIndex`, if the call is traced. */
  private openSpan(call: Call, nodeIndex: number): OpenSpan | null {
    const a = this.lookup(call.trace);
    if (!a) return null;
    for (let i = a.spans.length - 1; i >= 0; i--) {
      const s = a.spans[i];
      if (s.callId === call.id && s.nodeIndex === nodeIndex && s.endMs === null) return s;
    }
    return null;
  }

  /** The client got its answer (or gave up: `timedOutAt` is the client's index). */
  finish(call: Call, now: number, timedOutAt = -1): void {
    const a = this.active.get(call.trace);
    if (!a) return;
    this.active.delete(call.trace);
    const t = a.trace;
    this.ended = { slot: call.trace, trace: t };
    t.endMs = now;
    if (timedOutAt >= 0) {
      t.outcome = 'timeout';
      t.reason = REASONS[Reason.timeout];
      t.failedAt = this.nodes[timedOutAt]?.id ?? null;
    } else if (call.status !== Reason.ok) {
      t.outcome = isRejectReason(call.status) ? 'rejected' : 'failed';
      t.reason = REASONS[call.status] ?? String(call.status);
      t.failedAt = this.nodes[call.failedAt]?.id ?? null;
    }
    const failed = t.outcome !== 'ok';
    if (!a.keep && !failed) return;
    if (failed) {
      this.wantFailure = false;
      const earlier = t.attempt > 1 ? (this.failedBySeq.get(t.seq) ?? []) : [];
      const chain = [...earlier, t];
      this.failedBySeq.delete(t.seq);
      this.failedBySeq.set(t.seq, chain);
      if (this.failedBySeq.size > this.maxActive) {
        const oldest = this.failedBySeq.keys().next().value;
        if (oldest !== undefined) this.failedBySeq.delete(oldest);
      }
      this.lastFailed = chain;
    } else if (a.pendingJobs > 0) {
      // Answered before its jobs are done: kept when they are.
      this.awaitingJobs.set(call.trace, a);
      if (this.awaitingJobs.size > this.maxAwaitingJobs) {
        const [oldest, first] = this.awaitingJobs.entries().next().value as [number, ActiveTrace];
        this.awaitingJobs.delete(oldest);
        this.keep(first);
      }
      return;
    }
    this.keep(a);
  }

  /** Copies a finished trace's spans, in arrival order, into the ring of kept traces. */
  private keep(a: ActiveTrace): void {
    const t = a.trace;
    a.spans.sort((x, y) => x.arriveMs - y.arriveMs || x.order - y.order);
    const index = new Map<OpenSpan, number>();
    for (let i = 0; i < a.spans.length; i++) index.set(a.spans[i], i);
    t.spans = a.spans.map((s) => ({
      node: s.node,
      op: s.op,
      arriveMs: s.arriveMs,
      startMs: s.startMs,
      endMs: s.endMs,
      status: s.status,
      failedHere: s.failedHere,
      depth: s.depth,
      parent: s.parentSpan === null ? -1 : (index.get(s.parentSpan) ?? -1),
      latencyMs: s.latencyMs,
    }));
    this.done.push(t);
    if (this.done.length > this.capacity) this.done.shift();
  }

  /**
   * The finished traces kept, oldest first (the newest failed one and its request's earlier
   * attempts first when the ring has moved past them); re-arms the catch of the next failed request.
   */
  take(): RequestTrace[] {
    this.wantFailure = true;
    const out = this.done.slice();
    out.unshift(...this.lastFailed.filter((t) => !out.includes(t)));
    return out;
  }
}
