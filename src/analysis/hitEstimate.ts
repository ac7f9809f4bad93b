/**
 * Theory estimates of the hit ratios the demand model needs (src/analysis/demand.ts), for a run
 * that has not measured them yet: a cache-aside cache whose reads are looked up, whose entries
 * live `ttl` from the set, are evicted by LRU and deleted by every write to their key; and a CDN
 * (the same without writes).
 *
 * Per key i, with read rate λ_i and invalidating-write rate w_i (per ms):
 *  - TTL and invalidation (renewal–reward, as in cacheTheory.ttlHitRatio): a miss writes the
 *    entry; it then lives L_i = E[min(ttl, X)], X ~ Exp(w_i), i.e. (1 − e^{−w_i·ttl})/w_i, and
 *    every read in that time hits: h_i = λ_i·L_i / (1 + λ_i·L_i).
 *  - LRU capacity (Che): an entry not read for t_C ms is evicted, h_i = 1 − e^{−λ_i·t_C}.
 * The estimate takes the smaller of the two per key, a deliberate simplification (each limit
 * alone is exact under its own model; together they interact). Keys are shared by index across
 * request classes, as the simulator draws them (key 0 the most popular of every class).
 */
import { cheCharacteristicTime, zipfProbabilities } from './cacheTheory';

/** One request class's contribution to a cache's traffic. */
export interface KeyedFlow {
  /** Requests per ms of this class reaching the cache (reads: gets; writes: invalidations). */
  ratePerMs: number;
  keys: { count: number; zipf: number };
}

/** Inputs of one cache or CDN. */
export interface HitEstimateInput {
  reads: readonly KeyedFlow[];
  /** Writes that delete their key (cache-aside invalidations); none for a CDN. */
  invalidations: readonly KeyedFlow[];
  /** Keys held (LRU). */
  capacity: number;
  /** Entry lifetime from its set, ms (Infinity: never expires). */
  ttlMs: number;
}

/** Above this many keys the per-key sums are cut (the tail's share is then counted as misses). */
const MAX_KEYS = 1_000_000;

function popularityOf(flows: readonly KeyedFlow[], n: number): Float64Array {
  const rate = new Float64Array(n);
  for (const f of flows) {
    if (!(f.ratePerMs > 0)) continue;
    const count = Math.min(MAX_KEYS, Math.max(1, f.keys.count));
    const p = zipfProbabilities(count, f.keys.zipf);
    for (let i = 0; i < count; i++) rate[i] += f.ratePerMs * p[i];
  }
  return rate;
}

/** Estimated hit ratio of the reads, 0..1 (0 when there are no reads). */
export function estimateHitRatio(input: HitEstimateInput): number {
  const flows = [...input.reads, ...input.invalidations];
  let n = 1;
  for (const f of flows) n = Math.max(n, Math.min(MAX_KEYS, Math.max(1, f.keys.count)));
  const lambda = popularityOf(input.reads, n);
  const w = popularityOf(input.invalidations, n);
  let total = 0;
  for (let i = 0; i < n; i++) total += lambda[i];
  if (!(total > 0) || !(input.capacity >= 1)) return 0;
  // Che's characteristic time is in requests; divide by the read rate for ms.
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = lambda[i] / total;
  const tcRequests = cheCharacteristicTime(p, input.capacity);
  const tcMs = tcRequests / total;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const l = lambda[i];
    if (l === 0) continue;
    const ttl = input.ttlMs;
    const life = w[i] > 0 ? (Number.isFinite(ttl) ? -Math.expm1(-w[i] * ttl) / w[i] : 1 / w[i]) : ttl;
    const renewal = Number.isFinite(life) ? (l * life) / (1 + l * life) : 1;
    const lru = Number.isFinite(tcMs) ? -Math.expm1(-l * tcMs) : 1;
    hits += l * Math.min(renewal, lru);
  }
  return hits / total;
}
