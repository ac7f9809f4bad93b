/**
 * Live figures for the canvas, over the time since the previous snapshot: cheap enough to take
 * every animation frame, and kept apart from the summary and series windows.
 */
import type { SimNode } from '../components/node';
import type { RunningSimulation } from './build';
import type { Health, LiveSnapshot, NodeLive } from './simulationTypes';

/** Hot from 70% of the node's load (busy servers, or a queue's fill), saturated from 95%. */
export function healthOf(node: SimNode, utilization: number): Health {
  if (node.down) return 'down';
  const load = node.healthLoad(utilization);
  if (load >= 0.95) return 'saturated';
  if (load >= 0.7) return 'hot';
  return 'ok';
}

export class LiveSampler {
  private lastT = 0;

  constructor(private readonly run: RunningSimulation) {}

  take(): LiveSnapshot {
    const run = this.run;
    const m = run.metrics;
    const t = run.sim.now;
    if (!m.liveEnabled) {
      // First call: start keeping live windows from here on.
      m.liveEnabled = true;
      for (const n of run.nodes.values()) n.stats.mark(n.stats.liveMark, t);
    }
    const dt = t - this.lastT;
    const perSec = dt > 0 ? 1000 / dt : 0;
    const done = m.liveCompleted;
    const errs = m.liveErrors;
    const snap: LiveSnapshot = {
      nowMs: t,
      endMs: run.endMs,
      finished: run.finished,
      rps: done * perSec,
      errorsPerSec: errs * perSec,
      p50Ms: m.liveLatency.percentile(0.5),
      p95Ms: m.liveLatency.percentile(0.95),
      p99Ms: m.liveLatency.percentile(0.99),
      errorRate: done + errs > 0 ? errs / (done + errs) : 0,
      requests: m.counts(),
      nodes: {},
      edges: [],
    };
    m.liveLatency.reset();
    m.liveCompleted = 0;
    m.liveErrors = 0;
    for (const node of run.nodes.values()) {
      const s = node.stats;
      const mk = s.liveMark;
      const span = t - mk.t;
      const utilization =
        span > 0 ? s.utilizationSince(mk, t) : s.capacity.value > 0 ? s.busy.value / s.capacity.value : 0;
      const extra: Record<string, number> = {};
      node.liveExtras(extra);
      const live: NodeLive = {
        health: healthOf(node, utilization),
        utilization,
        queue: s.queue.value,
        inFlight: s.queue.value + s.busy.value,
        throughputRps: span > 0 ? ((s.completions - mk.completions) * 1000) / span : 0,
        failures: s.failures,
        extra,
      };
      snap.nodes[node.id] = live;
      s.mark(mk, t);
      for (const l of node.out) {
        snap.edges.push({ from: node.id, to: l.node.id, rps: l.liveSent * perSec });
        l.liveSent = 0;
      }
    }
    this.lastT = t;
    return snap;
  }
}
