/**
 * Command-line arguments: one parser for every command (files and --options), the checks of option
 * values (each failure names its option, exit 2), reading scenario files, and running a plan on
 * the pool with a progress line.
 */
import type { Plan } from '../experiments/plans';
import type { RunTask } from '../experiments/run';
import { type RunPool, runExperiment } from '../experiments/runner';
import { totalExpectedRequests } from '../scenario/caps';
import { parseScenarioText } from '../scenario/parse';
import type { Scenario } from '../scenario/types';
import { blameOption, type Overrides, TooLong, withOverrides } from './input';
import { defaultWorkers, NodeWorkerPool } from './nodePool';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
  /** Rewrites the progress line on stderr; given only when stderr is a terminal. */
  progress?(line: string): void;
  /** The pool for `workers` threads (tests: an in-process pool). Default: Node worker threads. */
  pool?(workers: number): RunPool & { close?(): Promise<void> };
  /** Wall clock, ms (the progress line's ETA). Default performance.now. */
  now?(): number;
}

/** A mistake in the input: its message and exit code (2: a bad value or file, 64: usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: 2 | 64 = 2,
  ) {
    super(message);
  }
}

/** The most requests one CLI command may simulate, over all its runs (10^8 and more are allowed). */
export const CLI_MAX_REQUESTS = 2e9;

export interface Parsed {
  files: string[];
  /** Options given, by name without the dashes: a value, or true for a switch. */
  opts: Map<string, string | true>;
}

/** Splits argv by the command's options: `values` take a value, `switches` do not. */
export function parseArgs(
  argv: readonly string[],
  values: readonly string[],
  switches: readonly string[],
  usage: string,
): Parsed {
  const files: string[] = [];
  const opts = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      files.push(a);
      continue;
    }
    const name = a.slice(2);
    if (switches.includes(name)) opts.set(name, true);
    else if (values.includes(name)) {
      const v = argv[i + 1];
      if (v === undefined) throw new CliError(`${a}: needs a value`);
      opts.set(name, v);
      i++;
    } else throw new CliError(`unknown option ${a}\n\n${usage}`, 64);
  }
  return { files, opts };
}

const text = (p: Parsed, name: string): string | undefined => {
  const v = p.opts.get(name);
  return typeof v === 'string' ? v : undefined;
};

/** A whole-number option in [min, max], or undefined when absent. */
export function wholeOption(p: Parsed, name: string, min: number, max: number): number | undefined {
  const raw = text(p, name);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(v) || v < min || v > max)
    throw new CliError(`--${name}: must be a whole number ${min}..${max}, got ${raw}`);
  return v;
}

/** A positive number option, or undefined when absent. */
export function positiveOption(p: Parsed, name: string): number | undefined {
  const raw = text(p, name);
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v <= 0)
    throw new CliError(`--${name}: must be a number above 0, got ${raw}`);
  return v;
}

export const stringOption = text;

/** --seed N: a whole number 0..4294967295. */
export const seedOption = (p: Parsed) => wholeOption(p, 'seed', 0, 0xffffffff);

/** --workers K (default: cores − 1, at least 1). */
export const workersOption = (p: Parsed) => wholeOption(p, 'workers', 1, 64) ?? defaultWorkers();

/**
 * Reads and validates a scenario file (the CLI's request cap), with the overrides written in before
 * the checks (input.ts); problems exit 2, every one listed.
 */
export function readScenario(
  io: CliIo,
  file: string,
  overrides: Overrides = {},
): { scenario: Scenario; warnings: string[] } {
  let body: string;
  try {
    body = io.readFile(file);
  } catch (e) {
    if (e instanceof TooLong) throw new CliError(`${file}: not a scenario: ${e.message}`);
    throw new CliError(`${file}: cannot read the file (${(e as Error).message})`);
  }
  // The CLI allows long runs (10^8 requests and more); the app keeps the default cap.
  const parsed = parseScenarioText(body, {
    maxRequests: CLI_MAX_REQUESTS,
    overrides: withOverrides({}, overrides) as Record<string, unknown>,
  });
  if (!parsed.ok) {
    const n = parsed.errors.length;
    const lines = parsed.errors.map((e) => `  ${blameOption(e.message, overrides)}`);
    throw new CliError([`${file}: ${n} problem${n === 1 ? '' : 's'}`, ...lines].join('\n'));
  }
  return { scenario: parsed.scenario, warnings: parsed.warnings };
}

/** Requests a list of runs would simulate in all. */
export function plannedRequests(tasks: readonly RunTask[]): number {
  let total = 0;
  for (const t of tasks)
    total += totalExpectedRequests(
      t.scenario.nodes,
      t.scenario.events,
      t.options.durationMs ?? t.scenario.duration,
    );
  return total;
}

/** Refuses runs above the CLI's cap, naming the option that asked for them. */
export function checkTotal(requests: number, option: string, what: string): void {
  if (requests > CLI_MAX_REQUESTS)
    throw new CliError(
      `${option}: ${what} would simulate about ${Math.round(requests).toLocaleString('en-US')} requests in all, more than the limit of ${CLI_MAX_REQUESTS.toLocaleString('en-US')}; ask for fewer runs or lower rates, or shorten the scenario`,
    );
}

/** "1 min 05 s", "12 s". */
const span = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
};

/** Runs a plan on a pool of `workers`, with a progress line (runs done, ETA) on a terminal. */
export async function execute<O>(io: CliIo, plan: Plan<O>, workers: number, label: string): Promise<O> {
  const pool = io.pool ? io.pool(workers) : new NodeWorkerPool(workers);
  const now = io.now ?? (() => performance.now());
  const start = now();
  let last = Number.NEGATIVE_INFINITY;
  try {
    return await runExperiment(plan, pool, {
      onProgress: (done, total) => {
        if (!io.progress) return;
        const t = now();
        if (t - last < 100 && done < total) return;
        last = t;
        const elapsed = t - start;
        const eta = done > 0 ? (elapsed / done) * (total - done) : Number.NaN;
        io.progress(
          `${label}: ${Math.floor(done)}/${total} runs, ${workers} worker${workers === 1 ? '' : 's'}, ${span(elapsed)}${Number.isFinite(eta) ? `, ETA ${span(eta)}` : ''}`,
        );
      },
    }).done;
  } finally {
    io.progress?.('');
    await pool.close?.();
  }
}
