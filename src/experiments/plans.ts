/**
 * Experiments as plans of whole runs: which runs to make (a first batch, then more once it is in —
 * a sweep refines its grid around the knee), and how their figures merge into the outcome. Plans
 * are pure: the outcome depends only on the runs' outputs, in task order, never on which worker
 * ran what or how many workers there were.
 */
import {
  findKnee,
  type Interval,
  kneeRefinement,
  meanInterval,
  meanOfferedRps,
  pairedDifference,
  type SweepPoint,
  scaleTraffic,
  sweepCapacity,
  unpairedDifference,
} from '../analysis/experiments';
import type { Result } from '../scenario/resultTypes';
import type { Scenario } from '../scenario/types';
import type { RunOutput, RunSummary, RunTask } from './run';
import type { ExperimentWindow } from './window';

/** The traffic factors of the app's load sweep: 0.25× to 3× the scenario's traffic in ten steps. */
export const SWEEP_FACTORS: readonly number[] = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3];
/** Default number of independent replications. */
export const DEFAULT_REPLICATIONS = 5;
/** Loads a sweep adds between its knee and the first broken grid point. */
export const REFINE_POINTS = 4;

export interface Plan<O> {
  /** The first runs. */
  tasks: RunTask[];
  /** How many runs the whole experiment expects at most (for progress). */
  expected: number;
  /** Runs to add once every run so far has finished; none when the plan is complete. */
  more(outputs: readonly RunOutput[]): RunTask[];
  finish(outputs: readonly RunOutput[]): O;
}

/** Build options of a run that simulates [0, toMs] and measures from fromMs. */
const windowOptions = (w: ExperimentWindow, seed?: number) =>
  seed === undefined
    ? { durationMs: w.toMs, warmupMs: w.fromMs }
    : { seed, durationMs: w.toMs, warmupMs: w.fromMs };

// ——— load sweep ———

export interface SweepSpec {
  scenario: Scenario;
  /** What every run simulates and measures. */
  window: ExperimentWindow;
  /**
   * The grid: traffic factors of the scenario's own, or rates in req/s — the swept clients' mean
   * rate over the window (each profile scaled as a whole, so its shape stays).
   */
  grid: { factors: readonly number[] } | { rates: readonly number[] };
  /** Sweep only this client's traffic; default: every client together. */
  client?: string;
  /** Loads added between the knee and the next grid point. Default REFINE_POINTS; 0: none. */
  refine?: number;
  /** Overrides the scenario's seed (every point shares it: common random numbers). */
  seed?: number;
}

export type SweepOutcomePoint = SweepPoint & { summary: RunSummary };

export interface SweepOutcome {
  kind: 'sweep';
  /** Grid and refinement points together, by increasing load. */
  points: SweepOutcomePoint[];
  /** Index of the knee in `points` (see findKnee); −1 when none was found. */
  knee: number;
  /** The measured plateau of goodput, req/s; null when no load saturated the system. */
  saturationRps: number | null;
  /** The node that limits it (the busiest at saturation); null when no node does any work. */
  bottleneck: string | null;
  /** Points that refine the grid around the knee (included in `points`). */
  refined: number;
}

/** The swept clients' mean rate over the window, and the others', req/s. */
export function sweepBase(spec: Pick<SweepSpec, 'scenario' | 'window' | 'client'>): {
  swept: number;
  others: number;
} {
  const { scenario: s, window: w } = spec;
  const total = meanOfferedRps(s, w.fromMs, w.toMs);
  const swept = spec.client === undefined ? total : meanOfferedRps(s, w.fromMs, w.toMs, spec.client);
  return { swept, others: total - swept };
}

