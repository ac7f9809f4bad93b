/**
 * The load a scenario offers: every client's first attempts per second, from its rate profile ×
 * trafficScale, following the timed events that change them (`set rate`, `set trafficScale` —
 * the traffic slider and the spike —, `add-node` and `remove-node` of a client). Retries are not
 * in it: they are load the system makes for itself, counted apart (DemandModel.retryFactor).
 * These are expected rates, not measured ones, so they carry no sampling noise.
 */
import { type RatePoint, RateProfile } from '../components/rateProfile';
import type { Scenario } from '../scenario/types';

/** One stretch of a client's traffic: a profile and scale in force from `since` (ms) on. */
interface Stretch {
  since: number;
  until: number;
  profile: RateProfile;
  points: readonly RatePoint[];
  scale: number;
}

function stretches(s: Scenario): Stretch[] {
  const out: Stretch[] = [];
  const active = new Map<string, { since: number; points: readonly RatePoint[]; scale: number }>();
  const close = (id: string, t: number) => {
    const a = active.get(id);
    if (!a) return;
    out.push({ ...a, until: t, profile: new RateProfile(a.points as RatePoint[], a.scale) });
    active.delete(id);
  };
  for (const n of s.nodes)
    if (n.type === 'client') active.set(n.id, { since: 0, points: n.rate, scale: n.trafficScale });
  for (const e of s.events) {
    if (e.do === 'add-node' && e.node.type === 'client') {
      close(e.node.id, e.at);
      active.set(e.node.id, { since: e.at, points: e.node.rate, scale: e.node.trafficScale });
    } else if (e.do === 'remove-node') close(e.node, e.at);
    else if (e.do === 'set' && active.has(e.node)) {
      const a = active.get(e.node)!;
      if (e.path === 'rate' && Array.isArray(e.value)) {
        close(e.node, e.at);
        active.set(e.node, { since: e.at, points: e.value as RatePoint[], scale: a.scale });
      } else if (e.path === 'trafficScale' && typeof e.value === 'number') {
        close(e.node, e.at);
        active.set(e.node, { since: e.at, points: a.points, scale: e.value });
      }
    }
  }
  for (const id of [...active.keys()]) close(id, Number.POSITIVE_INFINITY);
  return out;
}

/** Offered first attempts per second at simulated time `t` (ms), all clients together. */
export function offeredRpsAt(s: Scenario, t: number): number {
  let total = 0;
  for (const st of stretches(s)) if (t >= st.since && t < st.until) total += st.profile.rateAt(t);
  return total;
}

/** Mean offered first attempts per second over [fromMs, toMs] (the rate at fromMs if empty). */
export function meanOfferedRps(s: Scenario, fromMs: number, toMs: number): number {
  if (!(toMs > fromMs)) return offeredRpsAt(s, fromMs);
  let total = 0;
  for (const st of stretches(s)) {
    const a = Math.max(fromMs, st.since);
    const b = Math.min(toMs, st.until);
    if (b > a) total += st.profile.expectedBetween(a, b);
  }
  return (total * 1000) / (toMs - fromMs);
}

/**
 * The highest offered rate over [fromMs, toMs], req/s. Rates are piecewise linear, so the peak is
 * at a breakpoint (a profile point, the end of its ramp, an event) or just before one.
 */
export function peakOfferedRps(s: Scenario, fromMs: number, toMs: number): number {
  const times = new Set<number>([fromMs, toMs]);
  for (const st of stretches(s)) {
    times.add(st.since);
    times.add(st.until);
    for (const p of st.points) {
      // Profile times are simulated time, absolute (as the client reads them).
      times.add(p.at);
      times.add(p.at + p.ramp);
    }
  }
  let peak = 0;
  for (const t of times) {
    for (const at of [t, t - 1e-6]) {
      if (at >= fromMs && at <= toMs) peak = Math.max(peak, offeredRpsAt(s, at));
    }
  }
  return peak;
}
