/**
 * Service demands: one model of where an external request spends station time, used by the
 * theory panel and the load sweep to name the bottleneck and the saturation rate.
 *
 * An external request is one first attempt from a client (retries are NOT counted; `retryFactor`
 * says how many attempts per request a run measured, for callers that want to say so). Clients
 * are weighted by their peak rate (× trafficScale), so scaling every client's traffic — as the
 * sweep does — keeps every visit ratio. Each request class is routed along the path the
 * simulator takes on success (failures, timeouts, row locks and retries are not in the model):
 *
 *  client → static to a CDN when one is connected, else round-robin over its entries;
 *  cdn → static served at the edge (station), hits answered, misses to the origin; other ops pass;
 *  rateLimiter → passes (a capacity of `rate` req/s of its own: past it, requests are shed);
 *  loadBalancer → its own service (station), then one target, in proportion to its instances;
 *  appServer → CPU (station: cores × instances), then reads: cache get, on a miss (1 − hit) a DB
 *    read (a connected replica at random, else the primary) and a cache set; writes: async with a
 *    queue → enqueue, else primary write then cache invalidate; then every downstream service;
 *  database primary → a query (station: connections × shards); each write is applied once on
 *    every replica of it (the replica's apply thread, one server: its own station `<id>#apply`);
 *  queue → jobs split over its workers in proportion to their slots;
 *  worker → the job (station: concurrency × instances; a slot is held for service.write plus
 *    each side effect's service time and edge latency both ways), then per edge a write to the
 *    primary, an invalidate to a cache, a write request to a service.
 *
 * For every station: visit ratio v (visits per external request, all ops), demand
 * D = Σ v_op·S_op / servers in ms (servers = parallel servers × instances), utilisation at an
 * external rate λ (req/ms) ρ = λ·D, and saturation 1/D. The bottleneck is the station with the
 * highest demand, which is by construction the one with the lowest saturation rate.
 *
 * Hit ratios: measured (`hitRatio` of the result's node) when a result is given and the node saw
 * traffic; else a `hitRatio` the scenario fixes; else the theory estimate (hitEstimate.ts) at the
 * scenario's peak load. An autoscaled app tier counts at its `autoscale.max` (what it can grow to
 * under a steady load); a fixed tier at its `instances`. Topology is the scenario's at t = 0.
 */

import type { DistSpec } from '../engine/distributions';
import type { Result } from '../scenario/resultTypes';
import type { RequestClass, Scenario, ScenarioNode } from '../scenario/types';
import { clientPeakRps, distCv, distMean, peakRps, stationServers, tierInstances } from './demandStations';
import { estimateHitRatio, type KeyedFlow } from './hitEstimate';

export { distCv, distMean, peakRps, stationServers } from './demandStations';

type OpName = 'read' | 'write' | 'static';

/** One station of the demand model. */
export interface StationDemand {
  /** Node id; a replica's apply thread is `<id>#apply`. */
  id: string;
  /** The node the station belongs to (equal to id, but for an apply thread). */
  node: string;
  type: string;
  /** Visits per external request, all operations together. */
  visitRatio: number;
  /** Mean service time per visit, ms (visit-weighted over operations). */
  serviceMs: number;
  /** Coefficient of variation of the service time per visit, over the mix of operations (1: exponential). */
  serviceCv: number;
  /** Parallel servers over all instances (a rate limiter: 0, it has none). */
  servers: number;
  /** ms of one server's time per external request, divided over all servers: v·S/servers. */
  demandMs: number;
  /** External req/s at which this station reaches 100%: 1000 / demandMs (Infinity if no demand). */
  saturationRps: number;
  /** A rate limiter: past saturation it rejects instead of queueing; no utilisation is measured. */
  sheds: boolean;
  /**
   * What a saturated station does to requests. `request`: it is on the path of a request the
   * client waits for (its queue delays or fails the answer). `async`: only jobs after the answer
   * (workers, and the writes they make): the job queue grows, answers stay fast until it fills.
   * `replication`: a replica's apply thread: replication lag and stale reads grow without bound.
   */
  path: 'request' | 'async' | 'replication';
  /** Parallel servers per instance (cores, connections, slots); servers = this × instances. */
  serversPerInstance: number;
  /** Instances counted (an autoscaled tier: its maximum). */
  instances: number;
}

