/**
 * A lesson's goal (scenario `goal`) checked against a finished run's result@1: each criterion the
 * goal sets, with its target, the measured value and whether it passed. Pure; no DOM.
 */
import type { Result } from '../scenario/resultTypes';
import type { Goal } from '../scenario/types';

/** Which goal field a criterion comes from. */
export type GoalCriterionKey = 'p99Ms' | 'rps' | 'maxErrorRate' | 'maxCostPerHour';

export interface GoalCriterion {
  key: GoalCriterionKey;
  /** Short name for the figure ("p99 latency"). */
  label: string;
  /** `atMost`: measured ≤ target passes; `atLeast`: measured ≥ target (less the allowance) passes. */
  comparison: 'atMost' | 'atLeast';
  /** The goal's value, in the figure's unit (ms, req/s, fraction 0..1, $/h). */
  target: number;
  /** The run's value in the same unit (NaN when the run measured nothing, e.g. no completions). */
  measured: number;
  pass: boolean;
}

export interface GoalCheck {
  /** The goal's criteria in a fixed order: p99, throughput, errors, cost. Only those the goal sets. */
  criteria: GoalCriterion[];
  /** Every criterion passed (a goal with no figures passes vacuously: it is prose only). */
  pass: boolean;
}

/**
 * Throughput is a count over the measured window divided by its length. For a Poisson stream at
 * exactly the target rate λ over T seconds that estimate has standard deviation √(λ/T), so a run
 * that truly sustains the target reads below it half the time. We forgive three standard
 * deviations (a false fail about 1 time in 700) and nothing more: at 100 req/s over 5 minutes that
 * is 1.7 req/s; at 1 000 req/s, 5.5 req/s.
 */
export function throughputAllowance(targetRps: number, measuredSec: number): number {
  if (!(targetRps > 0) || !(measuredSec > 0)) return 0;
  return 3 * Math.sqrt(targetRps / measuredSec);
}

/** A criterion before any run: what the goal asks for. */
export type GoalTarget = Omit<GoalCriterion, 'measured' | 'pass'>;

/** The criteria `goal` sets, in a fixed order (p99, throughput, errors, cost), without a run. */
export function goalTargets(goal: Goal): GoalTarget[] {
  const targets: GoalTarget[] = [];
  if (goal.p99Ms !== undefined)
    targets.push({ key: 'p99Ms', label: 'p99 latency', comparison: 'atMost', target: goal.p99Ms });
  if (goal.rps !== undefined)
    targets.push({ key: 'rps', label: 'Throughput', comparison: 'atLeast', target: goal.rps });
  if (goal.maxErrorRate !== undefined)
    targets.push({ key: 'maxErrorRate', label: 'Errors', comparison: 'atMost', target: goal.maxErrorRate });
  if (goal.maxCostPerHour !== undefined)
    targets.push({ key: 'maxCostPerHour', label: 'Cost', comparison: 'atMost', target: goal.maxCostPerHour });
  return targets;
}

function measure(key: GoalCriterionKey, result: Result): number {
  switch (key) {
    case 'p99Ms':
      return result.latencyMs.p99;
    case 'rps':
      return result.throughputRps;
    case 'maxErrorRate':
      return result.errorRate;
    case 'maxCostPerHour':
      return result.costPerHour;
  }
}

/** Checks `goal` against `result`; pure. */
export function checkGoal(goal: Goal, result: Result): GoalCheck {
  const measuredSec = (result.simulatedMs - result.warmupMs) / 1000;
  const criteria = goalTargets(goal).map((t): GoalCriterion => {
    const measured = measure(t.key, result);
    // NaN (nothing measured) never passes: a run with no completions has no p99 to be proud of.
    const pass =
      t.comparison === 'atMost'
        ? measured <= t.target
        : measured >= t.target - throughputAllowance(t.target, measuredSec);
    return { ...t, measured, pass };
  });
  return { criteria, pass: criteria.every((c) => c.pass) };
}
