/**
 * Live figures for the canvas: rates and utilisation over the last LIVE_WINDOW_MS of simulated
 * time (a sliding window, the same one for every node, every edge and the run bar), so a steady
 * load reads steady at any playback speed and an edge's rate can be compared with its nodes'.
 * Cheap enough to take every animation frame, and kept apart from the summary and series windows
 * (observation only: nothing here changes a result).
 */
import { AppServer } from '../components/appServer';
import type { Link, SimNode } from '../components/node';
import { StatsMark } from '../components/nodeStats';
import type { RunningSimulation } from './build';
import type { Health, LiveSnapshot, NodeLive } from './simulationTypes';

/** Live rates and utilisation cover this much simulated time, ms. */
export const LIVE_WINDOW_MS = 5000;
/** A window edge is kept at most this often (simulated ms), so the history stays small. */
const SAMPLE_EVERY_MS = 250;

/** Hot from 70% of the node's load (busy servers, or a queue's fill), saturated from 95%. */
export function healthOf(node: SimNode, utilization: number): Health {
  if (node.down) return 'down';
  const load = node.healthLoad(utilization);
  if (load >= 0.95) return 'saturated';
  if (load >= 0.7) return 'hot';
  return 'ok';
}

/** Cumulative counts at one instant: a window's figure is now minus the oldest kept sample. */
interface Sample {
  t: number;
  done: number;
  errors: number;
  nodes: Map<SimNode, StatsMark>;
  edges: Map<Link, number>;
}

/** Requests at an app server: those holding a slot (downstream waits included) and its backlog. */
function appInFlight(app: AppServer): number {
  let n = app.inFlight.value;
  for (const inst of app.instances) n += inst.slots.waiting;
  return n;
}

export class LiveSampler {
  private readonly samples: Sample[] = [];
  private done = 0;
  private errors = 0;
  /** Calls sent along each link since live figures started. */
  private readonly sent = new Map<Link, number>();

  constructor(private readonly run: RunningSimulation) {}

  private sample(t: number): Sample {
    const nodes = new Map<SimNode, StatsMark>();
    for (const n of this.run.nodes.values()) {
      const m = new StatsMark();
      n.stats.mark(m, t);
      nodes.set(n, m);
    }
    return { t, done: this.done, errors: this.errors, nodes, edges: new Map(this.sent) };
  }

  take(): LiveSnapshot {
    const run = this.run;
    const m = run.metrics;
    const t = run.sim.now;
    if (!m.liveEnabled) {
      // First call: start keeping live windows from here on.
      m.liveEnabled = true;
      for (const n of run.nodes.values()) n.stats.mark(n.stats.liveMark, t);
      this.samples.push(this.sample(t));
    }
    this.done += m.liveCompleted;
    this.errors += m.liveErrors;
    m.liveCompleted = 0;
    m.liveErrors = 0;
    for (const node of run.nodes.values()) {
      for (const l of node.out) {
        this.sent.set(l, (this.sent.get(l) ?? 0) + l.liveSent);
        l.liveSent = 0;
      }
    }
    // The window starts at the newest sample at least LIVE_WINDOW_MS old (the oldest at first).
    while (this.samples.length > 1 && this.samples[1].t <= t - LIVE_WINDOW_MS) this.samples.shift();
    const base = this.samples[0];
    const span = t - base.t;
    const perSec = span > 0 ? 1000 / span : 0;
    const done = this.done - base.done;
    const errs = this.errors - base.errors;
    const snap: LiveSnapshot = {
      nowMs: t,
      endMs: run.endMs,
      finished: run.finished,
      windowMs: span,
      rps: done * perSec,
      errorsPerSec: errs * perSec,
      // Percentiles over the frames since the last snapshot (a histogram per frame is not kept).
      p50Ms: m.liveLatency.percentile(0.5),
      p95Ms: m.liveLatency.percentile(0.95),
      p99Ms: m.liveLatency.percentile(0.99),
      errorRate: done + errs > 0 ? errs / (done + errs) : 0,
      requests: m.counts(),
      nodes: {},
      edges: [],
    };
    if (run.slo)
      snap.slo = {
        requests: m.measuredCompleted + m.measuredErrors,
        bad: m.measuredErrors + m.measuredSlow,
      };
    m.liveLatency.reset();
    for (const node of run.nodes.values()) {
      const s = node.stats;
      // A node added since the window began: its figures since the previous snapshot.
      const mk = base.nodes.get(node) ?? s.liveMark;
      const nodeSpan = t - mk.t;
      const nodePerSec = nodeSpan > 0 ? 1000 / nodeSpan : 0;
      const utilization =
        nodeSpan > 0 ? s.utilizationSince(mk, t) : s.capacity.value > 0 ? s.busy.value / s.capacity.value : 0;
      const extra: Record<string, number> = {};
      node.liveExtras(extra);
      // One "in flight" per node: an app server's own count (slots and backlog) replaces the raw extra.
      delete extra.inFlight;
      const live: NodeLive = {
        health: healthOf(node, utilization),
        utilization,
        queue: s.queue.value,
        inFlight: node instanceof AppServer ? appInFlight(node) : s.queue.value + s.busy.value,
        throughputRps: (s.completions - mk.completions) * nodePerSec,
        arrivalsRps: (s.arrivals - mk.arrivals) * nodePerSec,
        failures: s.failures,
        extra,
      };
      snap.nodes[node.id] = live;
      s.mark(s.liveMark, t);
      for (const l of node.out) {
        const sent = (this.sent.get(l) ?? 0) - (base.edges.get(l) ?? 0);
        snap.edges.push({ from: node.id, to: l.node.id, rps: sent * perSec });
      }
    }
    if (t - this.samples[this.samples.length - 1].t >= SAMPLE_EVERY_MS) this.samples.push(this.sample(t));
    return snap;
  }
}
