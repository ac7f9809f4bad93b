/**
 * Exact queueing theory beside the simulation: used by tests that check the simulator against
 * theory, and by the app's theory panel.
 *
 * Units, everywhere in this file: times (waits, responses, mean service times) in milliseconds;
 * rates (λ arrivals, μ service completions per server) per millisecond. A scenario's "rps" is
 * per second, so divide by 1000 before calling (λ = rps / 1000). Counts (L, Lq) are requests.
 *
 * Saturation: a queue with ρ ≥ 1 has no steady state. Rather than throwing, the functions return
 * `stable: false` with Infinity for every mean and quantile, so the UI can show "saturated".
 * Invalid arguments (negative or non-finite rates, a non-integer server count…) throw RangeError.
 *
 * Plain Math is fine here: analysis is not on the deterministic sampling path.
 */

/** Steady-state figures common to every single-station model. */
export interface QueueFigures {
  /** False when ρ ≥ 1 (no steady state); then every mean below is Infinity. */
  stable: boolean;
  /** Offered load per server, λ/(cμ). May be ≥ 1 (then `stable` is false). */
  rho: number;
  /** Probability that an arriving request has to wait for a server (1 when saturated). */
  pWait: number;
  /** Wq: mean time waiting in the queue before service, ms. */
  meanWait: number;
  /** W: mean response time (wait + service), ms. */
  meanResponse: number;
  /** Lq: mean number of requests waiting (not in service). */
  meanQueue: number;
  /** L: mean number of requests in the station (waiting + in service). */
  meanInSystem: number;
}

/** Figures of a Markovian station (M/M/1, M/M/c), where the time distributions are exact too. */
export interface MarkovFigures extends QueueFigures {
  /** Smallest t (ms) with P(Wq ≤ t) ≥ q, for q in [0, 1]; Infinity when saturated or q = 1. */
  waitQuantile(q: number): number;
  /** Smallest t (ms) with P(W ≤ t) ≥ q, for q in [0, 1]; Infinity when saturated or q = 1. */
  responseQuantile(q: number): number;
  /** P(Wq ≤ t), t in ms (0 for every t when saturated). */
  waitCdf(t: number): number;
  /** P(W ≤ t), t in ms (0 for every t when saturated). */
  responseCdf(t: number): number;
}

/** An approximate model's figures; `approximate` marks them for the UI. */
export interface ApproxFigures extends QueueFigures {
  approximate: true;
}

/** M/M/c/K (finite room) figures. Always a steady state, so no `stable` flag. */
export interface MmckFigures {
  /** Offered load per server, λ/(cμ); may exceed 1 (excess is blocked). */
  rho: number;
  /** P_K: probability an arrival finds the station full and is blocked (PASTA). */
  blocking: number;
  /** Admitted (= completed) requests per ms, λ(1 − P_K). */
  throughput: number;
  /** Mean fraction of the c servers that are busy, E[min(n, c)]/c (= throughput/(cμ)). */
  utilization: number;
  /** Probability that an admitted request waits for a server. */
  pWait: number;
  /** Wq of admitted requests, ms (Little with the admitted rate). */
  meanWait: number;
  /** W of admitted requests, ms (Little with the admitted rate). */
  meanResponse: number;
  /** Lq: mean number waiting. */
  meanQueue: number;
  /** L: mean number in the station. */
  meanInSystem: number;
}

export function checkRate(name: string, x: number, allowZero: boolean): void {
  if (!Number.isFinite(x) || x < 0 || (!allowZero && x === 0)) {
    throw new RangeError(`${name}: must be a finite number ${allowZero ? '≥ 0' : '> 0'}, got ${x}`);
  }
}

export function checkCount(name: string, x: number, min: number): void {
  if (!Number.isInteger(x) || x < min) {
    throw new RangeError(`${name}: must be a whole number ≥ ${min}, got ${x}`);
  }
}