export function planSweep(spec: SweepSpec): Plan<SweepOutcome> {
  const base = sweepBase(spec);
  const refine = spec.refine ?? REFINE_POINTS;
  // Every load is the swept clients' mean rate L over the window; factor = L / base.
  const grid = 'rates' in spec.grid ? [...spec.grid.rates] : spec.grid.factors.map((f) => f * base.swept);
  const factorOf = (load: number, i: number) =>
    'factors' in spec.grid && i < spec.grid.factors.length ? spec.grid.factors[i] : load / base.swept;
  const task = (load: number, i: number): RunTask => {
    const factor = factorOf(load, i);
    return {
      scenario: scaleTraffic(spec.scenario, factor, spec.client),
      options: windowOptions(spec.window, spec.seed),
      point: { factor, offeredRps: load + base.others },
    };
  };
  const gridTasks = grid.map(task);
  let added: RunTask[] | null = null;
  const pointsOf = (tasks: readonly RunTask[], outputs: readonly RunOutput[]) =>
    tasks.map((t, i): SweepOutcomePoint => {
      const s = outputs[i].summary;
      return {
        factor: t.point!.factor,
        offeredRps: t.point!.offeredRps,
        goodputRps: s.throughputRps,
        errorRate: s.errorRate,
        p50Ms: s.p50Ms,
        p99Ms: s.p99Ms,
        meanMs: s.meanMs,
        summary: s,
      };
    });
  return {
    tasks: gridTasks,
    expected: grid.length + (grid.length > 1 ? refine : 0),
    more(outputs) {
      if (added !== null) return [];
      const knee = findKnee(pointsOf(gridTasks, outputs));
      added = kneeRefinement(grid, knee, refine).map((load) => task(load, grid.length));
      return added;
    },
    finish(outputs) {
      const all = pointsOf([...gridTasks, ...(added ?? [])], outputs);
      // By load; equal loads keep task order (a stable sort), so the order is the same every time.
      const points = all
        .map((p, i) => ({ p, i }))
        .sort((x, y) => x.p.offeredRps - y.p.offeredRps || x.i - y.i);
      const sorted = points.map((x) => x.p);
      const capacity = sweepCapacity(
        sorted,
        sorted.map((p) => p.summary.utilization),
      );
      return {
        kind: 'sweep',
        points: sorted,
        knee: findKnee(sorted),
        ...capacity,
        refined: added?.length ?? 0,
      };
    },
  };
}

// ——— replications ———

/** Means with 95% Student-t intervals over independent replications. */
export interface ReplicationStats {
  n: number;
  meanMs: Interval;
  p99Ms: Interval;
  throughputRps: Interval;
  errorRate: Interval;
  /** Per node (not clients): its utilisation. */
  utilization: Record<string, Interval>;
}

export function replicationStats(runs: readonly RunSummary[]): ReplicationStats {
  const ids = [...new Set(runs.flatMap((r) => Object.keys(r.utilization)))];
  const utilization: Record<string, Interval> = {};
  for (const id of ids) utilization[id] = meanInterval(runs.map((r) => r.utilization[id] ?? 0));
  return {
    n: runs.length,
    meanMs: meanInterval(runs.map((r) => r.meanMs)),
    p99Ms: meanInterval(runs.map((r) => r.p99Ms)),
    throughputRps: meanInterval(runs.map((r) => r.throughputRps)),
    errorRate: meanInterval(runs.map((r) => r.errorRate)),
    utilization,
  };
}

export interface ReplicationSpec {
  scenario: Scenario;
  /** Replications 0..n−1 (independent streams of the same seed). */
  n: number;
  /** The window every run measures; default: the whole scenario. */
  window?: ExperimentWindow;
  seed?: number;
  /** Overrides the scenario's duration, ms (when no window is given). */
  durationMs?: number;
  /** Keep replication 0's whole result (the CLI prints it as a plain run). */
  keepFirst?: boolean;
}

export interface ReplicationOutcome extends ReplicationStats {
  kind: 'replicate';
  runs: RunSummary[];
  /** Replication 0's whole result, when asked for. */
  first?: Result;
}

