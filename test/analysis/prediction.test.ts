/**
 * "Predict, then run": the questions' format is checked with paths, and a guess is marked against
 * the demand model on the run's result (the reddit-1 preset: the database saturates first, at
 * about 110 req/s — the figure its notice quotes and the demand sweep test confirms).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guessIsRight, predictionTruths } from '../../src/analysis/prediction';
import { buildSimulation } from '../../src/scenario/build';
import { predictChoices } from '../../src/scenario/predict';
import { errors, minimal, ok } from '../scenario/helpers';

function preset(name: string) {
  return JSON.parse(readFileSync(new URL(`../../presets/${name}.json`, import.meta.url), 'utf8'));
}

describe('predict: the format', () => {
  it('accepts questions and offers every node but the clients by default', () => {
    const s = ok(preset('reddit-1-one-box')).scenario;
    expect(s.predict?.map((q) => q.answer)).toEqual(['bottleneck', 'saturationRps']);
    expect(predictChoices(s.predict![0], s.nodes)).toEqual(['app', 'db']);
    expect(ok(minimal()).scenario.predict).toBeUndefined();
  });

  it('refuses bad questions with a path and a sentence each', () => {
    const messages = errors({
      ...minimal(),
      predict: [
        { ask: 'Which?', answer: 'busiest' },
        { ask: 'Which?', answer: 'bottleneck', choices: ['app', 'ap', 'app'] },
        { ask: 'Rate?', answer: 'saturationRps', choices: ['app', 'users'], tolerance: 0.1 },
        { ask: '', answer: 'saturationRps', tolerance: 2 },
      ],
    }).map((p) => p.message);
    expect(messages).toEqual([
      'predict[0].answer: must be one of "bottleneck", "saturationRps", got "busiest"',
      'predict[3].ask: must not be empty',
      'predict[3].tolerance: must be a number > 0 and ≤ 1, got 2',
    ]);
    const second = errors({
      ...minimal(),
      predict: [
        { ask: 'Which?', answer: 'bottleneck', choices: ['app', 'ap', 'app'] },
        { ask: 'Which?', answer: 'saturationRps', choices: ['app', 'users'], tolerance: 0.1 },
      ],
    }).map((p) => p.message);
    expect(second).toEqual([
      'predict[0].choices[1]: no node has the id "ap"; did you mean "app"?',
      'predict[0].choices[2]: must be listed once, got "app" twice',
      'predict[1].ask: must be unique among the questions, got "Which?" twice',
      'predict[1].choices: only a bottleneck question offers choices',
    ]);
  });
});

describe('predict: marking a guess against the run', () => {
  const s = ok(preset('reddit-1-one-box')).scenario;
  const sim = buildSimulation(s, { durationMs: 60_000 });
  sim.runToEnd();
  const truths = predictionTruths(s, sim.result());
  const [which, rate] = s.predict!;

  it('the bottleneck is the database, the saturation about 110 req/s', () => {
    expect(truths[0].value).toBe('db');
    expect(truths[1].value as number).toBeGreaterThan(105);
    expect(truths[1].value as number).toBeLessThan(115);
    // Default tolerance 25% either side.
    const t = truths[1].value as number;
    expect(truths[1].range).toEqual([t * 0.75, t * 1.25]);
  });

  it('marks guesses right and wrong', () => {
    expect(guessIsRight(which, truths[0], 'db')).toBe(true);
    expect(guessIsRight(which, truths[0], 'app')).toBe(false);
    expect(guessIsRight(which, truths[0], undefined)).toBe(false);
    expect(guessIsRight(rate, truths[1], 100)).toBe(true);
    expect(guessIsRight(rate, truths[1], 130)).toBe(true);
    expect(guessIsRight(rate, truths[1], 300)).toBe(false);
    expect(guessIsRight(rate, truths[1], 50)).toBe(false);
    expect(guessIsRight(rate, truths[1], 'db')).toBe(false);
    expect(guessIsRight(rate, truths[1], Number.NaN)).toBe(false);
  });
});
