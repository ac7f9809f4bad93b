/**
 * `npm run bench -- paths`: the natural M/M/1 of issue 12 (concurrency 1 and 10^7, 16 h simulated,
 * ≈ 5.2M requests each) through the bench's harness (measure(), 200 slices), the CLI's `run` and
 * the app's worker at speed max, beside the ceiling's "stats" loop. The machine may be shared, so
 * every figure is taken interleaved (A, B, C, A, B, C…) over ROUNDS rounds, in requests per CPU
 * second of the whole call (process.cpuUsage: time other processes take is not counted, as the
 * wall clock would), and the medians of the per-round ratios are printed.
 */
import { ceilingMM1 } from './ceiling';
import { measure } from './measure';
import { naturalMM1 } from './scenarios';
import { cpuSince, viaCli, viaWorker } from './userPaths';

const ROUNDS = 3;
const DURATION = '16h';
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Path = 'harness' | 'cli' | 'worker';
const PATHS: Path[] = ['harness', 'cli', 'worker'];

/** Requests per CPU second of the whole call (wall time is printed by the other parts). */
function runPath(path: Path, concurrency: number, duration: string): { rps: number; meanMs: number } {
  const input = naturalMM1(duration, concurrency);
  if (path === 'harness') {
    const cpu0 = process.cpuUsage();
    const f = measure(input);
    return { rps: f.requests / (cpuSince(cpu0) / 1000), meanMs: f.result.latencyMs.mean };
  }
  const f = path === 'cli' ? viaCli(input) : viaWorker(input);
  return { rps: f.requests / (f.cpuMs / 1000), meanMs: f.result.latencyMs.mean };
}

export function benchUserPaths(): void {
  console.log(
    `\nuser paths: natural M/M/1, ${DURATION} simulated at ρ 0.9 (theory: mean 100 ms), ${ROUNDS} interleaved rounds`,
  );
  // Warm-up: every path once on a short run, so no path is timed cold.
  for (const c of [1, 1e7]) for (const p of PATHS) runPath(p, c, '20m');
  ceilingMM1(200_000, 'stats');
  const rates = new Map<string, number[]>();
  const keep = (k: string, v: number) => {
    if (!rates.has(k)) rates.set(k, []);
    rates.get(k)!.push(v);
  };
  for (let round = 1; round <= ROUNDS; round++) {
    const line: string[] = [];
    const n = 5_000_000;
    const cpu0 = process.cpuUsage();
    ceilingMM1(n, 'stats');
    const ceiling = n / (cpuSince(cpu0) / 1000);
    keep('ceiling', ceiling);
    for (const c of [1, 1e7]) {
      const byPath: Record<string, number> = {};
      for (const p of PATHS) {
        const { rps, meanMs } = runPath(p, c, DURATION);
        if (Math.abs(meanMs - 100) > 5) throw new Error(`${p}: mean ${meanMs} ms, theory 100 ms`);
        byPath[p] = rps;
        keep(`${p} c=${c}`, rps);
        keep(`${p}/harness c=${c}`, rps / (byPath.harness ?? rps));
        keep(`${p}/ceiling c=${c}`, rps / ceiling);
      }
      line.push(
        `c=${c === 1 ? '1   ' : '10^7'} harness ${fmt(byPath.harness)} cli ${fmt(byPath.cli)} worker ${fmt(byPath.worker)}`,
      );
    }
    console.log(`round ${round}: ceiling:stats ${fmt(ceiling)} req/s | ${line.join(' | ')}`);
  }
  for (const c of [1, 1e7]) {
    const label = c === 1 ? 'concurrency 1   ' : 'concurrency 10^7';
    const parts = PATHS.map(
      (p) =>
        `${p} ${fmt(median(rates.get(`${p} c=${c}`)!))} req/s (${median(rates.get(`${p}/harness c=${c}`)!).toFixed(2)}× harness, ${(100 * median(rates.get(`${p}/ceiling c=${c}`)!)).toFixed(0)}% of ceiling:stats)`,
    );
    console.log(`median ${label}: ${parts.join('; ')}`);
  }
  console.log(
    `median ceiling:stats ${fmt(median(rates.get('ceiling')!))} req/s (targets: user paths within 10% of the harness; engine ≥ 75% of ceiling:stats)`,
  );
}
