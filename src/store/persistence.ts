/**
 * The last edited scenario survives a reload (localStorage). A corrupted saved value is ignored
 * with a notice; it never crashes the app.
 */
import { asRawScenario, type RawScenario } from './model';

export const STORAGE_KEY = 'scalelab.scenario.v1';

/** The subset of Storage used here (so tests can pass a fake, and a missing storage is survivable). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

export interface SavedLoad {
  input: RawScenario | null;
  /** Set when something was saved but could not be used. */
  notice?: string;
}

export function loadSaved(storage: StorageLike | undefined): SavedLoad {
  let text: string | null;
  try {
    text = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return { input: null, notice: 'Saved work could not be read (storage unavailable).' };
  }
  if (text === null) return { input: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { input: null, notice: 'Your saved scenario was corrupted and has been ignored.' };
  }
  const input = asRawScenario(value);
  if (!input) return { input: null, notice: 'Your saved scenario was not a scenario and has been ignored.' };
  return { input };
}

/** Saves; a full or blocked storage is not worth crashing over. Returns whether it worked. */
export function save(storage: StorageLike | undefined, input: RawScenario): boolean {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(input));
    return true;
  } catch {
    return false;
  }
}

/** Browser storage, or undefined where there is none (or access throws, as in some privacy modes). */
export function browserStorage(): StorageLike | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
