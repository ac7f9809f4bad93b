/**
 * `sweep`, `compare` and `check`: experiments from the command line on the shared runner
 * (src/experiments), fanned out over worker threads. Formats: DESIGN §4.
 */
import { checkGoal } from '../analysis/goal';
import { compareJson, sweepJson } from '../experiments/formats';
import {
  planCompare,
  planReplications,
  planSweep,
  REFINE_POINTS,
  type SweepSpec,
  sweepBase,
} from '../experiments/plans';
import { experimentWindow } from '../experiments/window';
import type { Scenario } from '../scenario/types';
import {
  CliError,
  type CliIo,
  checkTotal,
  execute,
  parseArgs,
  plannedRequests,
  positiveOption,
  readScenario,
  seedOption,
  stringOption,
  wholeOption,
  workersOption,
} from './args';
import { checkLines, compareTable, sweepTable } from './tables';

export const SWEEP_USAGE = `usage: npm run sim -- sweep <scenario.json> [--client ID] (--from R1 --to R2 --steps N | --scales a,b,…) [--refine N] [--seed N] [--workers K] [--json]

  --client ID    sweep this client's traffic (default: every client together)
  --from R1      lightest load, req/s: the swept traffic's mean over the measured window
  --to R2        heaviest load, req/s (above --from)
  --steps N      loads from R1 to R2, evenly spaced (2..200)
  --scales a,b   traffic factors instead (1 = the scenario's own traffic)
  --refine N     loads added between the knee and the next step (0..20, default ${REFINE_POINTS})
  --seed N       override the scenario's seed (every point shares it)
  --workers K    worker threads (default: cores − 1, at least 1); never changes a result
  --json         print the scalelab/sweep@1 object only`;

export const COMPARE_USAGE = `usage: npm run sim -- compare <a.json> <b.json> [--replications N] [--seed N] [--workers K] [--json]

  --replications N  paired replications of each (2..1000, default 10)
  --seed N          the seed both run on (default: A's)
  --workers K       worker threads (default: cores − 1, at least 1)
  --json            print the scalelab/compare@1 object only`;

export const CHECK_USAGE = `usage: npm run sim -- check <scenario.json…> [--workers K]

  Runs each scenario and checks its goal: exit 0 when every criterion is met, 1 when one is
  missed, 2 on invalid input.`;

function gridOf(p: ReturnType<typeof parseArgs>): SweepSpec['grid'] {
  const scales = stringOption(p, 'scales');
  const ranged = ['from', 'to', 'steps'].filter((k) => p.opts.has(k));
  if (scales !== undefined) {
    if (ranged.length > 0)
      throw new CliError(`--scales: give either --scales or --from/--to/--steps, not both`);
    const factors = scales.split(',').map((x) => Number(x.trim()));
    if (factors.length === 0 || factors.some((x) => !Number.isFinite(x) || x <= 0 || x > 1000))
      throw new CliError(
        `--scales: must be a list of numbers above 0 (at most 1000) separated by commas, got ${scales}`,
      );
    return { factors };
  }
  if (ranged.length < 3) {
    const missing = ['from', 'to', 'steps'].filter((k) => !p.opts.has(k)).map((k) => `--${k}`);
    throw new CliError(`${missing.join(', ')}: the sweep needs --from, --to and --steps (or --scales)`);
  }
  const from = positiveOption(p, 'from')!;
  const to = positiveOption(p, 'to')!;
  const steps = wholeOption(p, 'steps', 2, 200)!;
  if (from >= to) throw new CliError(`--from: must be below --to, got --from ${from} --to ${to}`);
  return {
    rates: Array.from({ length: steps }, (_, i) =>
      i === steps - 1 ? to : from + ((to - from) * i) / (steps - 1),
    ),
  };
}