export interface DemandModel {
  /** Stations in scenario order (apply threads after their replica). */
  stations: StationDemand[];
  /** min over stations of saturationRps: external req/s (first attempts) at the first 100%. */
  saturationRps: number;
  /** Station id with the highest demand (lowest id order on ties: the first in scenario order). */
  bottleneck: string | null;
  /** External req/s the hit-ratio estimates and `utilizationAt` defaults use: the scenario's peak. */
  peakRps: number;
  /** Attempts per external request measured by the run ((arrived + retries) / arrived), or 1. */
  retryFactor: number;
  /** Hit ratio used per cache / CDN, and where it came from. */
  hitRatios: Record<string, { value: number; source: 'measured' | 'fixed' | 'theory' }>;
}

export interface DemandOptions {
  /** External req/s for the theory hit-ratio estimates (default: the scenario's peak). */
  atRps?: number;
}

interface Acc {
  node: ScenarioNode;
  /** Σ v·S over operations, ms per external request. */
  work: number;
  /** Σ v·E[S²] over operations, ms² per external request (for the mixture's cv). */
  second: number;
  visits: number;
  /** Visits made on the path of a request the client waits for. */
  requestVisits: number;
}

/** Hops followed before a path is cut (a cycle of services would otherwise recurse for ever). */
const MAX_DEPTH = 32;

