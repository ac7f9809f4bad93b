/**
 * The ceiling under the contract: M/M/1 at ρ 0.9 as one hand-written loop over the engine's own
 * primitives (event queue, sfc32 53-bit uniforms, own ln), with no nodes, calls or scenario at all.
 * It shows how fast any simulator obeying DESIGN §2 can go on this machine, so the full engine's
 * figure can be read against it rather than against libraries with no seeded streams, no own log
 * and no per-request statistics.
 *
 * Variants:
 *  - "bare": only what an M/M/1 needs (two streams, own ln, the heap, a FIFO of arrival times);
 *  - "stats": plus the least a result needs: a latency histogram for the node and one for the
 *    run, batch means for the run's mean CI, time-weighted busy and queue;
 *  - "Math.*": the same as "stats" with Math.random and Math.log (unseeded, engine-dependent bits),
 *    which is what the JavaScript DES libraries we compare with use.
 * Each prints its measured mean sojourn time, which must be 1/(μ−λ) = 10 ms, so the loop is right.
 */
import { BatchMeans } from '../src/engine/batchMeans';
import { EventQueue } from '../src/engine/eventQueue';
import { ln } from '../src/engine/fastMath';
import { bucketIndex, LatencyHistogram } from '../src/engine/histogram';
import { createStream } from '../src/engine/random';
import { TimeWeighted } from '../src/engine/timeWeighted';

export type CeilingVariant = 'bare' | 'stats' | 'Math.*';

const ARRIVAL = 0;
const DEPARTURE = 1;

/** Runs `n` completions; returns the wall time in ms and the mean sojourn time in ms. */
export function ceilingMM1(n: number, variant: CeilingVariant): { wallMs: number; meanMs: number } {
  const stats = variant !== 'bare';
  const arrivals = createStream(1, 0, 'users', 'arrivals');
  const service = createStream(1, 0, 'app', 'service');
  const uArrival = variant === 'Math.*' ? Math.random : () => arrivals.next();
  const uService = variant === 'Math.*' ? Math.random : () => service.next();
  const log = variant === 'Math.*' ? Math.log : ln;
  const lambda = 0.9; // per ms
  const mu = 1; // per ms: service 1 ms
  const q = new EventQueue(64);
  const nodeLatency = new LatencyHistogram();
  const runLatency = new LatencyHistogram();
  const batches = new BatchMeans(32);
  const busy = new TimeWeighted();
  const waiting = new TimeWeighted();
  // Arrival times of the requests in the system, FIFO (a ring that never wraps into itself at ρ 0.9).
  const mask = (1 << 20) - 1;
  const arrivedAt = new Float64Array(mask + 1);
  let head = 0;
  let inSystem = 0;
  let done = 0;
  let sum = 0;
  const start = performance.now();
  q.push(-log(1 - uArrival()) / lambda, 0, 0, ARRIVAL, 0);
  while (done < n && q.pop()) {
    const now = q.time;
    if (q.kind === ARRIVAL) {
      q.push(now - log(1 - uArrival()) / lambda, 0, 0, ARRIVAL, 0);
      arrivedAt[(head + inSystem) & mask] = now;
      if (inSystem++ === 0) {
        if (stats) busy.add(now, 1);
        q.push(now - log(1 - uService()) / mu, 0, 0, DEPARTURE, 0);
      } else if (stats) waiting.add(now, 1);
    } else {
      const latency = now - arrivedAt[head];
      head = (head + 1) & mask;
      inSystem--;
      done++;
      sum += latency;
      if (stats) {
        const b = bucketIndex(latency);
        nodeLatency.recordInBucket(b, latency);
        runLatency.recordInBucket(b, latency);
        batches.add(latency);
      }
      if (inSystem > 0) {
        if (stats) waiting.add(now, -1);
        q.push(now - log(1 - uService()) / mu, 0, 0, DEPARTURE, 0);
      } else if (stats) busy.add(now, -1);
    }
  }
  return { wallMs: performance.now() - start, meanMs: sum / done };
}
