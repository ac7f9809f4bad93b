/**
 * What a finished run shows: the result's measured window (after the warm-up), not the last
 * snapshot interval. The last interval's length depends on the playback speed, so two viewers of
 * the same link would otherwise read different figures on the same finished canvas.
 */
import type { Result } from '../scenario/resultTypes';
import type { Health, LiveSnapshot } from '../scenario/simulationTypes';

/** Same thresholds as the live canvas (src/scenario/live.ts): hot from 70%, saturated from 95%. */
function healthFromUtilization(u: number): Health {
  if (u >= 0.95) return 'saturated';
  if (u >= 0.7) return 'hot';
  return 'ok';
}

/** `snapshot` with each node's utilisation, throughput and queue taken from `result`. */
export function finishedSnapshot(snapshot: LiveSnapshot, result: Result): LiveSnapshot {
  const measuredSec = (result.simulatedMs - result.warmupMs) / 1000;
  const nodes: LiveSnapshot['nodes'] = {};
  for (const [id, live] of Object.entries(snapshot.nodes)) {
    const r = result.nodes[id];
    if (!r) {
      nodes[id] = live;
      continue;
    }
    // A queue's health is its fill, which the result does not state; down stays down.
    const health =
      live.health === 'down' || r.type === 'queue' ? live.health : healthFromUtilization(r.utilization);
    nodes[id] = {
      ...live,
      health,
      utilization: r.utilization,
      queue: r.meanQueue,
      throughputRps: measuredSec > 0 ? r.completions / measuredSec : 0,
    };
  }
  return {
    ...snapshot,
    rps: result.throughputRps,
    p50Ms: result.latencyMs.p50,
    p95Ms: result.latencyMs.p95,
    p99Ms: result.latencyMs.p99,
    errorRate: result.errorRate,
    nodes,
  };
}
