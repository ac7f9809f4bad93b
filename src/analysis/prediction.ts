/**
 * Marks a lesson's predictions (scenario `predict`) against a finished run: the truth each question
 * is about, from the demand model with the run's measured hit ratios, and whether a guess matches
 * it. Pure; no DOM.
 */
import { DEFAULT_TOLERANCE, type Prediction } from '../scenario/predict';
import type { Result } from '../scenario/resultTypes';
import type { Scenario } from '../scenario/types';
import { serviceDemands } from './demand';

/** A guess: a node id for a bottleneck question, req/s for a rate. */
export type Guess = string | number;

export interface PredictionTruth {
  /** bottleneck: the node id (null when no node does work); saturationRps: req/s (Infinity if none saturates). */
  value: string | number | null;
  /** saturationRps: the band a guess must fall in, req/s. */
  range?: [number, number];
}

/** What each question's answer is, for `scenario` after a run that produced `result`. */
export function predictionTruths(scenario: Scenario, result: Result): PredictionTruth[] {
  const questions = scenario.predict ?? [];
  if (questions.length === 0) return [];
  const model = serviceDemands(scenario, result);
  const station = model.stations.find((s) => s.id === model.bottleneck);
  return questions.map((q) => {
    if (q.answer === 'bottleneck') return { value: station?.node ?? null };
    const truth = model.saturationRps;
    const tol = q.tolerance ?? DEFAULT_TOLERANCE;
    return { value: truth, range: [truth * (1 - tol), truth * (1 + tol)] };
  });
}

/** Whether `guess` answers question `q` whose truth is `truth`. A missing guess is never right. */
export function guessIsRight(q: Prediction, truth: PredictionTruth, guess: Guess | undefined): boolean {
  if (guess === undefined) return false;
  if (q.answer === 'bottleneck') return typeof guess === 'string' && guess === truth.value;
  if (typeof guess !== 'number' || !Number.isFinite(guess) || !truth.range) return false;
  return guess >= truth.range[0] && guess <= truth.range[1];
}
