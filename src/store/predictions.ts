/**
 * The learner's guesses for a lesson's "predict, then run" questions. They belong to the session,
 * not to the scenario or its result: kept in sessionStorage (a reload of the tab keeps them, a new
 * tab starts fresh) under `scalelab.predict.v1`, keyed by the lesson's name and questions, so
 * opening another preset and coming back finds the guesses again. A storage that is unavailable
 * or holds junk is ignored: the guesses then live in memory only.
 */
import { create } from 'zustand';
import type { Guess } from '../analysis/prediction';
import type { StorageLike } from './persistence';

export const PREDICT_STORAGE_KEY = 'scalelab.predict.v1';
/** Lessons remembered at once (the oldest is dropped): bounds what a session stores. */
const MAX_LESSONS = 50;

type Saved = Record<string, (Guess | null)[]>;

/** Identity of a lesson's question set: its name and the questions' text. */
export function lessonKey(name: string, asks: readonly string[]): string {
  return JSON.stringify([name, ...asks]);
}

function sessionStore(): StorageLike | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

function isGuess(x: unknown): x is Guess | null {
  return x === null || typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));
}

/** The saved guesses, or {} for anything missing or malformed. */
export function loadGuesses(storage: StorageLike | undefined): Saved {
  try {
    const text = storage?.getItem(PREDICT_STORAGE_KEY);
    if (!text) return {};
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const out: Saved = {};
    for (const [k, list] of Object.entries(value)) {
      if (Array.isArray(list) && list.length <= 20 && list.every(isGuess)) out[k] = list;
    }
    return out;
  } catch {
    return {};
  }
}

interface PredictionState {
  guesses: Saved;
  /** Sets the guess for question `index` of the lesson `key` (null clears it). */
  setGuess(key: string, index: number, guess: Guess | null): void;
}

export const usePredictionStore = create<PredictionState>()((set, get) => ({
  guesses: loadGuesses(sessionStore()),
  setGuess(key, index, guess) {
    const current = get().guesses;
    const list = [...(current[key] ?? [])];
    while (list.length <= index) list.push(null);
    list[index] = guess;
    const { [key]: _old, ...rest } = current;
    const keys = Object.keys(rest);
    for (const k of keys.slice(0, Math.max(0, keys.length - (MAX_LESSONS - 1)))) delete rest[k];
    const guesses = { ...rest, [key]: list };
    set({ guesses });
    try {
      sessionStore()?.setItem(PREDICT_STORAGE_KEY, JSON.stringify(guesses));
    } catch {
      // A full or blocked storage: the guess stays in memory for this page.
    }
  },
}));
