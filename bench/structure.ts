/**
 * `npm run bench -- structure`: what the engine's structure costs per request, measured as a
 * ladder of M/M/1 loops at ρ 0.9 (λ 0.9/ms, 1 ms service), each adding one layer of what the
 * engine does to the one before, all on the engine's own primitives:
 *
 *  1. bare       the ceiling's "bare" loop (heap, two sfc32 streams, own ln, a FIFO of times);
 *  2. +stats     the ceiling's "stats": two latency histograms, batch means, two time-weighted;
 *  3. +dispatch  events go through Simulator.schedule / runUntil to two handler objects
 *                (source and server) by index, kind and argument, as every node's are;
 *  4. +calls     each request is a Call from the CallPool (alloc, fields, release), the FIFO
 *                holds call ids and the latency comes from the call;
 *  5. +timeouts  each request arms a CallDeadlines entry (one timer for all, DESIGN §2) and
 *                each answer drops the settled head, as the client does;
 * beside the full engine on the same model (naturalMM1 via the CLI path, whose increment over
 * rung 5 is what nodes add: NodeStats, two server pools, send/answer, run metrics, series,
 * tracing checks). Interleaved over ROUNDS rounds; each rung's mean must be 10 ms.
 */

import { CallPool } from '../src/components/call';
import { CallDeadlines } from '../src/components/callDeadlines';
import { BatchMeans } from '../src/engine/batchMeans';
import { ln } from '../src/engine/fastMath';
import { bucketIndex, LatencyHistogram } from '../src/engine/histogram';
import { createStream } from '../src/engine/random';
import { type EventHandler, Simulator } from '../src/engine/simulator';
import { TimeWeighted } from '../src/engine/timeWeighted';
import { ceilingMM1 } from './ceiling';
import { naturalMM1 } from './scenarios';
import { viaCli } from './userPaths';

const ROUNDS = 3;
const N = 4_000_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Statistics shared by rungs 3–5 (what "stats" keeps). */
class Stats {
  readonly node = new LatencyHistogram();
  readonly run = new LatencyHistogram();
  readonly batches = new BatchMeans(32);
  readonly busy = new TimeWeighted();
  readonly waiting = new TimeWeighted();
  done = 0;
  sum = 0;
  record(latency: number): void {
    const b = bucketIndex(latency);
    this.node.recordInBucket(b, latency);
    this.run.recordInBucket(b, latency);
    this.batches.add(latency);
    this.done++;
    this.sum += latency;
  }
}

const EV_ARRIVAL = 0;
const EV_DONE = 1;
const EV_TIMEOUT = 2;

