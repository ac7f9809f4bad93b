/**
 * `npm run bench:compare [seconds]`: our engine against simjs 2.0.3 on the same network — the
 * "full web architecture" bench scenario (default 2000 simulated seconds ≈ 2M requests, as in
 * `npm run bench -- full`). Issue #3 justifies its ≥ 1M req/s target as a multiple of simjs; this
 * measures simjs on this machine instead of quoting a figure.
 *
 * After one short warm-up run of each (so the JIT has compiled both hot paths), the two run
 * interleaved, three times each, so a change in machine load hits both alike. Our engine is run
 * exactly as bench/run.ts's `measure` runs it. Then both models' figures are printed side by side:
 * they must agree (within sampling noise) for the speed comparison to mean anything.
 *
 * Then the natural M/M/1 through our CLI path beside js-simulator 1.0.17 (bench/compare/mm1.ts).
 *
 * Run it on an idle machine; the load average is printed before and after.
 */
import { loadavg } from 'node:os';
import type { Result } from '../../src/scenario/resultTypes';
import { type Figures, gc, measure } from '../measure';
import { BENCH_SCENARIOS } from '../scenarios';
import { compareMM1 } from './mm1';
import { runSimjsFull, type SimjsFigures } from './simjsFullArchitecture';

const FULL = BENCH_SCENARIOS.find((b) => b.name.startsWith('full web architecture'));
if (!FULL) throw new Error('bench/scenarios.ts has no "full web architecture" scenario');

/** fullArchitecture(durationS) of bench/scenarios.ts (not exported there: same input, new duration). */
function fullArchitecture(durationS: number) {
  return { ...FULL!.input, duration: `${durationS}s` };
}

function measureSimjs(durationS: number, slots = true): SimjsFigures {
  gc();
  return runSimjsFull(durationS, { slots });
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const rate = (n: number, ms: number) => n / (ms / 1000);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const durationS = Number(process.argv[2] ?? 2000);
if (!(durationS > 10)) throw new Error(`duration: seconds > 10 (the warm-up), got ${process.argv[2]}`);
const RUNS = 3;

console.log(`full web architecture, ${durationS} s simulated; node ${process.version}`);
console.log(`load average before: ${load()}`);
measure(fullArchitecture(50), 10);
measureSimjs(50);

const ours: Figures[] = [];
const theirs: SimjsFigures[] = [];
for (let run = 1; run <= RUNS; run++) {
  const o = measure(fullArchitecture(durationS));
  const s = measureSimjs(durationS);
  ours.push(o);
  theirs.push(s);
  const ro = rate(o.requests, o.wallMs);
  const rs = rate(s.requests, s.wallMs);
  console.log(
    `run ${run}: ours ${fmt(ro).padStart(9)} req/s (${fmt(o.requests)} req, ${(o.wallMs / 1000).toFixed(2)} s, ${fmt(rate(o.events, o.wallMs))} events/s)` +
      `  simjs ${fmt(rs).padStart(9)} req/s (${fmt(s.requests)} req, ${(s.wallMs / 1000).toFixed(2)} s, ${fmt(rate(s.events, s.wallMs))} events/s)` +
      `  ratio ${(ro / rs).toFixed(2)}×  [load ${load()}]`,
  );
}
const oursRate = median(ours.map((o) => rate(o.requests, o.wallMs)));
const simjsRate = median(theirs.map((s) => rate(s.requests, s.wallMs)));
console.log(
  `median: ours ${fmt(oursRate)} req/s, simjs ${fmt(simjsRate)} req/s, ratio ${(oursRate / simjsRate).toFixed(2)}×`,
);

// ----- do the two models agree? ------------------------------------------------------------------

const r = ours[ours.length - 1].result;
const s = theirs[theirs.length - 1];
const node = (id: string) => r.nodes[id] as Result['nodes'][string] & { hitRatio?: number };
const rows: [string, number, number | undefined, number][] = [
  ['mean latency, ms', r.latencyMs.mean, s.meanLatencyMs, 3],
  ['p99 latency, ms', r.latencyMs.p99, s.p99LatencyMs, 2],
  ['cache hit ratio', node('cache').hitRatio ?? Number.NaN, s.hitRatio, 4],
  ['lb utilisation', node('lb').utilization, s.utilization.lb, 4],
  [
    'app utilisation (mean)',
    node('app').utilization,
    [0, 1, 2, 3].reduce((a, i) => a + s.utilization[`app#${i}`], 0) / 4,
    4,
  ],
  ['cache utilisation', node('cache').utilization, s.utilization.cache, 4],
  ['replica utilisation', node('replica').utilization, s.utilization.replica, 4],
  ['primary utilisation', node('db').utilization, s.utilization.db, 4],
  ['completed (whole run)', r.requests.completed, s.completed, 0],
];
console.log(`\nmodel check (last run)          ${'ours'.padStart(12)} ${'simjs'.padStart(12)}   diff`);
for (const [name, a, b, digits] of rows) {
  const diff = b === undefined ? '' : `${(((b - a) / a) * 100).toFixed(2).padStart(6)} %`;
  console.log(
    `${name.padEnd(32)} ${a.toFixed(digits).padStart(12)} ${(b ?? Number.NaN).toFixed(digits).padStart(12)}  ${diff}`,
  );
}
const req = r.requests;
console.log(
  `ours: failed ${req.failed}, timed out ${req.timedOut}, rejected ${req.rejected}; ` +
    `simjs largest queues: ${Object.entries(s.maxQueue)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
);
console.log(
  `ours' 95% interval for the mean latency: ${r.latencyMeanCi95Ms.map((x) => x.toFixed(3)).join('–')} ms ` +
    '(both models are deterministic: every run of one gives the same figures)',
);
compareMM1();
console.log(`load average after: ${load()}`);
