/**
 * `npm run bench:compare` part 2: the natural M/M/1 of issue 12 (bench/scenarios.ts naturalMM1:
 * 90 req/s, 10 ms exponential service, ρ 0.9, 16 h ≈ 5.2M requests) through our CLI's `run`
 * (bench/userPaths.ts viaCli: the same code as `npm run sim -- run <file> --json`, speed from the
 * result's run.wallMs) beside js-simulator 1.0.17 in its own style (jsSimulatorMM1.ts), same
 * simulated time and so the same N. Rates are per CPU second (process.cpuUsage), the wall-clock
 * ratio printed beside. Interleaved, ROUNDS times, after one warm-up of each, so
 * machine load hits both alike; each side's mean sojourn is checked against 1/(μ − λ) = 100 ms.
 */
import { gc } from '../measure';
import { naturalMM1 } from '../scenarios';
import { cpuSince, viaCli } from '../userPaths';
import { runJsSimulatorMM1 } from './jsSimulatorMM1';

const ROUNDS = 5;
const RPS = 90;
const SERVICE_MS = 10;
const THEORY_MS = 1000 / (1000 / SERVICE_MS - RPS); // 1/(μ − λ) in ms
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function check(who: string, meanMs: number): void {
  // 5.2M requests at ρ 0.9: the mean's standard error is ≈ 0.5 ms (autocorrelated); 3% is ≫ 5σ.
  if (Math.abs(meanMs - THEORY_MS) > 0.03 * THEORY_MS) {
    throw new Error(`${who}: mean sojourn ${meanMs} ms, theory ${THEORY_MS} ms`);
  }
}

export function compareMM1(hours = 16): void {
  const durationMs = hours * 3_600_000;
  console.log(
    `\nM/M/1 at ρ 0.9 (λ ${RPS}/s, service ${SERVICE_MS} ms, theory ${THEORY_MS} ms), ${hours} h simulated: ours via the CLI path vs js-simulator 1.0.17`,
  );
  viaCli(naturalMM1('20m'));
  runJsSimulatorMM1(RPS, SERVICE_MS, 1_200_000);
  const ratios: number[] = [];
  const oursRates: number[] = [];
  const theirRates: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    gc();
    const o = viaCli(naturalMM1(`${hours}h`));
    gc();
    const cpu0 = process.cpuUsage();
    const j = runJsSimulatorMM1(RPS, SERVICE_MS, durationMs);
    const jCpuMs = cpuSince(cpu0);
    check('ours', o.result.latencyMs.mean);
    check('js-simulator', j.meanLatencyMs);
    // Rates per CPU second (ours: the whole CLI call, parse and result JSON included), so other
    // processes on a shared machine do not count; the wall-clock ratio is printed beside it.
    const ro = o.requests / (o.cpuMs / 1000);
    const rj = j.requests / (jCpuMs / 1000);
    const wallRatio = o.requests / o.wallMs / (j.requests / j.wallMs);
    ratios.push(ro / rj);
    oursRates.push(ro);
    theirRates.push(rj);
    console.log(
      `run ${round}: ours ${fmt(ro).padStart(10)} req/s (${fmt(o.requests)} req, mean ${o.result.latencyMs.mean.toFixed(2)} ms, run.wallMs ${o.wallMs}, whole call ${o.totalMs.toFixed(0)} ms)` +
        `  js-simulator ${fmt(rj).padStart(10)} req/s (${fmt(j.requests)} req, mean ${j.meanLatencyMs.toFixed(2)} ms)  ratio ${(ro / rj).toFixed(2)}× (wall clock ${wallRatio.toFixed(2)}×)`,
    );
  }
  console.log(
    `median (CPU time): ours ${fmt(median(oursRates))} req/s, js-simulator ${fmt(median(theirRates))} req/s, ratio ${median(ratios).toFixed(2)}× (target ≥ 1.5×)`,
  );
}

// Alone: node --expose-gc --import tsx bench/compare/mm1.ts [hours]
if (process.argv[1]?.endsWith('mm1.ts')) compareMM1(Number(process.argv[2] ?? 16));
