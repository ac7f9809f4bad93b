/**
 * Headless runs: `npm run sim -- run <scenario.json> [--seed N] [--duration D] [--json]`.
 * With --json, stdout holds exactly one result@1 object. Invalid input exits 2 and lists every
 * problem; a usage mistake exits 64.
 */
import { readFileSync } from 'node:fs';
import { parseDuration } from '../scenario/duration';
import { parseScenarioText } from '../scenario/parse';
import { runScenario } from './runScenario';
import { formatSummary } from './summary';

const USAGE = `usage: npm run sim -- run <scenario.json> [--seed N] [--duration D] [--json]

  --seed N       override the scenario's seed (whole number 0..4294967295)
  --duration D   override the simulated duration ("10m", "1h", or ms)
  --json         print the result@1 JSON object only`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
}

/** Runs the CLI; returns the exit code. */
export function main(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command === undefined ? 64 : 0;
  }
  if (command !== 'run') {
    io.err(`unknown command "${command}"\n\n${USAGE}`);
    return 64;
  }
  let file: string | undefined;
  let seed: number | undefined;
  let durationMs: number | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') json = true;
    else if (a === '--seed') {
      const v = Number(rest[++i]);
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
        io.err(`--seed: must be a whole number 0..4294967295, got ${rest[i] ?? 'nothing'}`);
        return 2;
      }
      seed = v;
    } else if (a === '--duration') {
      const raw = rest[++i];
      const v = parseDuration(/^\d+(\.\d+)?$/.test(raw ?? '') ? Number(raw) : raw);
      if (v === undefined || v <= 0) {
        io.err(`--duration: must be a duration like "10m", "1h" or a number of ms, got ${raw ?? 'nothing'}`);
        return 2;
      }
      durationMs = v;
    } else if (a.startsWith('--')) {
      io.err(`unknown option ${a}\n\n${USAGE}`);
      return 64;
    } else if (file === undefined) file = a;
    else {
      io.err(`unexpected argument "${a}"\n\n${USAGE}`);
      return 64;
    }
  }
  if (file === undefined) {
    io.err(`missing the scenario file\n\n${USAGE}`);
    return 64;
  }
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    io.err(`${file}: cannot read the file (${(e as Error).message})`);
    return 2;
  }
  // The CLI allows long runs (10^8 requests and more); the app keeps the default cap.
  const parsed = parseScenarioText(text, { maxRequests: 2e9 });
  if (!parsed.ok) {
    io.err(`${file}: ${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}`);
    for (const p of parsed.errors) io.err(`  ${p.message}`);
    return 2;
  }
  for (const w of parsed.warnings) if (!json) io.err(`warning: ${w}`);
  const result = runScenario(parsed.scenario, { seed, durationMs });
  io.out(json ? JSON.stringify(result) : formatSummary(result));
  return 0;
}

const isMain = process.argv[1] !== undefined && /cli[\\/]main\.ts$/.test(process.argv[1]);
if (isMain) {
  const code = main(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    readFile: (p) => readFileSync(p, 'utf8'),
  });
  process.exitCode = code;
}
