/** The readable tables of the experiment commands (without --json). */

import type { Interval } from '../analysis/experiments';
import type { GoalCheck } from '../analysis/goal';
import type { SweepJson } from '../experiments/formats';
import type { CompareOutcome, ReplicationStats } from '../experiments/plans';

const f = (x: number | null, digits = 1) =>
  x === null ? '—' : Number.isFinite(x) ? x.toFixed(digits) : String(x);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const sec = (ms: number) => `${f(ms / 1000, ms % 1000 === 0 ? 0 : 1)} s`;

export function sweepTable(name: string, j: SweepJson, refined: number): string {
  const lines = [
    `Load sweep of ${name}: ${j.points.length} runs${refined > 0 ? ` (${refined} of them refining the knee)` : ''}, each simulating 0–${sec(j.window.toMs)} and measuring from ${sec(j.window.fromMs)}`,
    '',
    '  offered/s  throughput/s     p50 ms     p99 ms    errors',
  ];
  j.points.forEach((p, i) => {
    const latency =
      p.p50Ms === null || p.p99Ms === null
        ? '   none completed     '
        : `${f(p.p50Ms, 2).padStart(10)} ${f(p.p99Ms, 2).padStart(10)}`;
    const knee =
      j.kneeRps !== null &&
      p.offeredRps === j.kneeRps &&
      i === j.points.findIndex((q) => q.offeredRps === j.kneeRps);
    lines.push(
      `${f(p.offeredRps).padStart(11)} ${f(p.throughputRps).padStart(13)} ${latency} ${pct(p.errorRate).padStart(9)}${knee ? '   ← knee' : ''}`,
    );
  });
  lines.push('');
  lines.push(
    j.kneeRps === null
      ? 'knee: none inside the sweep (nothing broke, or even the lightest load did)'
      : `knee ≈ ${f(j.kneeRps)} req/s: the last load before p99 more than doubles, errors pass 1% or throughput falls behind`,
  );
  lines.push(
    j.saturationRps === null
      ? `saturation: not reached at the loads tried${j.bottleneck ? `; busiest at the heaviest load: ${j.bottleneck}` : ''}`
      : `saturation ≈ ${f(j.saturationRps)} req/s (the plateau of throughput)${j.bottleneck ? `; bottleneck ${j.bottleneck} (the busiest node at saturation)` : ''}`,
  );
  return lines.join('\n');
}

const pm = (i: Interval, digits: number, scale = 1) =>
  `${f(i.mean * scale, digits)} ± ${f(((i.high - i.low) / 2) * scale, digits)}`;

export function replicationsTable(s: ReplicationStats): string {
  const lines = [
    '',
    `${s.n} replications (independent streams), means with 95% Student-t intervals:`,
    `  mean latency  ${pm(s.meanMs, 3)} ms`,
    `  p99 latency   ${pm(s.p99Ms, 2)} ms`,
    `  throughput    ${pm(s.throughputRps, 2)} req/s`,
    `  errors        ${pm(s.errorRate, 3, 100)} pp`,
  ];
  for (const [id, u] of Object.entries(s.utilization))
    lines.push(`  ${`util ${id}`.padEnd(13)} ${pm(u, 2, 100)} %`);
  return lines.join('\n');
}

export function compareTable(
  o: CompareOutcome,
  aName: string,
  bName: string,
  window: { fromMs: number; toMs: number },
): string {
  const rows: [string, keyof CompareOutcome['diff'], number, string][] = [
    ['mean latency', 'meanMs', 3, 'ms'],
    ['p99 latency', 'p99Ms', 2, 'ms'],
    ['throughput', 'throughputRps', 2, 'req/s'],
    ['errors', 'errorRate', 3, 'pp'],
  ];
  const statKey = {
    meanMs: 'meanMs',
    p99Ms: 'p99Ms',
    throughputRps: 'throughputRps',
    errorRate: 'errorRate',
  } as const;
  const lines = [
    `A: ${aName}`,
    `B: ${bName}`,
    `${o.statsA.n} paired replications on seed ${o.seed} (common random numbers), each simulating 0–${sec(window.toMs)} and measuring from ${sec(window.fromMs)}`,
    '',
    `${'figure'.padEnd(14)}${'A'.padStart(20)}${'B'.padStart(20)}   B − A, paired 95% interval      unpaired ±   paired is`,
  ];
  for (const [label, k, d, unit] of rows) {
    const scale = k === 'errorRate' ? 100 : 1;
    const diff = o.diff[k];
    const half = ((diff.high - diff.low) / 2) * scale;
    const unpairedHalf = ((o.unpaired[k].high - o.unpaired[k].low) / 2) * scale;
    const ratio =
      half > 0 ? `${f(unpairedHalf / half, 1)}× narrower` : half === 0 && unpairedHalf === 0 ? 'equal' : '—';
    lines.push(
      `${label.padEnd(14)}${pm(o.statsA[statKey[k]], d, scale).padStart(20)}${pm(o.statsB[statKey[k]], d, scale).padStart(20)}   ${`${f(diff.mean * scale, d)} [${f(diff.low * scale, d)}, ${f(diff.high * scale, d)}] ${unit}`.padEnd(30)}  ${f(unpairedHalf, d).padStart(10)}   ${ratio}`,
    );
  }
  return lines.join('\n');
}

const UNITS: Record<string, (v: number) => string> = {
  p99Ms: (v) => `${f(v, 1)} ms`,
  rps: (v) => `${f(v, 1)} req/s`,
  maxErrorRate: (v) => pct(v),
  maxCostPerHour: (v) => `$${f(v, 2)}/h`,
};

/** One line per criterion: met or missed, with the measured figure and the target. */
export function checkLines(file: string, name: string, check: GoalCheck): string[] {
  const lines = [`${file} — ${name}: ${check.pass ? 'goal met' : 'goal missed'}`];
  for (const c of check.criteria) {
    const u = UNITS[c.key];
    const op = c.comparison === 'atMost' ? '≤' : '≥';
    lines.push(
      `  ${c.pass ? 'met   ' : 'MISSED'}  ${c.label.padEnd(12)} ${u(c.measured)} (goal ${op} ${u(c.target)})`,
    );
  }
  return lines;
}
