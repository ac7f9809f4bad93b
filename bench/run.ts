/**
 * `npm run bench`: simulated requests per second, events per second and memory for
 *  1. M/M/1 at ρ 0.9, 5M requests, statistics on;
 *  2. a chain of three app servers (each calls the next);
 *  3. a full web architecture (load balancer, 4 app instances, cache-aside, primary + replica);
 *  4. memory of 1 h versus 10 h of simulated time (must stay flat);
 *  5. the ceiling: M/M/1 as a hand-written loop over the engine's primitives (bench/ceiling.ts);
 *  6. the paths users run (bench/userPaths.ts): the natural M/M/1 (one slot, a backlog of 10^6,
 *     10 min timeout, 16 h at ρ 0.9 ≈ 5.2M requests) and the same with concurrency 10^7, through
 *     the bench's harness, the CLI's `run` and the app's worker, interleaved, beside the ceiling;
 *  7. the primitives (bench/primitives.ts): heap, uniforms and ln beside lean hand-written ones.
 *  8. what the structure costs (bench/structure.ts): a ladder from the bare loop to the engine.
 *  9. the load sweep (bench/sweep.ts): the slowest preset's 10-point sweep on 1 and on 2 worker
 *     threads, and where one point's time goes.
 * `npm run bench -- <part>` runs the parts whose name contains <part> (e.g. "paths", "primitives").
 * Wall-clock figures vary with the machine; run it on an idle machine (the load average is printed
 * before and after, so a loaded run can be recognised).
 */
import { loadavg } from 'node:os';
import { type CeilingVariant, ceilingMM1 } from './ceiling';
import { type Figures, measure } from './measure';
import { BENCH_SCENARIOS } from './scenarios';

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

function report(name: string, f: Figures): void {
  const s = f.wallMs / 1000;
  console.log(
    `${name.padEnd(34)} ${fmt(f.requests).padStart(12)} req  ${fmt(f.requests / s).padStart(11)} req/s  ${fmt(f.events / s).padStart(11)} events/s  peak heap ${f.peakHeapMb.toFixed(1).padStart(6)} MB  (${(s).toFixed(2)} s)`,
  );
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`load average before: ${load()}`);
const only = process.argv[2];
for (const b of BENCH_SCENARIOS) {
  if (only && !b.name.includes(only)) continue;
  // One short warm-up run so the JIT has compiled the hot path before we time it.
  measure(b.warmupInput, 10);
  report(b.name, measure(b.input));
}

if (!only || only.includes('memory')) {
  const { memoryScenario } = await import('./scenarios');
  const one = measure(memoryScenario('1h'), 400);
  const ten = measure(memoryScenario('10h'), 400);
  report('memory: 1 h simulated', one);
  report('memory: 10 h simulated', ten);
  const ratio = ten.peakHeapMb / Math.max(one.peakHeapMb, 0.001);
  console.log(`memory ratio 10 h / 1 h: ${ratio.toFixed(2)} (target ≤ 1.5)`);
}
if (!only || only.includes('ceiling')) {
  const n = 5_000_000;
  for (const variant of ['bare', 'stats', 'Math.*'] as CeilingVariant[]) {
    ceilingMM1(200_000, variant);
    const { wallMs, meanMs } = ceilingMM1(n, variant);
    const name = `ceiling: M/M/1 loop, ${variant}`;
    console.log(
      `${name.padEnd(34)} ${fmt(n).padStart(12)} req  ${fmt(n / (wallMs / 1000)).padStart(11)} req/s  mean ${meanMs.toFixed(2)} ms (theory 10.00)`,
    );
  }
}
if (!only || 'user paths'.includes(only)) {
  const { benchUserPaths } = await import('./userPathsBench');
  benchUserPaths();
}
if (!only || only.includes('structure')) {
  const { benchStructure } = await import('./structure');
  benchStructure();
}
if (!only || only.includes('primitives')) {
  const { benchPrimitives } = await import('./primitives');
  benchPrimitives();
}
if (!only || only.includes('sweep')) {
  const { benchSweep } = await import('./sweep');
  await benchSweep();
}
console.log(`load average after: ${load()}`);
