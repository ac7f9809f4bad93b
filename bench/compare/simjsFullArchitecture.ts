// biome-ignore-all lint/correctness/useHookAtTopLevel: simjs' Entity.useFacility is not a React hook
/**
 * The "full web architecture" bench scenario (bench/scenarios.ts, fullArchitecture) written in
 * simjs 2.0.3, the way a simjs user would write it: Entities with callback chains
 * (`useFacility(...).done(...)`), one FCFS Facility per station, Buffers as semaphores where a
 * resource is held for a time not known up front, simjs' Random, and a DataSeries with a histogram
 * for the latency. It exists to measure what simjs does on the same network on the same machine
 * (issue #3), so it follows our semantics (DESIGN §3, src/components/*) rather than simplifying:
 *
 *   users   Poisson 1000/s; 90% reads, 10% writes; keys Zipf(0.99) over 100 000 (same key space)
 *   lb      1 core, const 0.05 ms, then round-robin over the 4 app instances
 *   app     per instance: 64 slots held for the whole stay (Buffer), 4 cores held for the CPU
 *           time only (Facility), CPU exp 5 ms; then the data path:
 *           read:  cache get → hit: answer; miss: replica read → cache set → answer
 *           write: primary write → cache invalidate → answer
 *   cache   1 core, exp 0.2 ms per op; an op takes effect when its service ends; LRU 20 000 keys,
 *           TTL 5 min from the write (a Map in insertion order is the LRU)
 *   primary 20 connections (Buffer: a write waiting for its row lock keeps its connection), row
 *           locks per key in FIFO order, write exp 10 ms; a commit ships the write to the replica
 *   replica 20 connections, read exp 4 ms; each write arrives 1 ms after its commit and is applied
 *           by one apply thread, exp 2 ms
 *   stats   after the 10 s warm-up, as our result does: latency of completions, cache hits/gets,
 *           utilisations (from Facility.usage())
 *
 * Left out, because nothing in this run reaches them (run.ts prints the evidence): backlog limits
 * (the largest queue each station saw is reported instead), the client's 10 s timeout, the load
 * balancer's health probes (no node fails) and stale-read counting (not compared).
 */
import { createRequire } from 'node:module';

// ----- the parts of simjs used here (the package ships no type declarations) -------------------

interface SimRequest {
  done(callback: () => void): SimRequest;
}
interface DataSeries {
  record(value: number): void;
  setHistogram(lower: number, upper: number, buckets: number): void;
  getHistogram(): number[];
  count(): number;
  average(): number;
  max(): number;
}
interface Population {
  sizeSeries: { max(): number };
}
interface Facility {
  servers: number;
  usage(): number;
  queueStats(): Population;
}
interface Buffer {
  getQueue: { stats: Population };
}
interface SimEngine {
  queue: { order: number };
  addEntity<T>(klass: new (sim: SimEngine, name?: string) => T, name?: string): T;
  simulate(endTime: number): boolean;
  time(): number;
}
interface EntityBase {
  time(): number;
  setTimer(duration: number): SimRequest;
  useFacility(facility: Facility, duration: number): SimRequest;
  getBuffer(buffer: Buffer, amount: number): SimRequest;
  putBuffer(buffer: Buffer, amount: number): SimRequest;
}
interface Random {
  random(): number;
  exponential(lambda: number): number;
}
interface Simjs {
  Sim: new () => SimEngine;
  Entity: new (sim: SimEngine, name?: string) => EntityBase;
  Facility: (new (name: string, discipline: number, servers: number) => Facility) & { FCFS: number };
  Buffer: new (name: string, capacity: number, initial: number) => Buffer;
  DataSeries: new (name?: string) => DataSeries;
  Random: new (seed: number) => Random;
}

/**
 * simjs 2.0.3's sim.js is a browserify bundle without `--standalone`: `require('simjs')` returns
 * {} in Node, and the classes are only published as `window.Sim`. So we give it a `window` while
 * it loads, then take the global away again (nothing else in the process should see it).
 */
function loadSimjs(): Simjs {
  const g = globalThis as { window?: { Sim?: Simjs } };
  const had = Object.hasOwn(g, 'window');
  const saved = g.window;
  g.window = {};
  try {
    createRequire(import.meta.url)('simjs');
    const sim = g.window.Sim;
    if (!sim) throw new Error('simjs did not publish window.Sim');
    return sim;
  } finally {
    if (had) g.window = saved;
    else delete g.window;
  }
}

const S = loadSimjs();

// ----- the network's parameters (bench/scenarios.ts + the schema defaults) ---------------------

