/**
 * database, primary role: `shards` independent stations (each `connections` parallel queries in
 * front of a FIFO of at most `backlog` waiting ones); a key always goes to the same shard. A query
 * holds a connection for its service time. With `locks: "row"`, writes to the same key are
 * serialised: a write that finds its row locked waits in line still holding its connection (that is
 * how a hot row piles up and exhausts the pool) and runs when the write before it commits. Every
 * committed write is shipped to the primary's replicas (replica.ts).
 *
 * `DbStation` is what primary and replica share: admission, connections, service, failure.
 */
import type { DistSpec, Sampler } from '../engine/distributions';
import { makeSampler } from '../engine/distributions';
import { LatencyHistogram, summarize } from '../engine/histogram';
import type { RandomStream } from '../engine/random';
import { TimeWeighted } from '../engine/timeWeighted';
import { type Call, Op, Reason } from './call';
import { Ev, type SimContext, SimNode } from './node';
import { RowLocks } from './rowLocks';
import { Admit, ServerPool } from './serverPool';

/** Service time per operation: the time one query holds a connection. */
export interface DbServiceTimes {
  read: DistSpec;
  write: DistSpec;
  static: DistSpec;
}

/** Normalized parameters of a database node (both roles; the scenario layer filled the defaults). */
export interface DatabaseParams {
  /** "primary" (default) or "replica". */
  role: 'primary' | 'replica';
  /** Replicas: id of the primary it copies. */
  primary?: string;
  /** Parallel queries per shard, 1..10^5 (default 20). */
  connections: number;
  /** Per op (default exp read 4 ms, write 10 ms, static 4 ms). */
  service: DbServiceTimes;
  /** "row" serialises writes to the same key (default); "none" lets them overlap. Primary only. */
  locks: 'none' | 'row';
  /** Independent stations keys are hashed over, 1..64 (default 1). Primary only. */
  shards: number;
  /** Queries waiting for a connection per shard before "backlog full" (default 1000). */
  backlog: number;
  /** Replicas: ms from a write's commit at the primary to its arrival here (default 1). */
  replicationDelay: number;
  /** Replicas: time the single apply thread spends per write (default exp 2 ms). */
  applyService: DistSpec;
  /** Dollars per hour per shard (default 0.25). */
  costPerHour: number;
}

/** What a primary needs of its replicas (no import of replica.ts: replica.ts imports this file). */
export interface ReplicaSink extends SimNode {
  readonly role: 'replica';
  /** Id of the primary it copies. */
  readonly primaryId: string;
  /** A write to `key` committed at the primary at time `commitT` (ms). */
  ship(key: number, commitT: number): void;
}

const EV_QUERY_DONE = 16;
/** Event kinds from here on belong to subclasses. */
export const EV_DB_PRIVATE = 24;

