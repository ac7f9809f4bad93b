/**
 * "Predict, then run": a lesson's questions (scenario `predict`) asked before the run — a choice
 * of node for "which node saturates first?", a number for "at about what rate?" — and, once the
 * run has finished, each guess marked ✓/✗ against the demand model on the run's result, with the
 * lesson's "what to notice" revealed only then. Guesses are kept in the session (predictions.ts)
 * and locked while a run is under way, so the answer cannot be read off the run first.
 */
import { type ChangeEvent, useMemo, useState } from 'react';
import { guessIsRight, type PredictionTruth, predictionTruths } from '../../analysis/prediction';
import { type Prediction, predictChoices } from '../../scenario/predict';
import type { Scenario } from '../../scenario/types';
import { lessonKey, usePredictionStore } from '../../store/predictions';
import { useRunStore } from '../../store/runStore';
import { useScenarioStore } from '../../store/scenarioStore';
import { validate } from '../../store/validation';
import { formatCount } from '../format';
import './goal.css';

const rps = (x: number) => `${formatCount(x)} req/s`;

function nodeLabel(s: Scenario, id: string | null): string {
  if (id === null) return 'no node';
  const n = s.nodes.find((x) => x.id === id);
  const label = (n as { label?: string } | undefined)?.label;
  return label && label !== id ? `${label} (${id})` : id;
}

interface QuestionProps {
  index: number;
  q: Prediction;
  scenario: Scenario;
  guess: string | number | null;
  locked: boolean;
  truth: PredictionTruth | null;
  onGuess(g: string | number | null): void;
}

function Question({ index, q, scenario, guess, locked, truth, onGuess }: QuestionProps) {
  const id = `predict-answer-${index}`;
  const [text, setText] = useState(typeof guess === 'number' ? String(guess) : '');
  const onNumber = (e: ChangeEvent<HTMLInputElement>) => {
    setText(e.target.value);
    const v = Number(e.target.value);
    onGuess(e.target.value.trim() !== '' && Number.isFinite(v) && v >= 0 ? v : null);
  };
  const right = truth ? guessIsRight(q, truth, guess ?? undefined) : false;
  const said =
    guess === null
      ? 'no guess'
      : q.answer === 'bottleneck'
        ? nodeLabel(scenario, String(guess))
        : rps(Number(guess));
  const truthText = !truth
    ? ''
    : q.answer === 'bottleneck'
      ? `${nodeLabel(scenario, truth.value as string | null)} saturates first`
      : Number.isFinite(truth.value as number)
        ? `it saturates at about ${rps(truth.value as number)} (right between ${rps(truth.range![0])} and ${rps(truth.range![1])})`
        : 'no node saturates at any rate';
  return (
    <li
      className={`predict-q ${truth ? (right ? 'goal-pass' : 'goal-fail') : ''}`}
      data-testid={`predict-${index}`}
    >
      <label htmlFor={id} className="predict-ask">
        {q.ask}
      </label>
      {q.answer === 'bottleneck' ? (
        <select
          id={id}
          data-testid={id}
          value={typeof guess === 'string' ? guess : ''}
          disabled={locked}
          onChange={(e) => onGuess(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">Choose a node…</option>
          {predictChoices(q, scenario.nodes).map((n) => (
            <option key={n} value={n}>
              {nodeLabel(scenario, n)}
            </option>
          ))}
        </select>
      ) : (
        <span className="predict-number">
          <input
            id={id}
            data-testid={id}
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            value={text}
            disabled={locked}
            onChange={onNumber}
          />{' '}
          req/s
        </span>
      )}
      {truth && (
        <p className="predict-mark" data-testid={`predict-result-${index}`} data-right={String(right)}>
          <span className="goal-mark" aria-hidden="true">
            {right ? '✓' : '✗'}
          </span>{' '}
          {right ? 'Right' : guess === null ? 'No guess' : 'Not quite'}: {truthText}
          {!right && guess !== null ? `; you said ${said}` : ''}.
        </p>
      )}
    </li>
  );
}

export function PredictCard() {
  const input = useScenarioStore((s) => s.input);
  const status = useRunStore((s) => s.status);
  const result = useRunStore((s) => s.result);
  const parsed = useMemo(() => validate(input), [input]);
  const scenario = parsed.ok ? parsed.scenario : null;
  const questions = scenario?.predict;
  const key =
    questions && scenario
      ? lessonKey(
          scenario.name,
          questions.map((q) => q.ask),
        )
      : '';
  const guesses = usePredictionStore((s) => s.guesses[key]);
  const setGuess = usePredictionStore((s) => s.setGuess);
  const finished = status === 'finished' && result !== null;
  const truths = useMemo(
    () => (finished && scenario ? predictionTruths(scenario, result) : null),
    [finished, scenario, result],
  );
  if (!scenario || !questions) return null;
  const locked = status === 'running' || status === 'paused' || status === 'finished';
  const answered = questions.filter((_, i) => guesses?.[i] != null).length;
  const score = truths
    ? questions.filter((q, i) => guessIsRight(q, truths[i], guesses?.[i] ?? undefined)).length
    : 0;
  return (
    <section className="goal-card predict-card" data-testid="predict" aria-label="Predict, then run">
      <div className="goal-head">
        <strong>Predict, then run</strong>
        <span className="goal-verdict muted" data-testid="predict-verdict">
          {truths ? `${score} of ${questions.length} right` : `${answered} of ${questions.length} answered`}
        </span>
      </div>
      <ol className="predict-list">
        {questions.map((q, i) => (
          <Question
            // A new lesson (another key) starts each field from its own saved guess; asks are
            // unique within a lesson (checkPredictions).
            key={`${key}:${q.ask}`}
            index={i}
            q={q}
            scenario={scenario}
            guess={guesses?.[i] ?? null}
            locked={locked}
            truth={truths?.[i] ?? null}
            onGuess={(g) => setGuess(key, i, g)}
          />
        ))}
      </ol>
      {truths ? (
        scenario.notice && (
          <div className="notice-box" data-testid="predict-reveal">
            <strong>What to notice</strong>
            <p>{scenario.notice}</p>
          </div>
        )
      ) : (
        <p className="muted small" data-testid="predict-hint">
          {locked
            ? 'Your guesses are in. What to notice opens when the run finishes.'
            : 'Guess, then press Play: what to notice opens when the run finishes.'}
        </p>
      )}
    </section>
  );
}
