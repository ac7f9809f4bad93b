/**
 * A call is one hop of work: a caller asks a node to do something and waits for the answer.
 * A user request is a call from the client to its first node; the nodes it visits make child
 * calls (cache get, DB read, enqueue…). Calls live in a recycled pool and are named by index in
 * events, so the hot path allocates nothing once the pool has grown.
 */

import type { HeldWork } from './heldWork';

/** What a call asks for. Client classes use read/write/static; the rest are internal hops. */
export const Op = {
  read: 0,
  write: 1,
  static: 2,
  cacheGet: 3,
  cacheSet: 4,
  cacheInvalidate: 5,
  enqueue: 6,
} as const;
export type OpCode = (typeof Op)[keyof typeof Op];
export const OP_NAMES = ['read', 'write', 'static', 'cache get', 'cache set', 'invalidate', 'enqueue'];

/**
 * Why a call failed. Codes index REASONS; 0 is success. Reasons in REJECT_REASONS count as
 * `rejected` (refused at admission), the others as `failed`.
 */
export const Reason = {
  ok: 0,
  timeout: 1,
  backlogFull: 2,
  rateLimited: 3,
  circuitOpen: 4,
  targetDown: 5,
  queueFull: 6,
  noRoute: 7,
  hopLimit: 8,
  crashed: 9,
  shuttingDown: 10,
  poisonMessage: 11,
} as const;
export const REASONS = [
  'ok',
  'timeout',
  'backlog full',
  'rate limited',
  'circuit open',
  'target down',
  'queue full',
  'no route',
  'hop limit',
  'crashed',
  'shutting down',
  'poison message',
];
export function isRejectReason(code: number): boolean {
  return code === Reason.backlogFull || code === Reason.rateLimited || code === Reason.queueFull;
}

/** Every call may cross at most this many nodes (a request and its children); more is a bug. */
export const MAX_HOPS = 64;

export class Call {
  /** Index in the pool. */
  readonly id: number;
  /** Bumped on every reuse, so stale references (timeout rings) can tell. */
  gen = 0;
  op: OpCode = Op.read;
  /** Key in [0, count) of the request class, or −1 when the call has none. */
  key = -1;
  /** The client's request class index (mix entry). */
  cls = 0;
  async = false;
  /** Handler index of the node to answer, −1 for none (fire-and-forget). */
  caller = -1;
  /** The caller's own continuation state for this call. */
  callerStep = 0;
  /** The caller's instance that sent this call (to free its DB pool connection on the answer). */
  callerInstance = -1;
  /** The caller's call this one serves (−1 at the client). */
  parent = -1;
  /** One-way latency of the edge the call travelled, paid again by the answer. */
  latency = 0;
  /** Nodes crossed so far by this request, children included. */
  hops = 0;
  /** When the user request started (first attempt), ms. */
  requestStart = 0;
  /** When this call arrived at the node now handling it, ms. */
  arrivedAt = 0;
  /** The handling node's own state for this call. */
  step = 0;
  /** The instance of the handling node (−1 before one is chosen). */
  instance = -1;
  /** Outcome: Reason code (0 = ok). */
  status = 0;
  /** Handler index of the node where the failure happened. */
  failedAt = -1;
  /** Attempt number at the client (0 = first). */
  attempt = 0;
  /** The client stopped waiting (timed out); the answer, when it comes, is dropped. */
  abandoned = false;
  /** Node-local scratch: cache hit, chosen downstream, tries left… */
  a = 0;
  b = 0;
  /** Sampled by the RequestTracer (copied to children): arrive / answer record a span. */
  traced = false;
  /** The tracer's slot for this request (meaningful only when traced). */
  trace = 0;

  constructor(id: number) {
    this.id = id;
  }
}

export class CallPool {
  private readonly calls: Call[] = [];
  private readonly free: number[] = [];
  /** Calls currently allocated (for invariants and memory checks). */
  live = 0;
  /** @param held the run's work budget, told of every call the pool grows by (never on the reuse path). */
  constructor(private readonly held: HeldWork | null = null) {}

  get(id: number): Call {
    return this.calls[id];
  }

  alloc(): Call {
    let c: Call;
    if (this.free.length > 0) {
      c = this.calls[this.free.pop()!];
    } else {
      c = new Call(this.calls.length);
      this.calls.push(c);
      this.held?.take('call');
    }
    c.gen++;
    c.op = Op.read;
    c.key = -1;
    c.cls = 0;
    c.async = false;
    c.caller = -1;
    c.callerStep = 0;
    c.callerInstance = -1;
    c.parent = -1;
    c.latency = 0;
    c.hops = 0;
    c.requestStart = 0;
    c.arrivedAt = 0;
    c.step = 0;
    c.instance = -1;
    c.status = 0;
    c.failedAt = -1;
    c.attempt = 0;
    c.abandoned = false;
    c.a = 0;
    c.b = 0;
    c.traced = false;
    this.live++;
    return c;
  }

  /** A child call of `parent`: same key, op given, hop count carried on. */
  child(parent: Call, op: OpCode): Call {
    const c = this.alloc();
    c.op = op;
    c.key = parent.key;
    c.cls = parent.cls;
    c.parent = parent.id;
    c.requestStart = parent.requestStart;
    c.hops = parent.hops;
    c.traced = parent.traced;
    c.trace = parent.trace;
    return c;
  }

  release(c: Call): void {
    c.gen++;
    this.live--;
    this.free.push(c.id);
  }

  /** Pool size ever reached (memory check). */
  get capacity(): number {
    return this.calls.length;
  }
}