export function serviceDemands(s: Scenario, measured?: Result, options: DemandOptions = {}): DemandModel {
  const byId = new Map(s.nodes.map((n) => [n.id, n]));
  const outs = new Map<string, ScenarioNode[]>();
  for (const n of s.nodes) outs.set(n.id, []);
  for (const e of s.edges) {
    const to = byId.get(e.to);
    if (to) outs.get(e.from)?.push(to);
  }
  const latency = new Map(s.edges.map((e) => [`${e.from}>${e.to}`, e.latency]));
  const peak = peakRps(s);
  const atRps = options.atRps ?? peak;
  const acc = new Map<string, Acc>();
  const limiterVisits = new Map<string, number>();
  // Per cache/CDN: the keyed flows reaching it (per external request), for the theory estimate.
  const keyed = new Map<string, { reads: KeyedFlow[]; invalidations: KeyedFlow[] }>();
  const hitRatios: DemandModel['hitRatios'] = {};

  // Set while routing a job behind a queue (visits there are off the request's path).
  let inJob = false;
  const visit = (n: ScenarioNode, id: string, v: number, service: DistSpec) => {
    const a = acc.get(id) ?? { node: n, work: 0, second: 0, visits: 0, requestVisits: 0 };
    const mean = distMean(service);
    const cv = distCv(service);
    a.work += v * mean;
    a.second += v * mean * mean * (1 + cv * cv);
    a.visits += v;
    if (!inJob) a.requestVisits += v;
    acc.set(id, a);
  };

  // Pass 1 finds the keyed traffic at every cache (hit ratios unknown yet: they do not change
  // what reaches a cache's gets, only what follows them); pass 2 routes with the hit ratios.
  // A CDN's misses feed the caches behind it, so pass 1 assumes CDN hits from measurement or 0
  // and the second pass is the model; for the theory estimate that order is exact enough.
  const hitOf = (n: ScenarioNode): number => {
    const known = hitRatios[n.id];
    if (known) return known.value;
    if ((n.type === 'cache' || n.type === 'cdn') && n.hitRatio !== undefined) {
      hitRatios[n.id] = { value: n.hitRatio, source: 'fixed' };
      return n.hitRatio;
    }
    const m = measured?.nodes[n.id];
    if (m && m.arrivals > 0 && typeof m.hitRatio === 'number' && Number.isFinite(m.hitRatio)) {
      hitRatios[n.id] = { value: m.hitRatio, source: 'measured' };
      return m.hitRatio;
    }
    return Number.NaN;
  };

  let collecting = true;
  const note = (n: ScenarioNode, kind: 'reads' | 'invalidations', v: number, cls: RequestClass) => {
    if (!collecting) return;
    const k = keyed.get(n.id) ?? { reads: [], invalidations: [] };
    k[kind].push({ ratePerMs: (v * atRps) / 1000, keys: cls.keys });
    keyed.set(n.id, k);
  };
  const hit = (n: ScenarioNode): number => {
    const h = hitOf(n);
    return Number.isNaN(h) ? 0 : h;
  };

  const route = (n: ScenarioNode, op: OpName, cls: RequestClass, v: number, depth: number): void => {
    if (v <= 0 || depth > MAX_DEPTH) return;
    const out = outs.get(n.id) ?? [];
    switch (n.type) {
      case 'client':
        return;
      case 'cdn': {
        if (op !== 'static') {
          if (out[0]) route(out[0], op, cls, v, depth + 1);
          return;
        }
        visit(n, n.id, v, n.service.static);
        note(n, 'reads', v, cls);
        if (out[0]) route(out[0], op, cls, v * (1 - hit(n)), depth + 1);
        return;
      }
      case 'rateLimiter':
        limiterVisits.set(n.id, (limiterVisits.get(n.id) ?? 0) + v);
        if (out[0]) route(out[0], op, cls, v, depth + 1);
        return;
      case 'loadBalancer': {
        visit(n, n.id, v, n.service[op]);
        const weights = out.map((t) => (t.type === 'appServer' ? tierInstances(t) : 1));
        const total = weights.reduce((a, b) => a + b, 0);
        for (let i = 0; i < out.length; i++) route(out[i], op, cls, (v * weights[i]) / total, depth + 1);
        return;
      }
      case 'appServer':
        visit(n, n.id, v, n.service[op]);
        return appDataPath(out, op, cls, v, depth);
      case 'cache':
      case 'queue':
        return; // reached only through the data paths below
      case 'database':
        visit(n, n.id, v, n.service[op]);
        if (op === 'write' && n.role === 'primary') {
          for (const r of s.nodes) {
            if (r.type === 'database' && r.role === 'replica' && r.primary === n.id)
              visit(r, `${r.id}#apply`, v, r.applyService);
          }
        }
        return;
      case 'worker': {
        // A job holds its slot through its side effects too: the calls' service times and both
        // ways of each edge count in the slot's holding time (their queueing waits do not).
        let held = distMean(n.service.write);
        for (const t of out) {
          const rtt = 2 * (latency.get(`${n.id}>${t.id}`) ?? 0);
          if (t.type === 'database') {
            const p = t.role === 'replica' && t.primary ? byId.get(t.primary) : t;
            if (p?.type === 'database') held += rtt + distMean(p.service.write);
          } else if (t.type === 'cache') held += rtt + distMean(t.service.write);
          else if (t.type === 'appServer' || t.type === 'loadBalancer')
            held += rtt + distMean(t.service.write);
        }
        visit(n, n.id, v, { dist: 'gamma', mean: held, cv: distCv(n.service.write) });
        for (const t of out) {
          if (t.type === 'database') {
            const p = t.role === 'replica' && t.primary ? byId.get(t.primary) : t;
            if (p) route(p, 'write', cls, v, depth + 1);
          } else if (t.type === 'cache') {
            visit(t, t.id, v, t.service.write);
            note(t, 'invalidations', v, cls);
          } else if (t.type === 'appServer' || t.type === 'loadBalancer') {
            route(t, 'write', cls, v, depth + 1);
          }
        }
        return;
      }
    }
  };

  const appDataPath = (
    out: ScenarioNode[],
    op: OpName,
    cls: RequestClass,
    v: number,
    depth: number,
  ): void => {
    const cache = out.find((t) => t.type === 'cache');
    const queue = out.find((t) => t.type === 'queue');
    const replicas = out.filter((t) => t.type === 'database' && t.role === 'replica');
    let primary = out.find((t) => t.type === 'database' && t.role !== 'replica');
    if (!primary && replicas[0]?.type === 'database' && replicas[0].primary)
      primary = byId.get(replicas[0].primary);
    if (op === 'read') {
      let toDb = v;
      if (cache?.type === 'cache') {
        visit(cache, cache.id, v, cache.service.read);
        note(cache, 'reads', v, cls);
        toDb = v * (1 - hit(cache));
      }
      if (replicas.length > 0)
        for (const r of replicas) route(r, 'read', cls, toDb / replicas.length, depth + 1);
      else if (primary) route(primary, 'read', cls, toDb, depth + 1);
      if (cache?.type === 'cache' && (replicas.length > 0 || primary))
        visit(cache, cache.id, toDb, cache.service.write);
    } else if (op === 'write') {
      if (cls.async && queue) {
        const workers = (outs.get(queue.id) ?? []).filter((t) => t.type === 'worker');
        const slots = workers.map((w) => (w.type === 'worker' ? w.instances * w.concurrency : 0));
        const total = slots.reduce((a, b) => a + b, 0);
        const was = inJob;
        inJob = true;
        for (let i = 0; i < workers.length; i++)
          route(workers[i], 'write', cls, (v * slots[i]) / total, depth + 1);
        inJob = was;
      } else if (primary) {
        route(primary, 'write', cls, v, depth + 1);
        if (cache?.type === 'cache') {
          visit(cache, cache.id, v, cache.service.write);
          note(cache, 'invalidations', v, cls);
        }
      }
    }
    for (const t of out)
      if (t.type === 'appServer' || t.type === 'loadBalancer') route(t, op, cls, v, depth + 1);
  };

  const clients = s.nodes.filter((n) => n.type === 'client');
  const routeAll = () => {
    acc.clear();
    limiterVisits.clear();
    for (const c of clients) {
      if (c.type !== 'client' || !(peak > 0)) continue;
      const share = clientPeakRps(c) / peak;
      const weight = c.mix.reduce((a, m) => a + m.weight, 0);
      const entries = outs.get(c.id) ?? [];
      const cdn = entries.find((t) => t.type === 'cdn');
      const others = entries.filter((t) => t.type !== 'cdn');
      for (const cls of c.mix) {
        const v = (share * cls.weight) / weight;
        if (cls.op === 'static' && cdn) route(cdn, cls.op, cls, v, 0);
        else if (others.length > 0) for (const t of others) route(t, cls.op, cls, v / others.length, 0);
        else if (entries[0]) route(entries[0], cls.op, cls, v, 0);
      }
    }
  };
  routeAll();
  for (const n of s.nodes) {
    if ((n.type !== 'cache' && n.type !== 'cdn') || !Number.isNaN(hitOf(n))) continue;
    const k = keyed.get(n.id);
    const value = k
      ? estimateHitRatio({
          reads: k.reads,
          invalidations: k.invalidations,
          capacity: n.capacity,
          ttlMs: n.ttl ?? Number.POSITIVE_INFINITY,
        })
      : 0;
    hitRatios[n.id] = { value, source: 'theory' };
  }
  collecting = false;
  routeAll();

  const stations: StationDemand[] = [];
  const push = (id: string, node: ScenarioNode, a: Acc | undefined, servers: number, sheds = false) => {
    const visits = a?.visits ?? 0;
    const apply = id !== node.id;
    const instances = apply
      ? 1
      : node.type === 'appServer'
        ? tierInstances(node)
        : node.type === 'worker'
          ? node.instances
          : 1;
    const work = a?.work ?? 0;
    const demandMs = sheds ? (visits * 1000) / servers : work / servers;
    stations.push({
      id,
      node: node.id,
      type: node.type,
      visitRatio: visits,
      serviceMs: visits > 0 && !sheds ? work / visits : 0,
      serviceCv: mixtureCv(visits, work, a?.second ?? 0),
      servers: sheds ? 0 : servers,
      demandMs,
      saturationRps: demandMs > 0 ? 1000 / demandMs : Number.POSITIVE_INFINITY,
      sheds,
      path: apply ? 'replication' : (a?.requestVisits ?? 0) > 0 || visits === 0 ? 'request' : 'async',
      serversPerInstance: sheds ? 0 : servers / instances,
      instances,
    });
  };
  for (const n of s.nodes) {
    const servers = stationServers(n);
    if (n.type === 'rateLimiter') {
      const visits = limiterVisits.get(n.id) ?? 0;
      push(n.id, n, { node: n, work: 0, second: 0, visits, requestVisits: visits }, n.rate, true);
    } else if (servers > 0) push(n.id, n, acc.get(n.id), servers);
    if (n.type === 'database' && n.role === 'replica') push(`${n.id}#apply`, n, acc.get(`${n.id}#apply`), 1);
  }
  let bottleneck: string | null = null;
  let saturationRps = Number.POSITIVE_INFINITY;
  for (const st of stations) {
    if (st.saturationRps < saturationRps) {
      saturationRps = st.saturationRps;
      bottleneck = st.id;
    }
  }
  const req = measured?.requests;
  const retryFactor = req && req.arrived > 0 ? (req.arrived + req.retries) / req.arrived : 1;
  return { stations, saturationRps, bottleneck, peakRps: peak, retryFactor, hitRatios };
}

/** Predicted utilisation of a station at `rps` external requests per second. */
export function utilizationAt(station: StationDemand, rps: number): number {
  return (rps * station.demandMs) / 1000;
}

/** cv of a mixture from Σv, Σv·S and Σv·E[S²]: √(E[S²]/E[S]² − 1); 1 when nothing was visited. */
function mixtureCv(visits: number, work: number, second: number): number {
  if (!(visits > 0 && work > 0)) return 1;
  const mean = work / visits;
  return Math.sqrt(Math.max(0, second / visits / (mean * mean) - 1));
}
