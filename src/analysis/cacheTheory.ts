/**
 * Cache hit-ratio theory under the independent reference model: each request picks key i with
 * probability p_i, independently of the past (the simulator's Zipf key draws do exactly that).
 * Used by tests that check the simulated cache, and by the theory panel.
 *
 * Units: `ratePerMs` is the total request rate Λ per millisecond (a scenario's rps / 1000);
 * TTLs in ms. Che's approximation works in request counts, so it needs no rate at all.
 * Plain Math is fine here: analysis is not on the deterministic sampling path.
 */

function checkPopularity(p: Float64Array): number {
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const x = p[i];
    if (!(x >= 0 && Number.isFinite(x)))
      throw new RangeError(`p[${i}]: must be a finite number ≥ 0, got ${x}`);
    total += x;
  }
  if (!(total > 0)) throw new RangeError('p: must have a positive sum');
  return total;
}

/**
 * Zipf popularity over keys 1..n: p_i = i^{−s} / Σ_k k^{−s}, returned with p[0] for the most
 * popular key. s = 0 is uniform. O(n); meant for n up to about 10^6.
 */
export function zipfProbabilities(n: number, s: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n: must be a whole number ≥ 1, got ${n}`);
  if (!(s >= 0 && Number.isFinite(s))) throw new RangeError(`s: must be a finite number ≥ 0, got ${s}`);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) p[i] = (i + 1) ** -s;
  // Sum from the smallest terms up, so the tail is not lost against the head.
  let total = 0;
  for (let i = n - 1; i >= 0; i--) total += p[i];
  for (let i = 0; i < n; i++) p[i] /= total;
  return p;
}

/** Σ (1 − e^{−p_i T}) − C and its derivative Σ p_i e^{−p_i T}, with p already normalised. */
function cheEquation(p: Float64Array, capacity: number, t: number): { value: number; slope: number } {
  let value = -capacity;
  let slope = 0;
  for (let i = 0; i < p.length; i++) {
    const m = Math.expm1(-p[i] * t); // e^{−p_i T} − 1, exact even when p_i·T is tiny
    value -= m;
    slope += p[i] * (1 + m);
  }
  return { value, slope };
}

function normalised(p: Float64Array): Float64Array {
  const total = checkPopularity(p);
  if (total === 1) return p;
  const q = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) q[i] = p[i] / total;
  return q;
}

function countPositive(p: Float64Array): number {
  let n = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) n++;
  return n;
}

/**
 * Che's characteristic time T_C of an LRU cache holding `capacity` keys, in requests: the root of
 * Σ_i (1 − e^{−p_i T}) = C (the expected number of distinct keys among T requests fills the
 * cache). Infinity when the cache can hold every key that is ever requested; 0 when capacity ≤ 0.
 * `p` is normalised here if it does not sum to 1.
 */
export function cheCharacteristicTime(p: Float64Array, capacity: number): number {
  if (!(capacity >= 0)) throw new RangeError(`capacity: must be a number ≥ 0, got ${capacity}`);
  const probabilities = normalised(p);
  if (capacity >= countPositive(probabilities)) return Number.POSITIVE_INFINITY;
  if (capacity === 0) return 0;
  // The left side is increasing and concave in T, so bracket [lo, hi] and take Newton steps,
  // falling back to bisection whenever Newton would leave the bracket.
  let lo = 0;
  let hi = capacity;
  while (cheEquation(probabilities, capacity, hi).value < 0) {
    lo = hi;
    hi *= 2;
  }
  // Stop at 1e-10 relative: below that the step is rounding noise of an n-term sum, and the hit
  // ratio's sensitivity to T is far smaller still.
  let t = 0.5 * (lo + hi);
  for (let i = 0; i < 200; i++) {
    const { value, slope } = cheEquation(probabilities, capacity, t);
    if (value === 0) return t;
    if (value < 0) lo = t;
    else hi = t;
    const newton = t - value / slope;
    const next = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 1e-10 * t) return next;
    t = next;
  }
  return t;
}

/**
 * LRU hit ratio by Che's approximation: h = Σ p_i (1 − e^{−p_i T_C}) with T_C from
 * `cheCharacteristicTime`. 1 when the cache holds every key, 0 when capacity is 0. An
 * approximation (very close for Zipf popularity, exact for uniform), in request units, so the
 * request rate cancels out. `capacity` is the number of keys the cache holds.
 */
export function cheLruHitRatio(p: Float64Array, capacity: number): number {
  const t = cheCharacteristicTime(p, capacity);
  if (t === Number.POSITIVE_INFINITY) return 1;
  const probabilities = normalised(p);
  let hit = 0;
  for (let i = 0; i < probabilities.length; i++) {
    hit += probabilities[i] * -Math.expm1(-probabilities[i] * t);
  }
  return hit;
}

/**
 * Hit ratio of an unbounded cache whose entries live `ttlMs` from when they were written (on a
 * miss); hits do not extend them. Exact under Poisson requests.
 *
 * Derivation, per key with Poisson rate λ_i = p_i·Λ: a miss writes the entry; every request in
 * the next T ms is a hit, λ_i·T of them on average; after expiry the next request is a miss
 * again, and by memorylessness the process starts afresh. Each renewal cycle therefore holds
 * exactly one miss and on average λ_i·T hits, so by renewal–reward the key's hit ratio is
 * λ_i T / (1 + λ_i T). Weighting keys by their share of requests: h = Σ p_i·λ_i T/(1 + λ_i T).
 */
export function ttlHitRatio(p: Float64Array, ratePerMs: number, ttlMs: number): number {
  if (!(ratePerMs >= 0 && Number.isFinite(ratePerMs))) {
    throw new RangeError(`ratePerMs: must be a finite number ≥ 0, got ${ratePerMs}`);
  }
  if (!(ttlMs >= 0)) throw new RangeError(`ttlMs: must be a number ≥ 0, got ${ttlMs}`);
  const probabilities = normalised(p);
  if (ratePerMs === 0 || ttlMs === 0) return 0;
  // With entries that never expire every requested key misses once, then hits for ever.
  if (ttlMs === Number.POSITIVE_INFINITY) return 1;
  let hit = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const x = probabilities[i] * ratePerMs * ttlMs;
    hit += (probabilities[i] * x) / (1 + x);
  }
  return hit;
}
