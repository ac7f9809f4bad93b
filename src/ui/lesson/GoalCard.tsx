/**
 * A lesson's goal as a compact card: the goal's sentence, each criterion with its target, and once
 * the run has finished ✓/✗ with the measured value (checkGoal on the result the worker sent).
 */
import { checkGoal, type GoalCriterion, type GoalCriterionKey, goalTargets } from '../../analysis/goal';
import type { Goal } from '../../scenario/types';
import { useRunStore } from '../../store/runStore';
import { useScenarioStore } from '../../store/scenarioStore';
import { formatMs, formatPercent, formatRate } from '../format';
import './goal.css';

const NUMERIC_KEYS: GoalCriterionKey[] = ['p99Ms', 'rps', 'maxErrorRate', 'maxCostPerHour'];

/** The scenario's goal if it has a usable one (the raw input is not validated yet). */
export function goalOf(raw: unknown): Goal | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const g = raw as Record<string, unknown>;
  if (typeof g.text !== 'string') return null;
  const goal: Goal = { text: g.text };
  for (const key of NUMERIC_KEYS) {
    const v = g[key];
    if (typeof v === 'number' && Number.isFinite(v)) goal[key] = v;
  }
  return goal;
}

function formatValue(key: GoalCriterionKey, value: number): string {
  switch (key) {
    case 'p99Ms':
      return formatMs(value);
    case 'rps':
      return formatRate(value);
    case 'maxErrorRate':
      return formatPercent(value);
    case 'maxCostPerHour':
      return Number.isFinite(value) ? `$${value.toFixed(2)}/h` : '–';
  }
}

function CriterionRow({ c, checked }: { c: GoalCriterion; checked: boolean }) {
  const state = checked ? (c.pass ? 'pass' : 'fail') : 'pending';
  return (
    <li className={`goal-row goal-${state}`} data-testid={`goal-${c.key}`}>
      <span className="goal-mark" aria-hidden="true">
        {checked ? (c.pass ? '✓' : '✗') : '○'}
      </span>
      <span className="goal-label">{c.label}</span>
      <span className="goal-target">
        {c.comparison === 'atMost' ? '≤ ' : '≥ '}
        {formatValue(c.key, c.target)}
      </span>
      <span className="goal-measured">
        {checked ? formatValue(c.key, c.measured) : ''}
        <span className="visually-hidden">{checked ? (c.pass ? ' passed' : ' failed') : ''}</span>
      </span>
    </li>
  );
}

export function GoalCard() {
  const goal = goalOf(useScenarioStore((s) => s.input.goal));
  const status = useRunStore((s) => s.status);
  const result = useRunStore((s) => s.result);
  if (!goal) return null;
  // Only a finished run is judged: a paused run's result covers part of the lesson.
  const finished = status === 'finished' && result !== null;
  const check = finished
    ? checkGoal(goal, result)
    : { pass: false, criteria: goalTargets(goal).map((t) => ({ ...t, measured: Number.NaN, pass: false })) };
  const verdict = !finished ? 'Run to the end to check' : check.pass ? 'Goal reached' : 'Not yet';
  return (
    <section className="goal-card" data-testid="goal" aria-label="Goal">
      <div className="goal-head">
        <strong>Goal</strong>
        <span
          className={`goal-verdict ${finished ? (check.pass ? 'goal-pass' : 'goal-fail') : 'muted'}`}
          data-testid="goal-verdict"
        >
          {verdict}
        </span>
      </div>
      {check.criteria.length > 0 && (
        <ul className="goal-criteria">
          {check.criteria.map((c) => (
            <CriterionRow key={c.key} c={c} checked={finished} />
          ))}
        </ul>
      )}
      <p className="goal-text">{goal.text}</p>
    </section>
  );
}
