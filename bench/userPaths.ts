/**
 * The paths users run, for the bench: the CLI's `run` command (src/cli/main.ts, called in-process
 * with the scenario as its file, so the parse, build, run and result JSON are exactly
 * `npm run sim -- run <file> --json`) and the app's worker (src/worker/driver.ts at speed max,
 * with a host that runs its scheduled slices back to back and keeps the last result; live
 * snapshots, insights and traces are produced as in the app, only not cloned to a page).
 *
 * Both report what the user sees: requests over `run.wallMs` of the result.
 */
import { runSync } from '../src/cli/main';
import { buildSimulation } from '../src/scenario/build';
import type { Result } from '../src/scenario/resultTypes';
import { SimDriver } from '../src/worker/driver';
import type { FromWorker } from '../src/worker/protocol';
import { scenarioOf } from './measure';

export interface PathFigures {
  /** Attempts simulated (arrivals and retries). */
  requests: number;
  /** The result's run.wallMs (what the user is shown). */
  wallMs: number;
  /** Wall time of the whole call, parse and result JSON included, ms. */
  totalMs: number;
  /**
   * CPU time of the whole call (this process, user + system), ms: on a shared machine the wall
   * clock also counts time other processes had the core, CPU time does not.
   */
  cpuMs: number;
  result: Result;
}

const requestsOf = (r: Result) => r.requests.arrived + r.requests.retries;

/** `npm run sim -- run <file> --json`, in this process. */
export function viaCli(input: unknown): PathFigures {
  const text = JSON.stringify(input);
  let out = '';
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const code = runSync(['run', 'bench.json', '--json'], {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      throw new Error(`cli: ${t}`);
    },
    readFile: () => text,
  });
  const totalMs = performance.now() - start;
  const cpuMs = cpuSince(cpu0);
  if (code !== 0) throw new Error(`cli exited ${code}`);
  const result = JSON.parse(out) as Result;
  return { requests: requestsOf(result), wallMs: result.run.wallMs, totalMs, cpuMs, result };
}

/** The app's worker: load, speed max, play, until the driver posts its result. */
export function viaWorker(input: unknown): PathFigures {
  const scenario = scenarioOf(input);
  const tasks: (() => void)[] = [];
  let result: Result | null = null;
  const driver = new SimDriver(buildSimulation, {
    post: (m: FromWorker) => {
      if (m.type === 'result') result = m.result;
      else if (m.type === 'error' || m.type === 'loadFailed') throw new Error(`worker: ${m.message}`);
    },
    now: () => performance.now(),
    schedule: (fn) => {
      tasks.push(fn);
    },
  });
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  driver.handle({ type: 'load', token: 1, scenario, seed: scenario.seed });
  driver.handle({ type: 'setSpeed', speed: 'max' });
  driver.handle({ type: 'play' });
  while (result === null) {
    const task = tasks.shift();
    if (!task) throw new Error('worker: stopped before its result');
    task();
  }
  const totalMs = performance.now() - start;
  const cpuMs = cpuSince(cpu0);
  const r = result as Result;
  return { requests: requestsOf(r), wallMs: r.run.wallMs, totalMs, cpuMs, result: r };
}

/** CPU ms (user + system) of this process since `from`. */
export function cpuSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}
