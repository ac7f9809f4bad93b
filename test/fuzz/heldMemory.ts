/**
 * `node --expose-gc --import tsx test/fuzz/heldMemory.ts [name…]`: runs each hostile scenario of
 * heldScenarios.ts in its own process under the real work budget and prints its peak memory
 * (V8 heap + typed arrays, sampled every 10 ms of simulated time), wall time and why it stopped.
 * A measurement for the report, not a test (wall time and memory are machine-dependent).
 */
import { spawnSync } from 'node:child_process';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';
import { HELD_SCENARIOS } from './heldScenarios';

type Name = keyof typeof HELD_SCENARIOS;

function measure(name: Name): void {
  const r = parseScenario(HELD_SCENARIOS[name]());
  if (!r.ok) throw new Error(`${name}: ${r.errors[0].message}`);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const held = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = held();
  const start = performance.now();
  const sim = buildSimulation(r.scenario);
  let peak = 0;
  for (let t = 10; !sim.finished; t += 10) {
    sim.advance(t);
    peak = Math.max(peak, held() - base);
  }
  const res = sim.result();
  const mb = (b: number) => Math.round(b / 2 ** 20);
  console.log(
    JSON.stringify({
      name,
      peakMB: mb(peak),
      rssMB: mb(process.memoryUsage().rss),
      wallS: Math.round(performance.now() - start) / 1000,
      simulatedMs: res.simulatedMs,
      stopped: res.stopped?.reason ?? null,
    }),
  );
}

const asked = process.argv.slice(2) as Name[];
if (asked.length === 1) measure(asked[0]);
else
  for (const name of asked.length > 0 ? asked : (Object.keys(HELD_SCENARIOS) as Name[])) {
    const out = spawnSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=6144', '--import', 'tsx', import.meta.filename, name],
      { encoding: 'utf8', timeout: 600_000 },
    );
    process.stdout.write(
      out.stdout || `${name}: ${out.stderr.split('\n').filter(Boolean).slice(-3).join(' | ')}\n`,
    );
  }