function checkProbability(q: number): void {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q: must be in [0, 1], got ${q}`);
}

/** The quantile of an unbounded wait: Infinity for every valid q. */
function unboundedQuantile(q: number): number {
  checkProbability(q);
  return Number.POSITIVE_INFINITY;
}

/** Means of a saturated station: unbounded (the queue grows without limit). */
function saturatedMeans(rho: number): QueueFigures {
  return {
    stable: false,
    rho,
    pWait: 1,
    meanWait: Number.POSITIVE_INFINITY,
    meanResponse: Number.POSITIVE_INFINITY,
    meanQueue: Number.POSITIVE_INFINITY,
    meanInSystem: Number.POSITIVE_INFINITY,
  };
}

/** Figures of a saturated Markovian station: every mean and quantile is unbounded. */
function saturated(rho: number): MarkovFigures {
  return {
    ...saturatedMeans(rho),
    waitQuantile: unboundedQuantile,
    responseQuantile: unboundedQuantile,
    waitCdf: () => 0,
    responseCdf: () => 0,
  };
}

/**
 * Wait quantile when P(Wq > t) = pWait·e^{−θt} (both M/M/1 and M/M/c): zero while the no-wait
 * atom covers q, else the exponential tail inverted.
 */
function exponentialTailQuantile(q: number, pWait: number, theta: number): number {
  checkProbability(q);
  const tail = 1 - q;
  if (tail >= pWait) return 0;
  // log1p keeps full precision for small q; at q = 1 it gives +Infinity.
  return (Math.log(pWait) - Math.log1p(-q)) / theta;
}

/**
 * M/M/1: Poisson arrivals λ/ms, one exponential server μ/ms, FIFO, infinite room.
 * The response time is exactly Exp(μ − λ); the wait is 0 with probability 1 − ρ, else Exp(μ − λ).
 */
export function mm1(lambda: number, mu: number): MarkovFigures {
  checkRate('lambda', lambda, true);
  checkRate('mu', mu, false);
  const rho = lambda / mu;
  if (rho >= 1) return saturated(rho);
  const theta = mu - lambda;
  return {
    stable: true,
    rho,
    pWait: rho,
    meanWait: rho / theta,
    meanResponse: 1 / theta,
    meanQueue: (rho * rho) / (1 - rho),
    meanInSystem: rho / (1 - rho),
    waitQuantile: (q) => exponentialTailQuantile(q, rho, theta),
    responseQuantile: (q) => exponentialTailQuantile(q, 1, theta),
    waitCdf: (t) => (t < 0 ? 0 : 1 - rho * Math.exp(-theta * t)),
    responseCdf: (t) => (t < 0 ? 0 : -Math.expm1(-theta * t)),
  };
}

/**
 * Erlang B: blocking probability of M/M/c/c with offered load a = λ/μ (erlangs).
 * Uses the recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), which never overflows
 * (a^c/c! would, for c in the hundreds).
 */
export function erlangB(a: number, c: number): number {
  checkRate('a', a, true);
  checkCount('c', c, 1);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang C: probability that an arrival waits in M/M/c with offered load a = λ/μ (erlangs).
 * From Erlang B: C = c·B / (c − a(1 − B)). Returns 1 when a ≥ c (saturated).
 */
export function erlangC(a: number, c: number): number {
  const b = erlangB(a, c);
  if (a >= c) return 1;
  return (c * b) / (c - a * (1 - b));
}

/** h(d, t) = (1 − e^{−dt})/d, with its limit t at d = 0, computed without cancellation. */
function expDifferenceRatio(d: number, t: number): number {
  return d === 0 ? t : -Math.expm1(-d * t) / d;
}

/**
 * M/M/c: Poisson arrivals λ/ms, c exponential servers of rate μ/ms each, one FIFO queue.
 * Wq is 0 with probability 1 − C, else Exp(θ) with θ = cμ − λ; W = Wq + S with S ~ Exp(μ)
 * independent, so P(W > t) = (1 − C)e^{−μt} + C·P(Exp(θ) + Exp(μ) > t) (hypoexponential).
 * The response quantile inverts that CDF by bisection to 1e-12 relative.
 */
export function mmc(lambda: number, mu: number, c: number): MarkovFigures {
  checkRate('lambda', lambda, true);
  checkRate('mu', mu, false);
  checkCount('c', c, 1);
  const a = lambda / mu;
  const rho = a / c;
  if (rho >= 1) return saturated(rho);
  const pWait = erlangC(a, c);
  const theta = c * mu - lambda;
  const meanWait = pWait / theta;
  const meanResponse = meanWait + 1 / mu;
  // P(W > t) = e^{−μt} + C·μ·e^{−min(μ,θ)t}·h(|θ−μ|, t): the two hypoexponential exponentials
  // rewritten so that θ ≈ μ (including θ = μ exactly) loses no precision and nothing overflows.
  const d = Math.abs(theta - mu);
  const slow = Math.min(mu, theta);
  const responseSurvival = (t: number): number =>
    Math.exp(-mu * t) + pWait * mu * Math.exp(-slow * t) * expDifferenceRatio(d, t);
  return {
    stable: true,
    rho,
    pWait,
    meanWait,
    meanResponse,
    meanQueue: lambda * meanWait,
    meanInSystem: lambda * meanResponse,
    waitQuantile: (q) => exponentialTailQuantile(q, pWait, theta),
    responseQuantile: (q) => invertSurvival(responseSurvival, q, meanResponse),
    waitCdf: (t) => (t < 0 ? 0 : 1 - pWait * Math.exp(-theta * t)),
    responseCdf: (t) => (t < 0 ? 0 : 1 - responseSurvival(t)),
  };
}

/**
 * Smallest t ≥ 0 with survival(t) ≤ 1 − q, for a continuous decreasing survival function with
 * survival(0) = 1. Brackets by doubling from `scale`, then bisects to 1e-12 relative.
 */
function invertSurvival(survival: (t: number) => number, q: number, scale: number): number {
  checkProbability(q);
  if (q === 0) return 0;
  if (q === 1) return Number.POSITIVE_INFINITY;
  const tail = 1 - q;
  let lo = 0;
  let hi = scale;
  while (survival(hi) > tail) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (survival(mid) > tail) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Stationary distribution of M/M/c/K (K = most requests in the station, waiting + in service):
 * p_n ∝ a^n/n! for n ≤ c and ∝ (a^c/c!)·ρ^{n−c} above, with a = λ/μ, ρ = a/c. Built in log
 * space and normalised against the largest term, so K up to 10^7 and c in the thousands work
 * without overflow; O(K) time and memory.
 */
export function mmckDistribution(lambda: number, mu: number, c: number, K: number): Float64Array {
  checkRate('lambda', lambda, true);
  checkRate('mu', mu, false);
  checkCount('c', c, 1);
  checkCount('K', K, c);
  const a = lambda / mu;
  // One array, holding log weights first and probabilities after (K may be large).
  const p = new Float64Array(K + 1);
  for (let n = 1; n <= c; n++) p[n] = p[n - 1] + Math.log(a / n);
  // Above c each term is a multiple of the one at c: one product, no error accumulated over K.
  const logRho = Math.log(a / c);
  for (let n = c + 1; n <= K; n++) p[n] = p[c] + (n - c) * logRho;
  let max = Number.NEGATIVE_INFINITY;
  for (let n = 0; n <= K; n++) if (p[n] > max) max = p[n];
  let total = 0;
  for (let n = 0; n <= K; n++) total += p[n] = Math.exp(p[n] - max);
  for (let n = 0; n <= K; n++) p[n] /= total;
  return p;
}

/**
 * M/M/c/K: Poisson arrivals λ/ms, c servers of rate μ/ms, room for K ≥ c requests in total;
 * arrivals finding K present are blocked (lost). Means are for admitted requests.
 */
export function mmck(lambda: number, mu: number, c: number, K: number): MmckFigures {
  const p = mmckDistribution(lambda, mu, c, K);
  let meanInSystem = 0;
  let meanQueue = 0;
  let busyServers = 0;
  let admitted = 0;
  let waitingOnArrival = 0;
  // Sums of positive terms only: 1 − P_K as 1 − p[K] would cancel badly under heavy overload.
  for (let n = 0; n <= K; n++) {
    meanInSystem += n * p[n];
    busyServers += Math.min(n, c) * p[n];
    if (n > c) meanQueue += (n - c) * p[n];
    if (n < K) admitted += p[n];
    if (n >= c && n < K) waitingOnArrival += p[n];
  }
  const throughput = lambda * admitted;
  // With no traffic Little's law is 0/0; the limits are an empty queue and bare service.
  const idle = throughput === 0;
  return {
    rho: lambda / (c * mu),
    blocking: p[K],
    throughput,
    // Rounding can leave the sum an ulp above 1; a utilisation above 1 would confuse the UI.
    utilization: Math.min(1, busyServers / c),
    pWait: idle ? 0 : waitingOnArrival / admitted,
    meanWait: idle ? 0 : meanQueue / throughput,
    meanResponse: idle ? 1 / mu : meanInSystem / throughput,
    meanQueue,
    meanInSystem,
  };
}

function checkServiceMoments(lambda: number, meanS: number, cvS: number): void {
  checkRate('lambda', lambda, true);
  checkRate('meanS', meanS, false);
  checkRate('cvS', cvS, true);
}

/**
 * M/G/1 by Pollaczek–Khinchine: Poisson arrivals λ/ms, one server with any service distribution
 * of mean `meanS` ms and coefficient of variation `cvS` (σ/mean). Wq = λE[S²]/(2(1 − ρ)) with
 * E[S²] = meanS²(1 + cv²). Exact for the means; the distribution depends on more than two moments.
 */
export function mg1(lambda: number, meanS: number, cvS: number): QueueFigures {
  checkServiceMoments(lambda, meanS, cvS);
  const rho = lambda * meanS;
  if (rho >= 1) return saturatedMeans(rho);
  const secondMoment = meanS * meanS * (1 + cvS * cvS);
  const meanWait = (lambda * secondMoment) / (2 * (1 - rho));
  const meanResponse = meanWait + meanS;
  return {
    stable: true,
    rho,
    pWait: rho,
    meanWait,
    meanResponse,
    meanQueue: lambda * meanWait,
    meanInSystem: lambda * meanResponse,
  };
}

/** M/D/1: constant service time `d` ms; Wq = ρ/(2μ(1 − ρ)) with μ = 1/d. */
export function md1(lambda: number, d: number): QueueFigures {
  return mg1(lambda, d, 0);
}

/**
 * M/G/c APPROXIMATION (Allen–Cunneen / Kingman with Poisson arrivals, c_a² = 1):
 * Wq ≈ Wq(M/M/c)·(1 + cv²)/2. Exact for c = 1 (it is then Pollaczek–Khinchine) and for cv = 1;
 * typically within ~10% otherwise at moderate to high load. pWait is Erlang C, itself only an
 * approximation of the M/G/c waiting probability. For the theory panel, not for tests of exactness.
 */
export function mgcApprox(lambda: number, meanS: number, cvS: number, c: number): ApproxFigures {
  checkServiceMoments(lambda, meanS, cvS);
  const base = mmc(lambda, 1 / meanS, c);
  if (!base.stable) return { ...saturatedMeans(base.rho), approximate: true };
  const meanWait = (base.meanWait * (1 + cvS * cvS)) / 2;
  const meanResponse = meanWait + meanS;
  return {
    stable: true,
    approximate: true,
    rho: base.rho,
    pWait: base.pWait,
    meanWait,
    meanResponse,
    meanQueue: lambda * meanWait,
    meanInSystem: lambda * meanResponse,
  };
}
