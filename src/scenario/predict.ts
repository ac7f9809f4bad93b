/**
 * "Predict, then run": a lesson's questions asked before the run (scenario `predict`), each marked
 * after it against what the run and the demand model say. The learner's guesses live in the app's
 * session, never in the scenario or the result; this file holds the format and its checks.
 *
 * `answer` names what a guess is marked against:
 * - `bottleneck`: "which node saturates first?" — a choice among nodes; right when it is the
 *   node of the demand model's bottleneck (src/analysis/demand.ts, with the run's measured hit
 *   ratios): the station with the highest service demand, the first to reach 100% as load grows.
 * - `saturationRps`: "at about what rate?" — a number of external requests per second; right
 *   when it is within `tolerance` (relative, default 25%) of the model's saturation rate.
 */
import * as v from 'valibot';
import { didYouMean, list, nodeId, num, oneOf, type Schema, show, strict, text } from './schemaCommon';
import type { Problem, ScenarioNode } from './types';

export const PREDICT_ANSWERS = ['bottleneck', 'saturationRps'] as const;
export type PredictAnswer = (typeof PREDICT_ANSWERS)[number];

/** Questions per scenario. */
export const MAX_PREDICTIONS = 5;
/** Characters in a question. */
export const MAX_ASK_CHARS = 200;
/** Default relative tolerance of a numeric guess (25%: "about"). */
export const DEFAULT_TOLERANCE = 0.25;

export interface Prediction {
  /** The question, shown before the run ("Which node saturates first?"). */
  ask: string;
  answer: PredictAnswer;
  /** bottleneck: the node ids offered, in order (default: every node but the clients). */
  choices?: string[];
  /** saturationRps: a guess g is right when |g − truth| ≤ tolerance × truth. Default 0.25. */
  tolerance?: number;
}

const predictionSchema: Schema<Prediction> = strict({
  ask: text(MAX_ASK_CHARS, true),
  answer: oneOf(PREDICT_ANSWERS),
  choices: v.optional(list(nodeId, 2, 50)),
  tolerance: v.optional(num({ gt: 0, max: 1 })),
});

/** The scenario's `predict` field: absent means no questions (the notice shows from the start). */
export const predictSchema = v.optional(list(predictionSchema, 1, MAX_PREDICTIONS));

/** The node ids a bottleneck question offers. */
export function predictChoices(p: Prediction, nodes: readonly ScenarioNode[]): string[] {
  return p.choices ?? nodes.filter((n) => n.type !== 'client').map((n) => n.id);
}

/** Questions against the nodes: choices name initial nodes, once each, and fit the answer kind. */
export function checkPredictions(
  list: readonly Prediction[] | undefined,
  nodes: readonly ScenarioNode[],
): Problem[] {
  if (!list) return [];
  const ids = nodes.map((n) => n.id);
  const out: Problem[] = [];
  const asks = new Set<string>();
  list.forEach((p, i) => {
    const problem = (field: string, msg: string) => {
      const path = `predict[${i}].${field}`;
      out.push({ path, message: `${path}: ${msg}` });
    };
    if (asks.has(p.ask)) problem('ask', `must be unique among the questions, got ${show(p.ask)} twice`);
    asks.add(p.ask);
    if (p.answer !== 'bottleneck' && p.choices)
      problem('choices', `only a bottleneck question offers choices`);
    if (p.answer !== 'saturationRps' && p.tolerance !== undefined)
      problem('tolerance', `only a saturationRps question has a tolerance`);
    const seen = new Set<string>();
    p.choices?.forEach((c, j) => {
      if (!ids.includes(c)) problem(`choices[${j}]`, `no node has the id ${show(c)}${didYouMean(c, ids)}`);
      else if (seen.has(c)) problem(`choices[${j}]`, `must be listed once, got ${show(c)} twice`);
      seen.add(c);
    });
  });
  return out;
}
