/**
 * Headless runs and experiments:
 *   npm run sim -- run <scenario.json> [--seed N] [--duration D] [--replications N] [--workers K] [--json]
 *   npm run sim -- sweep | compare | check … (see experimentCommands.ts)
 * With --json, stdout holds exactly one JSON object. Invalid input exits 2 and lists every
 * problem (a bad option value names the option); a usage mistake exits 64.
 */
import { replicationsJson } from '../experiments/formats';
import { planReplications } from '../experiments/plans';
import {
  CliError,
  type CliIo,
  checkTotal,
  execute,
  type Parsed,
  parseArgs,
  plannedRequests,
  readScenario,
  seedOption,
  stringOption,
  wholeOption,
  workersOption,
} from './args';
import {
  CHECK_USAGE,
  COMPARE_USAGE,
  checkCommand,
  compareCommand,
  SWEEP_USAGE,
  sweepCommand,
} from './experimentCommands';
import { durationValue, type Overrides, readTextCapped } from './input';
import { runScenario } from './runScenario';
import { formatSummary } from './summary';
import { replicationsTable } from './tables';

export type { CliIo } from './args';

const RUN_USAGE = `usage: npm run sim -- run <scenario.json> [--seed N] [--duration D] [--replications N] [--workers K] [--json]

  --seed N           override the scenario's seed (whole number 0..4294967295)
  --duration D       override the simulated duration ("10m", "1h", or ms)
  --replications N   also run N independent replications (2..1000) and add their 95% intervals
  --workers K        worker threads for the replications (default: cores − 1, at least 1)
  --json             print the result@1 JSON object only`;

const USAGE = [RUN_USAGE, SWEEP_USAGE, COMPARE_USAGE, CHECK_USAGE].join('\n\n');

/**
 * The options of `run`, checked: --seed and --duration become overrides written into the scenario
 * before the gate (input.ts), so the file's checks and caps judge them too.
 */
export function runOptions(p: Parsed): { overrides: Overrides; replications?: number } {
  const seed = seedOption(p);
  const raw = stringOption(p, 'duration');
  const replications = wholeOption(p, 'replications', 2, 1000);
  return {
    overrides: {
      ...(seed !== undefined && { seed }),
      ...(raw !== undefined && { duration: durationValue(raw) }),
    },
    ...(replications !== undefined && { replications }),
  };
}

/**
 * `run` without replications, synchronously: what `npm run sim -- run <file> [--json]` does,
 * for callers that time it (bench/userPaths.ts). Returns the exit code.
 */
export function runSync(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  try {
    if (command !== 'run') throw new CliError(`runSync runs the run command only, got "${command}"`, 64);
    const p = parseArgs(rest, ['seed', 'duration', 'workers'], ['json'], RUN_USAGE);
    return plainRun(p, io);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.err(e.message);
    return e.code;
  }
}

function plainRun(p: Parsed, io: CliIo): number {
  if (p.files.length === 0) throw new CliError(`missing the scenario file\n\n${RUN_USAGE}`, 64);
  if (p.files.length > 1) throw new CliError(`unexpected argument "${p.files[1]}"\n\n${RUN_USAGE}`, 64);
  const { overrides } = runOptions(p);
  const json = p.opts.has('json');
  const { scenario, warnings } = readScenario(io, p.files[0], overrides);
  // Warnings go to stderr either way: with --json, stdout holds the result alone.
  for (const w of warnings) io.err(`warning: ${w}`);
  const result = runScenario(scenario);
  io.out(json ? JSON.stringify(result) : formatSummary(result));
  return 0;
}

async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const p = parseArgs(argv, ['seed', 'duration', 'replications', 'workers'], ['json'], RUN_USAGE);
  if (!p.opts.has('replications')) return plainRun(p, io);
  if (p.files.length === 0) throw new CliError(`missing the scenario file\n\n${RUN_USAGE}`, 64);
  if (p.files.length > 1) throw new CliError(`unexpected argument "${p.files[1]}"\n\n${RUN_USAGE}`, 64);
  const { overrides, replications } = runOptions(p);
  const workers = workersOption(p);
  const json = p.opts.has('json');
  const { scenario, warnings } = readScenario(io, p.files[0], overrides);
  for (const w of warnings) io.err(`warning: ${w}`);
  if (replications === undefined) throw new CliError('--replications: needs a value');
  // Replication 0 is the plain run (same seed, same streams): its whole result is printed as is.
  const plan = planReplications({ scenario, n: replications, keepFirst: true });
  checkTotal(plannedRequests(plan.tasks), '--replications', `${replications} replications`);
  const outcome = await execute(io, plan, workers, 'replications');
  const result = outcome.first!;
  io.out(
    json
      ? JSON.stringify({ ...result, replications: replicationsJson(outcome) })
      : formatSummary(result) + replicationsTable(outcome),
  );
  return 0;
}

const COMMANDS: Record<string, (argv: readonly string[], io: CliIo) => Promise<number>> = {
  run: runCommand,
  sweep: sweepCommand,
  compare: compareCommand,
  check: checkCommand,
};

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command === undefined ? 64 : 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    io.err(`unknown command "${command}"\n\n${USAGE}`);
    return 64;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    io.err(e.message);
    return e.code;
  }
}

const isMain = process.argv[1] !== undefined && /cli[\\/]main\.ts$/.test(process.argv[1]);
if (isMain) {
  const tty = process.stderr.isTTY === true;
  void main(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    readFile: (p) => readTextCapped(p),
    ...(tty && { progress: (line: string) => process.stderr.write(`\r\x1b[K${line}`) }),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
