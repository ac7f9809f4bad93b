/**
 * result@1 from a run: the request balance, end-to-end latency after warm-up with a batch-means
 * interval for its mean, throughput, error rate, cost, failures by reason, and each node's figures.
 * Every number is computed from the run alone, so the same scenario and seed give the same JSON.
 */

import { REASONS } from '../components/call';
import { summarize } from '../engine/histogram';
import type { RunningSimulation } from './build';
import type { NodeResult, Result, Series } from './resultTypes';

export function buildResult(run: RunningSimulation, series: Series): Result {
  const m = run.metrics;
  const t = run.sim.now;
  const warm = Math.min(run.ctx.warmupMs, t);
  const measuredSec = (t - warm) / 1000;
  const nodes: Record<string, NodeResult> = {};
  const reasons: Record<string, number> = {};
  let cost = 0;
  // Removed nodes stay in the result (marked) so every failure keeps its reason and place.
  const retired = run.removedNodes.filter((n) => !run.nodes.has(n.id));
  for (const node of [...run.nodes.values(), ...retired]) {
    const s = node.stats;
    const w = s.warm;
    const failures = s.measuredFailures();
    for (const r of REASONS) if (failures[r]) reasons[r] = (reasons[r] ?? 0) + failures[r];
    const rejected =
      (failures['backlog full'] ?? 0) + (failures['rate limited'] ?? 0) + (failures['queue full'] ?? 0);
    nodes[node.id] = {
      type: node.type,
      utilization: s.utilizationSince(w, t),
      meanQueue: s.meanQueueSince(w, t),
      arrivals: s.arrivals - w.arrivals,
      completions: s.completions - w.completions,
      rejected,
      failures,
      latencyMs: summarize(s.latency),
      ...pWait(s.measuredPWait()),
      ...node.resultExtras(),
      ...(node.removed ? { removed: true } : {}),
    };
    cost += node.meanCostPerHour();
  }
  const ci = m.latencyBatches.ci95();
  const ended = m.measuredCompleted + m.measuredErrors;
  return {
    format: 'scalelab/result@1',
    scenario: run.scenario.name,
    seed: run.seed,
    simulatedMs: t,
    warmupMs: warm,
    events: run.sim.eventCount,
    requests: m.counts(),
    latencyMs: summarize(m.latency),
    latencyMeanCi95Ms: [ci[0], ci[1]],
    throughputRps: measuredSec > 0 ? m.measuredCompleted / measuredSec : 0,
    errorRate: ended > 0 ? m.measuredErrors / ended : 0,
    costPerHour: cost,
    failureReasons: reasons,
    nodes,
    series,
    // Only a scenario with rules gets the field, so results of scenarios without stay as they were.
    ...(run.monitor ? { alerts: run.monitor.result() } : {}),
    // Likewise `slo`: only a scenario with an objective gets it.
    ...(run.slo ? { slo: run.slo.result(t) } : {}),
    ...(run.budgetStop ? { stopped: { ...run.budgetStop } } : {}),
    run: { wallMs: 0, eventsPerSec: 0 },
  };
}

function pWait(p: number | undefined): { pWait?: number } {
  return p === undefined ? {} : { pWait: p };
}