/** Rungs 3–5: a source and a server as handlers on the Simulator. */
function ladder(n: number, calls: boolean, timeouts: boolean): { wallMs: number; meanMs: number } {
  const sim = new Simulator();
  const stats = new Stats();
  const pool = new CallPool();
  const arrivals = createStream(1, 0, 'users', 'arrivals');
  const service = createStream(1, 0, 'app', 'service');
  const mask = (1 << 20) - 1;
  const fifoTimes = new Float64Array(mask + 1);
  const fifoIds = new Int32Array(mask + 1);
  let head = 0;
  let inSystem = 0;
  let deadlines: CallDeadlines | null = null;

  class Server implements EventHandler {
    index = sim.register(this);
    handle(kind: number): void {
      if (kind !== EV_DONE) return;
      const now = sim.now;
      const at = head;
      head = (head + 1) & mask;
      inSystem--;
      if (calls) {
        const call = pool.get(fifoIds[at]);
        stats.record(now - call.arrivedAt);
        pool.release(call);
        if (deadlines) deadlines.dropSettled();
      } else stats.record(now - fifoTimes[at]);
      if (inSystem > 0) {
        stats.waiting.add(now, -1);
        sim.schedule(-ln(1 - service.next()), this.index, EV_DONE, 0);
      } else stats.busy.add(now, -1);
    }
    arrive(now: number, id: number): void {
      const at = (head + inSystem) & mask;
      fifoTimes[at] = now;
      fifoIds[at] = id;
      if (inSystem++ === 0) {
        stats.busy.add(now, 1);
        sim.schedule(-ln(1 - service.next()), this.index, EV_DONE, 0);
      } else stats.waiting.add(now, 1);
    }
  }
  const server = new Server();

  class Source implements EventHandler {
    index = sim.register(this);
    handle(kind: number): void {
      if (kind === EV_TIMEOUT) {
        deadlines!.fired();
        while (deadlines!.expired() !== null) throw new Error('no request waits 1 h');
        deadlines!.dropSettled();
        deadlines!.rearm();
        return;
      }
      const now = sim.now;
      sim.schedule(-ln(1 - arrivals.next()) / 0.9, this.index, EV_ARRIVAL, 0);
      let id = 0;
      if (calls) {
        const call = pool.alloc();
        call.arrivedAt = now;
        call.requestStart = now;
        id = call.id;
        if (deadlines) deadlines.arm(call, now + 3_600_000);
      }
      server.arrive(now, id);
    }
  }
  const source = new Source();
  if (timeouts) deadlines = new CallDeadlines(sim, pool, source.index, EV_TIMEOUT);
  const start = performance.now();
  sim.schedule(-ln(1 - arrivals.next()) / 0.9, source.index, EV_ARRIVAL, 0);
  // Slices of 1 000 simulated ms, as a long run is driven; stop once n requests are done.
  for (let t = 1000; stats.done < n; t += 1000) sim.runUntil(t);
  return { wallMs: performance.now() - start, meanMs: stats.sum / stats.done };
}

type Rung = [string, (n: number) => { wallMs: number; meanMs: number; requests?: number }];

const RUNGS: Rung[] = [
  ['bare', (n) => ceilingMM1(n, 'bare')],
  ['+stats', (n) => ceilingMM1(n, 'stats')],
  ['+dispatch', (n) => ladder(n, false, false)],
  ['+calls', (n) => ladder(n, true, false)],
  ['+timeouts', (n) => ladder(n, true, true)],
  [
    'full engine (CLI path)',
    () => {
      // 16 h of the natural M/M/1 ≈ 5.2M requests; per request, so N need not match.
      const f = viaCli(naturalMM1('16h'));
      return { wallMs: f.wallMs, meanMs: f.result.latencyMs.mean / 10, requests: f.requests };
    },
  ],
];

export function benchStructure(): void {
  console.log(
    `\nstructure: CPU ns per request, M/M/1 at ρ 0.9, median of ${ROUNDS} interleaved rounds (the full engine's includes parse and result)`,
  );
  for (const [, f] of RUNGS) f(200_000);
  const ns = RUNGS.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) {
    RUNGS.forEach(([name, f], i) => {
      // CPU time of this process (user + system), not wall time: on a shared machine the wall
      // clock also counts the time other processes had the core.
      const cpu0 = process.cpuUsage();
      const out = f(N);
      const cpu = process.cpuUsage(cpu0);
      if (Math.abs(out.meanMs - 10) > 0.5) throw new Error(`${name}: mean ${out.meanMs}, theory 10`);
      ns[i].push(((cpu.user + cpu.system) * 1e3) / (out.requests ?? N));
    });
  }
  let prev = 0;
  RUNGS.forEach(([name], i) => {
    const m = median(ns[i]);
    const inc = i === 0 ? '' : `  (${m - prev >= 0 ? '+' : ''}${(m - prev).toFixed(0)} ns)`;
    console.log(`${name.padEnd(24)} ${m.toFixed(0).padStart(5)} ns/request  ${fmtRate(m)}${inc}`);
    prev = m;
  });
}

const fmtRate = (nsPerRequest: number) =>
  `${Math.round(1e9 / nsPerRequest)
    .toLocaleString('en-US')
    .padStart(10)} req/s`;
