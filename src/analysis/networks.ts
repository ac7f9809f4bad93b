/**
 * Open networks of stations: Jackson's product form (each station an M/M/c at its total arrival
 * rate), the mean end-to-end response Σ v·W, and the external rate at which the first station
 * saturates. Times in ms, rates per ms, as in queueing.ts.
 */
import { checkCount, checkRate, type MarkovFigures, mmc } from './queueing';

/** One station of an open Jackson network: its total arrival rate and its servers. */
export interface JacksonStation {
  /** Total arrival rate at the station (external × visits per request), per ms. */
  lambda: number;
  /** Mean (exponential) service time, ms. */
  meanS: number;
  /** Parallel servers, whole number ≥ 1. */
  c: number;
}

/**
 * Open Jackson network: each station behaves as an independent M/M/c with its total arrival
 * rate (product form), so this returns per-station M/M/c figures in input order. Combine them
 * with visit counts using `networkMeanResponse`.
 */
export function jacksonOpen(stations: readonly JacksonStation[]): MarkovFigures[] {
  return stations.map((s) => {
    checkRate('meanS', s.meanS, false);
    return mmc(s.lambda, 1 / s.meanS, s.c);
  });
}

/** One term of a request's path: a station's figures and how often a request visits it. */
export interface StationVisits {
  station: { meanResponse: number };
  /** Mean visits per external request (may be fractional, e.g. 0.1 for a cache miss path), ≥ 0. */
  visitsPerRequest: number;
}

/** Mean end-to-end response time, ms: Σ v_i·W_i. Infinity if a visited station is saturated. */
export function networkMeanResponse(visits: readonly StationVisits[]): number {
  let total = 0;
  for (const { station, visitsPerRequest } of visits) {
    checkRate('visitsPerRequest', visitsPerRequest, true);
    // A station never visited adds nothing, even if saturated (avoids 0·Infinity = NaN).
    if (visitsPerRequest > 0) total += visitsPerRequest * station.meanResponse;
  }
  return total;
}

/** One station as seen by an external request: visits, mean service time (ms), servers. */
export interface DemandStation {
  visitsPerRequest: number;
  meanS: number;
  c: number;
}

/** Where a network saturates. */
export interface Saturation {
  /** λ* = min_i c_i/(v_i·S_i): external arrival rate, per ms, at which the bottleneck hits ρ = 1. */
  ratePerMs: number;
  /** Index (in the input) of the bottleneck station, the lowest index on ties; −1 if none limits. */
  bottleneck: number;
  /** Each station's own saturation rate c_i/(v_i·S_i), per ms (Infinity if it does no work). */
  perStation: number[];
}

/** The external arrival rate at which the first station reaches ρ = 1, and which station that is. */
export function saturationRate(stations: readonly DemandStation[]): Saturation {
  let ratePerMs = Number.POSITIVE_INFINITY;
  let bottleneck = -1;
  const perStation = stations.map((s, i) => {
    checkRate('visitsPerRequest', s.visitsPerRequest, true);
    checkRate('meanS', s.meanS, true);
    checkCount('c', s.c, 1);
    const demand = s.visitsPerRequest * s.meanS;
    const rate = demand > 0 ? s.c / demand : Number.POSITIVE_INFINITY;
    if (rate < ratePerMs) {
      ratePerMs = rate;
      bottleneck = i;
    }
    return rate;
  });
  return { ratePerMs, bottleneck, perStation };
}