const RATE_PER_MS = 1; // 1000 req/s
const READ_FRACTION = 0.9;
const KEYS = 100_000;
const ZIPF_S = 0.99;
const LB_SERVICE_MS = 0.05;
const APP_INSTANCES = 4;
const APP_CORES = 4;
const APP_SLOTS = 64;
const APP_CPU_MS = 5;
const CACHE_OP_MS = 0.2;
const CACHE_CAPACITY = 20_000;
const CACHE_TTL_MS = 300_000;
const DB_CONNECTIONS = 20;
const DB_READ_MS = 4;
const DB_WRITE_MS = 10;
const REPLICATION_DELAY_MS = 1;
const APPLY_MS = 2;
const WARMUP_MS = 10_000;
const SEED = 1;

/** Zipf(s) over [0, n) as a cumulative table: key 0 the most popular, as ours (engine/zipf.ts). */
function zipfTable(n: number, s: number): Float64Array {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += (k + 1) ** -s;
    cdf[k] = sum;
  }
  for (let k = 0; k < n; k++) cdf[k] /= sum;
  return cdf;
}

/** Smallest k with cdf[k] > u. */
function zipfKey(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** LRU with a lifetime from the write: a Map keeps insertion order, so its first key is the LRU. */
class LruCache {
  private readonly entries = new Map<number, number>(); // key → write time
  constructor(
    private readonly capacity: number,
    private readonly ttl: number,
  ) {}

  get(key: number, now: number): boolean {
    const written = this.entries.get(key);
    if (written === undefined) return false;
    this.entries.delete(key);
    if (now - written >= this.ttl) return false; // expired: gone
    this.entries.set(key, written); // most recently used now; the lifetime is unchanged
    return true;
  }

  set(key: number, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, now);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  invalidate(key: number): void {
    this.entries.delete(key);
  }
}

export interface SimjsFigures {
  requests: number;
  wallMs: number;
  meanLatencyMs: number;
  p99LatencyMs?: number;
  hitRatio: number;
  /** simjs events scheduled (its event queue's insertion counter). */
  events: number;
  completed: number;
  utilization: Record<string, number>;
  /** Largest number waiting at each station: shows the backlog limits left out never mattered. */
  maxQueue: Record<string, number>;
}

export interface SimjsOptions {
  /** Model the app's 64 in-flight slots (a Buffer: two events per request). Default true. */
  slots?: boolean;
}

/** Runs the network for `durationS` simulated seconds (10 s of it warm-up) in simjs. */
export function runSimjsFull(durationS: number, options: SimjsOptions = {}): SimjsFigures {
  const useSlots = options.slots ?? true;
  const start = performance.now();
  const endMs = durationS * 1000;
  const sim = new S.Sim();
  const random = new S.Random(SEED);
  const cdf = zipfTable(KEYS, ZIPF_S);
  const FCFS = S.Facility.FCFS;
  const lb = new S.Facility('lb', FCFS, 1);
  const cpus: Facility[] = [];
  const slots: Buffer[] = [];
  for (let i = 0; i < APP_INSTANCES; i++) {
    cpus.push(new S.Facility(`app#${i} cpu`, FCFS, APP_CORES));
    slots.push(new S.Buffer(`app#${i} slots`, APP_SLOTS, APP_SLOTS));
  }
  const cacheStation = new S.Facility('cache', FCFS, 1);
  const replica = new S.Facility('replica', FCFS, DB_CONNECTIONS);
  const applyThread = new S.Facility('replica apply', FCFS, 1);
  const connections = new S.Buffer('db connections', DB_CONNECTIONS, DB_CONNECTIONS);
  const cache = new LruCache(CACHE_CAPACITY, CACHE_TTL_MS);
  const latency = new S.DataSeries('latency');
  latency.setHistogram(0, 2000, 40_000); // 0.05 ms buckets up to 2 s, for the p99
  /** Row locks: key → writes waiting behind the holder (present while the row is locked). */
  const rowLocks = new Map<number, (() => void)[]>();
  const facilities: Record<string, Facility> = { lb, cache: cacheStation, replica };
  cpus.forEach((f, i) => {
    facilities[`app#${i}`] = f;
  });
  let primaryBusyMs = 0;
  let gets = 0;
  let hits = 0;
  let arrived = 0;
  let completed = 0;
  let rr = 0;
  const warmUsage: Record<string, number> = {};

  /** A request's own state, carried by the closures of its callback chain. */
  interface Req {
    t0: number;
    read: boolean;
    key: number;
    instance: number;
    /** When a write got its primary connection. */
    connectedAt: number;
  }

  /** The write's replication: 1 ms in transit, then the one apply thread. */
  class Replicator extends S.Entity {
    start(): void {}
    ship(): void {
      this.setTimer(REPLICATION_DELAY_MS).done(() => {
        this.useFacility(applyThread, random.exponential(1 / APPLY_MS));
      });
    }
  }

  class Users extends S.Entity {
    replicator!: Replicator;

    start(): void {
      this.nextArrival();
      // Statistics count from the end of the warm-up, as our result's do.
      this.setTimer(WARMUP_MS).done(() => {
        for (const [name, f] of Object.entries(facilities)) warmUsage[name] = f.usage();
        gets = 0;
        hits = 0;
      });
    }

    nextArrival(): void {
      this.setTimer(random.exponential(RATE_PER_MS)).done(() => {
        this.nextArrival();
        arrived++;
        const read = random.random() < READ_FRACTION;
        const req: Req = {
          t0: this.time(),
          read,
          key: zipfKey(cdf, random.random()),
          instance: 0,
          connectedAt: 0,
        };
        this.useFacility(lb, LB_SERVICE_MS).done(() => {
          req.instance = rr;
          rr = (rr + 1) % APP_INSTANCES;
          if (useSlots) this.getBuffer(slots[req.instance], 1).done(() => this.cpu(req));
          else this.cpu(req);
        });
      });
    }

    cpu(req: Req): void {
      this.useFacility(cpus[req.instance], random.exponential(1 / APP_CPU_MS)).done(() => {
        if (req.read) this.cacheGet(req);
        else this.dbWrite(req);
      });
    }

    cacheGet(req: Req): void {
      this.useFacility(cacheStation, random.exponential(1 / CACHE_OP_MS)).done(() => {
        const hit = cache.get(req.key, this.time());
        gets++;
        if (hit) {
          hits++;
          this.finish(req);
          return;
        }
        this.useFacility(replica, random.exponential(1 / DB_READ_MS)).done(() => {
          this.useFacility(cacheStation, random.exponential(1 / CACHE_OP_MS)).done(() => {
            cache.set(req.key, this.time());
            this.finish(req);
          });
        });
      });
    }

    /** Connection first, then the row lock (waiting for it keeps the connection), then the write. */
    dbWrite(req: Req): void {
      this.getBuffer(connections, 1).done(() => {
        req.connectedAt = this.time();
        const line = rowLocks.get(req.key);
        if (line) line.push(() => this.runWrite(req));
        else {
          rowLocks.set(req.key, []);
          this.runWrite(req);
        }
      });
    }

    runWrite(req: Req): void {
      this.setTimer(random.exponential(1 / DB_WRITE_MS)).done(() => {
        const line = rowLocks.get(req.key)!;
        const next = line.shift();
        if (next) next();
        else rowLocks.delete(req.key);
        this.putBuffer(connections, 1);
        // Utilisation as ours counts it: connection-time (row-lock waits included) after warm-up.
        primaryBusyMs += Math.max(0, this.time() - Math.max(req.connectedAt, WARMUP_MS));
        this.replicator.ship();
        this.useFacility(cacheStation, random.exponential(1 / CACHE_OP_MS)).done(() => {
          cache.invalidate(req.key);
          this.finish(req);
        });
      });
    }

    finish(req: Req): void {
      if (useSlots) this.putBuffer(slots[req.instance], 1);
      completed++;
      const now = this.time();
      if (now >= WARMUP_MS) latency.record(now - req.t0);
    }
  }

  const users = sim.addEntity(Users, 'users');
  users.replicator = sim.addEntity(Replicator, 'replication');
  sim.simulate(endMs);
  const wallMs = performance.now() - start;

  const span = endMs - WARMUP_MS;
  const utilization: Record<string, number> = {};
  const maxQueue: Record<string, number> = {};
  for (const [name, f] of Object.entries(facilities)) {
    utilization[name] = (f.usage() - (warmUsage[name] ?? 0)) / (f.servers * span);
    maxQueue[name] = f.queueStats().sizeSeries.max();
  }
  utilization.db = primaryBusyMs / (DB_CONNECTIONS * span);
  maxQueue.db = connections.getQueue.stats.sizeSeries.max();
  if (useSlots) maxQueue.slots = Math.max(...slots.map((b) => b.getQueue.stats.sizeSeries.max()));
  maxQueue.apply = applyThread.queueStats().sizeSeries.max();
  return {
    requests: arrived,
    wallMs,
    meanLatencyMs: latency.average(),
    p99LatencyMs: histogramQuantile(latency, 0.99, 0, 0.05),
    hitRatio: gets > 0 ? hits / gets : 0,
    events: sim.queue.order,
    completed,
    utilization,
    maxQueue,
  };
}

/**
 * The q-quantile from a DataSeries histogram (bucket 0 holds values below `lower`, the last one
 * values above the range): the upper edge of the bucket where the count crosses q. Undefined when
 * it falls above the range.
 */
function histogramQuantile(series: DataSeries, q: number, lower: number, width: number): number | undefined {
  const h = series.getHistogram();
  const target = q * series.count();
  let seen = 0;
  for (let i = 0; i < h.length - 1; i++) {
    seen += h[i];
    if (seen >= target) return lower + i * width;
  }
  return undefined;
}