export async function sweepCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const p = parseArgs(
    argv,
    ['client', 'from', 'to', 'steps', 'scales', 'refine', 'seed', 'workers'],
    ['json'],
    SWEEP_USAGE,
  );
  if (p.files.length !== 1)
    throw new CliError(
      `${p.files.length === 0 ? 'missing the scenario file' : `unexpected argument "${p.files[1]}"`}\n\n${SWEEP_USAGE}`,
      64,
    );
  const grid = gridOf(p);
  const seed = seedOption(p);
  const refine = wholeOption(p, 'refine', 0, 20) ?? REFINE_POINTS;
  const workers = workersOption(p);
  const json = p.opts.has('json');
  const { scenario, warnings } = readScenario(io, p.files[0]);
  if (!json) for (const w of warnings) io.err(`warning: ${w}`);
  const client = stringOption(p, 'client');
  const clients = scenario.nodes.filter((n) => n.type === 'client').map((n) => n.id);
  if (client !== undefined && !clients.includes(client))
    throw new CliError(
      `--client: no client "${client}" in the scenario (its clients: ${clients.join(', ') || 'none'})`,
    );
  const window = experimentWindow(scenario);
  const spec: SweepSpec = { scenario, window, grid, client, refine, seed };
  if ('rates' in grid && !(sweepBase(spec).swept > 0))
    throw new CliError(
      `--from: ${client ?? 'the clients'} send nothing in the measured window, so there is no rate to scale`,
    );
  const plan = planSweep(spec);
  // The refinement runs at loads below the heaviest: count them at the heaviest, a bound.
  const perRun = plan.tasks.map((t) => plannedRequests([t]));
  checkTotal(
    perRun.reduce((a, b) => a + b, 0) + (plan.expected - plan.tasks.length) * Math.max(0, ...perRun),
    'rates' in grid ? '--to' : '--scales',
    `the sweep (${plan.expected} runs at most)`,
  );
  const outcome = await execute(io, plan, workers, 'sweep');
  const out = sweepJson(outcome, window);
  io.out(json ? JSON.stringify(out) : sweepTable(scenario.name, out, outcome.refined));
  return 0;
}

export async function compareCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const p = parseArgs(argv, ['replications', 'seed', 'workers'], ['json'], COMPARE_USAGE);
  if (p.files.length !== 2)
    throw new CliError(`compare needs two scenario files, got ${p.files.length}\n\n${COMPARE_USAGE}`, 64);
  const n = wholeOption(p, 'replications', 2, 1000) ?? 10;
  const seedOverride = seedOption(p);
  const workers = workersOption(p);
  const json = p.opts.has('json');
  const [a, b] = p.files.map((f) => readScenario(io, f).scenario);
  const seed = seedOverride ?? a.seed;
  const plan = planCompare({ a, b, seed, n });
  checkTotal(plannedRequests(plan.tasks), '--replications', `${n} replications of each side`);
  const outcome = await execute(io, plan, workers, 'compare');
  const window = { fromMs: Math.max(a.warmup, b.warmup), toMs: Math.min(a.duration, b.duration) };
  io.out(
    json
      ? JSON.stringify(compareJson(outcome))
      : compareTable(outcome, `${a.name} (${p.files[0]})`, `${b.name} (${p.files[1]})`, window),
  );
  return 0;
}

export async function checkCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const p = parseArgs(argv, ['workers'], [], CHECK_USAGE);
  if (p.files.length === 0) throw new CliError(`missing the scenario file\n\n${CHECK_USAGE}`, 64);
  const workers = workersOption(p);
  // Every file is read and validated before anything runs: one invalid file stops the check.
  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  for (const file of p.files) {
    try {
      const { scenario } = readScenario(io, file);
      const g = scenario.goal;
      if (
        !g ||
        (g.p99Ms === undefined &&
          g.rps === undefined &&
          g.maxErrorRate === undefined &&
          g.maxCostPerHour === undefined)
      )
        problems.push(
          `${file}: has no goal with a figure to check (goal.p99Ms, goal.rps, goal.maxErrorRate or goal.maxCostPerHour)`,
        );
      scenarios.push(scenario);
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length > 0) throw new CliError(problems.join('\n'));
  // One run of each, replication 0 of its own seed: the very run `npm run sim -- run` makes.
  const plans = scenarios.map((s) => planReplications({ scenario: s, n: 1, keepFirst: true }));
  const tasks = plans.flatMap((pl) => pl.tasks);
  checkTotal(
    plannedRequests(tasks),
    p.files.length > 1 ? p.files[p.files.length - 1] : p.files[0],
    'the check',
  );
  const outcome = await execute(
    io,
    { tasks, expected: tasks.length, more: () => [], finish: (o) => o },
    workers,
    'check',
  );
  let missed = 0;
  scenarios.forEach((s, i) => {
    const result = outcome[i].result!;
    const check = checkGoal(s.goal!, result);
    if (!check.pass) missed++;
    for (const line of checkLines(p.files[i], s.name, check)) io.out(line);
  });
  io.out(
    missed === 0
      ? `all ${scenarios.length} goal${scenarios.length === 1 ? '' : 's'} met`
      : `${missed} of ${scenarios.length} goal${scenarios.length === 1 ? '' : 's'} missed`,
  );
  return missed === 0 ? 0 : 1;
}