function replicationTasks(s: Scenario, spec: Omit<ReplicationSpec, 'scenario'>): RunTask[] {
  const options = spec.window
    ? windowOptions(spec.window, spec.seed)
    : {
        ...(spec.seed !== undefined && { seed: spec.seed }),
        ...(spec.durationMs !== undefined && { durationMs: spec.durationMs }),
      };
  return Array.from({ length: spec.n }, (_, i) => ({ scenario: s, options: { ...options, replication: i } }));
}

export function planReplications(spec: ReplicationSpec): Plan<ReplicationOutcome> {
  const tasks = replicationTasks(spec.scenario, spec);
  if (spec.keepFirst && tasks.length > 0) tasks[0] = { ...tasks[0], full: true };
  return {
    tasks,
    expected: tasks.length,
    more: () => [],
    finish(outputs) {
      const runs = outputs.map((o) => o.summary);
      const out: ReplicationOutcome = { kind: 'replicate', runs, ...replicationStats(runs) };
      if (outputs[0]?.result) out.first = outputs[0].result;
      return out;
    },
  };
}

// ——— A/B ———

export interface CompareSpec {
  a: Scenario;
  b: Scenario;
  /** The seed both run on. */
  seed: number;
  /** Replications of each (paired by index). Default 1. */
  n?: number;
  /** The window both measure; default: [0, the shorter duration], from the later warm-up. */
  window?: ExperimentWindow;
}

/** b − a per headline figure. */
export interface Differences {
  meanMs: Interval;
  p99Ms: Interval;
  throughputRps: Interval;
  errorRate: Interval;
}

export interface CompareOutcome {
  kind: 'compare';
  /** Replication 0 of each side. */
  a: RunSummary;
  b: RunSummary;
  seed: number;
  /** Each side over its replications. */
  statsA: ReplicationStats;
  statsB: ReplicationStats;
  /** b − a paired replication by replication (common random numbers). */
  diff: Differences;
  /** The same differences as if the sides were independent (Welch), to show what pairing gains. */
  unpaired: Differences;
}

export function planCompare(spec: CompareSpec): Plan<CompareOutcome> {
  const n = spec.n ?? 1;
  const window = spec.window ?? {
    fromMs: Math.max(spec.a.warmup, spec.b.warmup),
    toMs: Math.min(spec.a.duration, spec.b.duration),
  };
  const as = replicationTasks(spec.a, { n, window, seed: spec.seed });
  const bs = replicationTasks(spec.b, { n, window, seed: spec.seed });
  // Interleaved a0, b0, a1, b1…: a cancelled or slow A/B shows both sides' progress alike.
  const tasks = as.flatMap((t, i) => [t, bs[i]]);
  return {
    tasks,
    expected: tasks.length,
    more: () => [],
    finish(outputs) {
      const a = outputs.filter((_, i) => i % 2 === 0).map((o) => o.summary);
      const b = outputs.filter((_, i) => i % 2 === 1).map((o) => o.summary);
      const diffs = (d: (x: readonly number[], y: readonly number[]) => Interval): Differences => ({
        meanMs: d(
          a.map((r) => r.meanMs),
          b.map((r) => r.meanMs),
        ),
        p99Ms: d(
          a.map((r) => r.p99Ms),
          b.map((r) => r.p99Ms),
        ),
        throughputRps: d(
          a.map((r) => r.throughputRps),
          b.map((r) => r.throughputRps),
        ),
        errorRate: d(
          a.map((r) => r.errorRate),
          b.map((r) => r.errorRate),
        ),
      });
      return {
        kind: 'compare',
        a: a[0],
        b: b[0],
        seed: spec.seed,
        statsA: replicationStats(a),
        statsB: replicationStats(b),
        diff: diffs(pairedDifference),
        unpaired: diffs(unpairedDifference),
      };
    },
  };
}

export type ExperimentOutcome = SweepOutcome | ReplicationOutcome | CompareOutcome;
export type ExperimentKind = ExperimentOutcome['kind'];
