/**
 * The load balancer's health checks: every `interval` it probes each attached target at once
 * (a probe costs the target nothing). A probe fails when the target node is down or removed, or
 * when the app instance behind the target is not serving (booting, scaled in). After
 * `unhealthyAfter` failed probes in a row the balancer stops choosing the target; after
 * `healthyAfter` good ones in a row it chooses it again. Between probes the balancer's belief can
 * be wrong — that is the point: requests sent to a dead target fail until the checks notice.
 */
import type { TargetSet } from './balancing';

export interface HealthCheckParams {
  /** Time between probes, ms (default 5 000). */
  interval: number;
  /** Failed probes in a row before a target is taken out, ≥ 1 (default 2). */
  unhealthyAfter: number;
  /** Good probes in a row before it is put back, ≥ 1 (default 1). */
  healthyAfter: number;
}

/** Probes every attached target once; returns true when any target's believed health changed. */
export function probeTargets(targets: TargetSet, p: HealthCheckParams): boolean {
  let changed = false;
  for (const t of targets.all) {
    if (!t.attached) continue;
    if (t.up) {
      t.badProbes = 0;
      t.goodProbes++;
      if (!t.healthy && t.goodProbes >= p.healthyAfter) {
        t.healthy = true;
        changed = true;
      }
    } else {
      t.goodProbes = 0;
      t.badProbes++;
      if (t.healthy && t.badProbes >= p.unhealthyAfter) {
        t.healthy = false;
        changed = true;
      }
    }
  }
  return changed;
}
