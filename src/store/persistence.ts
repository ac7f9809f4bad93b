/**
 * The last edited scenario survives a reload (localStorage), with the time it was last edited.
 * A corrupted saved value is ignored with a notice; it never crashes the app. A storage that is full
 * or unavailable is said once (see StorageHealth) and the app keeps working in memory.
 *
 * Saved formats (every one that ever landed must still load; test/store/fixtures holds one of each):
 * - `scalelab.scenario.v1`: the raw scenario JSON as the editor holds it (since the first app commit).
 * - `scalelab.scenario.v1.editedAt`: epoch ms of the last edit, as decimal text (added with the
 *   recent list; absent in older saves, which then read as "edited at an unknown time").
 * - `scalelab.recent.v1`: the recent list (see recent.ts).
 */
import { asRawScenario, type RawScenario } from './model';

export const STORAGE_KEY = 'scalelab.scenario.v1';
export const EDITED_AT_KEY = 'scalelab.scenario.v1.editedAt';

/** The subset of Storage used here (so tests can pass a fake, and a missing storage is survivable). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

export interface SavedLoad {
  input: RawScenario | null;
  /** Epoch ms of the last edit when it was saved (older saves have none). */
  editedAt?: number;
  /** Set when something was saved but could not be used. */
  notice?: string;
}

export function loadSaved(storage: StorageLike | undefined): SavedLoad {
  let text: string | null;
  let editedText: string | null;
  try {
    text = storage?.getItem(STORAGE_KEY) ?? null;
    editedText = storage?.getItem(EDITED_AT_KEY) ?? null;
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
  const editedAt = editedText === null ? Number.NaN : Number(editedText);
  return Number.isFinite(editedAt) && editedAt > 0 ? { input, editedAt } : { input };
}

/**
 * Saves; a full or blocked storage is not worth crashing over. Returns whether it worked (false
 * with no storage at all, so the caller can say the work lives in memory only).
 */
export function save(storage: StorageLike | undefined, input: RawScenario, editedAt?: number): boolean {
  if (!storage) return false;
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(input));
    if (editedAt !== undefined) storage.setItem(EDITED_AT_KEY, String(editedAt));
    return true;
  } catch {
    return false;
  }
}

/**
 * Remembers whether the storage has failed, so the user is told once (not on every keystroke) that
 * work is kept in memory only; a later success re-arms the notice.
 */
export class StorageHealth {
  private warned = false;
  constructor(private readonly warn: (text: string) => void) {}

  /** Reports the outcome of a write; warns on the first failure after a success. */
  report(ok: boolean): boolean {
    if (ok) this.warned = false;
    else if (!this.warned) {
      this.warned = true;
      this.warn(
        "The browser's storage is full or unavailable: your work is kept in this tab's memory, but will not survive a reload. Export it as a file to keep it.",
      );
    }
    return ok;
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