/** Fixed integer hash of a key to its shard (multiply-xorshift): same key, same shard, every run. */
export function shardOf(key: number, shards: number): number {
  if (shards === 1) return 0;
  let h = Math.imul(key ^ (key >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h ^= h >>> 16;
  return (h >>> 0) % shards;
}

/**
 * Queries on connections. `call.instance` is the shard; `call.step` is (fail epoch << 1) | holds a
 * row lock — a query that started before a failure fails when it ends, even after a recovery;
 * `call.a` is when a write started waiting for its row lock (reset to 0 before answering).
 */
export abstract class DbStation extends SimNode {
  abstract readonly role: 'primary' | 'replica';
  protected readonly pools: ServerPool[] = [];
  private samplers: Sampler[];
  private readonly serviceStream: RandomStream;
  /** Bumped by every fail(): queries stamped with an older epoch fail when they end. */
  protected epoch = 0;
  /** Completed reads (and static queries) and committed writes (P(wait) is in stats.waits). */
  reads = 0;
  writes = 0;
  private readonly warmCounts = { reads: 0, writes: 0 };
  /** The node's own copy (the registry copies every node's parameters), changed by `set` events. */
  readonly params: DatabaseParams;

  constructor(ctx: SimContext, id: string, params: DatabaseParams, shards: number) {
    super(ctx, id, 'database');
    this.params = params;
    const s = this.stats;
    for (let i = 0; i < shards; i++)
      this.pools.push(new ServerPool(params.connections, params.backlog, s.busy, s.queue, s.waits));
    s.capacity.add(0, shards * params.connections);
    this.samplers = this.makeSamplers();
    this.serviceStream = ctx.stream(id, 'service');
  }

  private makeSamplers(): Sampler[] {
    const sv = this.params.service;
    return [makeSampler(sv.read), makeSampler(sv.write), makeSampler(sv.static)];
  }

  /**
   * SimNode.handle (and answer, below), repeated here on purpose: V8 keeps type feedback per
   * function, so this copy sees only this class and can inline its handlers (and its callers'
   * onReply, nearly always one class); the shared one sees every node kind.
   */
  override handle(kind: number, arg: number): void {
    if (kind === Ev.arrive) this.arrive(this.calls.get(arg));
    else if (kind === Ev.reply) this.onReply(this.calls.get(arg));
    else this.onEvent(kind, arg);
  }

  /** Shard of a call's key (always 0 on a replica). */
  protected abstract shardFor(key: number): number;

  protected accept(call: Call): void {
    if (call.op > Op.static || (call.op === Op.write && this.role === 'replica')) {
      this.failHere(call, Reason.noRoute);
      return;
    }
    const shard = this.shardFor(call.key);
    call.instance = shard;
    call.step = this.epoch << 1;
    call.a = 0;
    const admit = this.pools[shard].acquire(this.sim.now, call.id);
    this.poolChanged(shard);
    if (admit === Admit.started) this.onConnection(call);
    else if (admit === Admit.rejected) this.failHere(call, Reason.backlogFull);
  }

  /** Busy connections of a shard changed (per-shard statistics). */
  protected poolChanged(_shard: number): void {}

  /** The call holds a connection: run it (the primary first takes a row lock for a write). */
  protected onConnection(call: Call): void {
    this.startService(call);
  }

  protected startService(call: Call): void {
    this.traceStart(call);
    const s = this.samplers[call.op].sample(this.serviceStream.next());
    this.sim.schedule(s * this.slowFactor, this.index, EV_QUERY_DONE, call.id);
  }

  protected override onEvent(kind: number, arg: number): void {
    if (kind === EV_QUERY_DONE) this.endQuery(this.calls.get(arg));
  }

  /** A query's service ended: pass on its lock and connection, then answer it. */
  private endQuery(call: Call): void {
    const heir = (call.step & 1) === 1 ? this.unlock(call) : -1;
    this.freeConnection(call.instance);
    if (heir >= 0) this.handOver(heir);
    call.a = 0;
    if (call.step >>> 1 !== this.epoch) {
      this.failHere(call, Reason.targetDown);
    } else {
      if (call.op === Op.write) {
        this.writes++;
        this.onCommit(call.key);
      } else {
        this.reads++;
      }
      this.answer(call);
    }
  }

  /** Frees one connection of a shard; the next waiting query (if any) takes it. */
  protected freeConnection(shard: number): void {
    const next = this.pools[shard].release(this.sim.now);
    this.poolChanged(shard);
    if (next >= 0) this.onConnection(this.calls.get(next));
  }

  /** Releases the row lock `call` holds; returns the call id that takes it, or −1. */
  protected unlock(_call: Call): number {
    return -1;
  }

  /** Call `id` now holds the row lock it waited for. */
  protected handOver(_id: number): void {}

  /** A write committed now. */
  protected onCommit(_key: number): void {}

  /** True when a query stamped at acceptance is from before the latest failure. */
  protected stale(call: Call): boolean {
    return call.step >>> 1 !== this.epoch;
  }

  /** Waiting queries fail now; those on a connection fail when they end (epoch). */
  override fail(): void {
    super.fail();
    this.epoch++;
    const t = this.sim.now;
    for (let s = 0; s < this.pools.length; s++) {
      const ids = this.pools[s].drain(t);
      for (const id of ids) this.failHere(this.calls.get(id), Reason.targetDown);
    }
  }

  override markWarmup(t: number): void {
    super.markWarmup(t);
    this.warmCounts.reads = this.reads;
    this.warmCounts.writes = this.writes;
  }

  override costPerHour(): number {
    return this.pools.length * this.params.costPerHour;
  }

  /**
   * Live `set`: connections, backlog, costPerHour, service / service.<op>, locks (new writes only:
   * writes already in a line keep it), and the replica fields (stored on a primary, no effect).
   */
  override setParam(path: string, value: unknown): boolean {
    const p = this.params;
    if (typeof value === 'number') {
      if (path === 'connections') this.setConnections(value);
      else if (path === 'backlog') {
        p.backlog = value;
        for (const pool of this.pools) pool.capacity = value;
      } else if (path === 'costPerHour') p.costPerHour = value;
      else if (path === 'replicationDelay') p.replicationDelay = value;
      else return false;
      return true;
    }
    if (path === 'locks' && (value === 'none' || value === 'row')) p.locks = value;
    else if (path === 'applyService' && isDist(value)) p.applyService = value;
    else if (path === 'service' && typeof value === 'object' && value !== null) {
      const v = value as Partial<DbServiceTimes>;
      if (!isDist(v.read) || !isDist(v.write) || !isDist(v.static)) return false;
      p.service = { read: v.read, write: v.write, static: v.static };
    } else if (path.startsWith('service.') && isDist(value)) {
      const op = path.slice('service.'.length);
      if (op !== 'read' && op !== 'write' && op !== 'static') return false;
      p.service[op] = value;
    } else return false;
    this.samplers = this.makeSamplers();
    return true;
  }

  private setConnections(n: number): void {
    const t = this.sim.now;
    this.stats.capacity.add(t, this.pools.length * (n - this.params.connections));
    this.params.connections = n;
    for (let s = 0; s < this.pools.length; s++) {
      const pool = this.pools[s];
      pool.servers = n;
      for (let id = pool.startWaiting(t); id >= 0; id = pool.startWaiting(t)) {
        this.poolChanged(s);
        this.onConnection(this.calls.get(id));
      }
    }
  }

  /** Counters over the measured window, for resultExtras. */
  protected measuredCounts(): Record<string, number> {
    const w = this.warmCounts;
    return {
      reads: this.reads - w.reads,
      writes: this.writes - w.writes,
    };
  }
}

export function isDist(v: unknown): v is DistSpec {
  return typeof v === 'object' && v !== null && typeof (v as { dist?: unknown }).dist === 'string';
}

/** A database primary: shards, row locks, replication to its replicas. */
export class Database extends DbStation {
  readonly role = 'primary' as const;
  /** Replicas copying this primary, in node order (rebuilt on every topology change). */
  replicas: ReplicaSink[] = [];
  readonly locks = new RowLocks();
  /** Writes that waited for a row lock (whole run). */
  lockWaits = 0;
  private lockWaitsAtWarm = 0;
  private lockWaitsAtSeries = 0;
  /** Time writes waited for their row lock, ms (measured window). */
  readonly lockWaitMs = new LatencyHistogram();
  /** Busy connections per shard (only when shards > 1). */
  private readonly shardBusy: TimeWeighted[] = [];
  private shardBusyAtWarm: number[] = [];

  constructor(ctx: SimContext, id: string, params: DatabaseParams) {
    super(ctx, id, params, params.shards);
    if (params.shards > 1)
      for (let s = 0; s < params.shards; s++) this.shardBusy.push(new TimeWeighted(0, 0));
  }

  protected shardFor(key: number): number {
    return shardOf(key, this.pools.length);
  }

  protected override poolChanged(shard: number): void {
    if (this.shardBusy.length > 0) this.shardBusy[shard].set(this.sim.now, this.pools[shard].busy);
  }

  protected override onConnection(call: Call): void {
    if (call.op !== Op.write || this.params.locks !== 'row' || call.key < 0) {
      this.startService(call);
      return;
    }
    call.step |= 1;
    if (this.locks.acquire(call.key, call.id)) {
      this.startService(call);
      return;
    }
    this.lockWaits++;
    call.a = this.sim.now;
  }

  protected override unlock(call: Call): number {
    return this.locks.release(call.key, call.id);
  }

  /**
   * The lock passes to the next write in line. One from before a failure fails at once and passes
   * the lock on in turn — a loop, not recursion, so a long line cannot overflow the stack.
   */
  protected override handOver(id: number): void {
    const calls = this.calls;
    while (id >= 0) {
      const call = calls.get(id);
      this.lockWaitMs.record(this.sim.now - call.a);
      call.a = 0;
      if (!this.stale(call)) {
        this.startService(call);
        return;
      }
      const heir = this.locks.release(call.key, call.id);
      this.freeConnection(call.instance);
      this.failHere(call, Reason.targetDown);
      id = heir;
    }
  }

  protected override onCommit(key: number): void {
    const t = this.sim.now;
    const r = this.replicas;
    for (let i = 0; i < r.length; i++) r[i].ship(key, t);
  }

  override onTopologyChange(byId: ReadonlyMap<string, SimNode>): void {
    // Map order is creation order (file order, then add-node order): the same every run.
    this.replicas = [];
    for (const node of byId.values()) {
      const r = node as Partial<ReplicaSink>;
      if (node.type === 'database' && r.role === 'replica' && r.primaryId === this.id && !node.removed) {
        this.replicas.push(node as ReplicaSink);
      }
    }
  }

  override markWarmup(t: number): void {
    super.markWarmup(t);
    this.lockWaitsAtWarm = this.lockWaits;
    this.lockWaitMs.reset();
    this.shardBusyAtWarm = this.shardBusy.map((b) => b.integral(t));
  }

  override resultExtras(): Record<string, unknown> {
    const t = this.sim.now;
    const out: Record<string, unknown> = {
      ...this.measuredCounts(),
      lockWaits: this.lockWaits - this.lockWaitsAtWarm,
      lockWaitMs: summarize(this.lockWaitMs),
    };
    if (this.shardBusy.length > 0) {
      // Connection-time of one shard since warm-up (every shard has the same connections).
      const s = this.stats;
      const span = (s.capacity.integral(t) - s.warm.capacity) / this.pools.length;
      out.shards = this.shardBusy.map((b, i) =>
        span > 0 ? (b.integral(t) - (this.shardBusyAtWarm[i] ?? 0)) / span : 0,
      );
    }
    return out;
  }

  override seriesExtras(out: Record<string, number>): void {
    out.lockWaits = this.lockWaits - this.lockWaitsAtSeries;
    this.lockWaitsAtSeries = this.lockWaits;
  }

  override liveExtras(out: Record<string, number>): void {
    out.lockWaiting = this.locks.waiting;
  }
}
