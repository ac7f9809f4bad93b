/** The readable summary a person scans after `npm run sim -- run`. */
import type { Result } from '../scenario/resultTypes';

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const int = (x: number) => Math.round(x).toLocaleString('en-US');

/**
 * Text from the scenario made safe for a terminal: control characters (ANSI escapes among them,
 * and the C1 range) are shown as \u001b-style escapes instead of acting on the terminal.
 */
export function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    const control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;
    out += control ? `\\u${c.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}

export function formatSummary(r: Result): string {
  const q = r.requests;
  const l = r.latencyMs;
  const lines = [
    `${printable(r.scenario)} — seed ${r.seed}, ${f(r.simulatedMs / 1000, 1)} s simulated (warm-up ${f(r.warmupMs / 1000, 1)} s)`,
    '',
    `requests   ${int(q.arrived)} arrived, ${int(q.completed)} completed, ${int(q.failed)} failed, ${int(q.timedOut)} timed out, ${int(q.rejected)} rejected, ${int(q.inFlight)} in flight, ${int(q.retries)} retries`,
    `throughput ${f(r.throughputRps, 1)} req/s   errors ${pct(r.errorRate)}   cost $${f(r.costPerHour, 2)}/h`,
    `latency    mean ${f(l.mean, 2)} ms (95% CI ${f(r.latencyMeanCi95Ms[0], 2)}–${f(r.latencyMeanCi95Ms[1], 2)})   p50 ${f(l.p50, 2)}   p90 ${f(l.p90, 2)}   p99 ${f(l.p99, 2)}   p99.9 ${f(l.p999, 2)}   max ${f(l.max, 2)} ms`,
  ];
  if (r.stopped)
    lines.push(
      `STOPPED    at ${f(r.stopped.atMs / 1000, 3)} s, before the end of the run: ${printable(r.stopped.reason)}`,
    );
  if (r.slo) lines.push(...sloLines(r.slo));
  const reasons = Object.entries(r.failureReasons).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (reasons.length > 0) lines.push(`why failed ${reasons.map(([k, v]) => `${k} ${int(v)}`).join(', ')}`);
  lines.push('', 'node                  type          util   queue     in/s    p99 ms  failures');
  const span = Math.max(1, (r.simulatedMs - r.warmupMs) / 1000);
  for (const [id, n] of Object.entries(r.nodes)) {
    const fails = Object.values(n.failures).reduce((a, b) => a + b, 0);
    lines.push(
      `${id.padEnd(21)} ${n.type.padEnd(12)} ${pct(n.utilization).padStart(6)} ${f(n.meanQueue, 1).padStart(7)} ${f(n.arrivals / span, 0).padStart(8)} ${f(n.latencyMs.p99, 1).padStart(9)} ${int(fails).padStart(9)}${extras(n)}`,
    );
  }
  lines.push(
    '',
    `${int(r.events)} events in ${int(r.run.wallMs)} ms wall (${int(r.run.eventsPerSec)} events/s)`,
  );
  return lines.join('\n');
}

/** "slo        99.9% within 300 ms: …" and how much of the error budget went, and when it ran out. */
function sloLines(s: NonNullable<Result['slo']>): string[] {
  const target = `${+(s.objective * 100).toPrecision(6)}%${s.latencyMs === null ? ' succeed' : ` within ${f(s.latencyMs, s.latencyMs < 10 ? 1 : 0)} ms`}`;
  const out = `ran out at ${s.exhaustedAtMs === null ? '' : f(s.exhaustedAtMs / 1000, 1)} s`;
  return [
    `slo        ${target}: ${int(s.good)} good, ${int(s.bad)} bad (${int(s.failed)} failed, ${int(s.slow)} slow) of ${int(s.requests)}`,
    `           ${pct(s.budgetUsed)} of the error budget used (${int(s.budget)} bad allowed, burn rate ${f(s.burnRate, 2)}x), ${s.met ? 'objective met' : `objective missed, ${out}`}`,
  ];
}

function extras(n: Result['nodes'][string]): string {
  const parts: string[] = [];
  if (typeof n.hitRatio === 'number') parts.push(`hit ${pct(n.hitRatio)}`);
  if (typeof n.instances === 'number') parts.push(`instances ${f(n.instances, 1)}`);
  if (typeof n.staleReads === 'number') parts.push(`stale reads ${int(n.staleReads)}`);
  const lag = n.lagMs as { mean?: number } | undefined;
  if (lag && typeof lag.mean === 'number') parts.push(`lag ${f(lag.mean, 1)} ms`);
  if (typeof n.depth === 'object' && n.depth !== null)
    parts.push(`depth ${f((n.depth as { mean: number }).mean, 1)}`);
  if (typeof n.duplicates === 'number') parts.push(`duplicates ${int(n.duplicates)}`);
  if (typeof n.redeliveries === 'number' && n.redeliveries > 0)
    parts.push(`redelivered ${int(n.redeliveries)}`);
  if (typeof n.deadLettered === 'number' && n.deadLettered > 0)
    parts.push(`dead-lettered ${int(n.deadLettered)}`);
  return parts.length > 0 ? `  ${parts.join(', ')}` : '';
}
