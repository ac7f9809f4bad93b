/**
 * The recent list: scenarios that were on the canvas when something else was opened (a link, a
 * file, a preset, another recent entry), newest first, so opening never destroys the work being
 * edited. Kept in localStorage under `scalelab.recent.v1` as
 * `{"format":"scalelab/recent@1","entries":[{"id","name","editedAt","scenario"}]}`; when storage
 * is full or missing the list lives on in memory (the caller is told through `save`'s result).
 */
import { create } from 'zustand';
import { asRawScenario, type RawScenario } from './model';
import type { StorageLike } from './persistence';

export const RECENT_KEY = 'scalelab.recent.v1';
export const RECENT_FORMAT = 'scalelab/recent@1';
/** How many scenarios the list keeps; the oldest drop off. */
export const RECENT_LIMIT = 20;

export interface RecentEntry {
  /** Unique within the list (for React keys and restore). */
  id: string;
  name: string;
  /** Epoch ms of the scenario's last edit (or of when it left the canvas, if that is unknown). */
  editedAt: number;
  scenario: RawScenario;
}

interface RecentState {
  entries: RecentEntry[];
}

export const useRecentStore = create<RecentState>()(() => ({ entries: [] }));

let seq = 0;
function newId(editedAt: number): string {
  return `${editedAt.toString(36)}-${(++seq).toString(36)}`;
}

/** Nothing worth keeping: an empty canvas with no recorded events. */
export function isBlank(s: RawScenario): boolean {
  return s.nodes.length === 0 && (s.events ?? []).length === 0;
}

/** Reads the saved list; anything unreadable is dropped (the list is a convenience, never a crash). */
export function loadRecent(storage: StorageLike | undefined): RecentEntry[] {
  let text: string | null = null;
  try {
    text = storage?.getItem(RECENT_KEY) ?? null;
  } catch {
    return [];
  }
  if (text === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const list = (value as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(list)) return [];
  const out: RecentEntry[] = [];
  for (const e of list.slice(0, RECENT_LIMIT)) {
    const scenario = asRawScenario((e as { scenario?: unknown } | null)?.scenario);
    if (!scenario) continue;
    const editedAt = Number((e as { editedAt?: unknown }).editedAt);
    out.push({
      id: newId(Number.isFinite(editedAt) ? editedAt : 0),
      name: scenario.name,
      editedAt: Number.isFinite(editedAt) ? editedAt : 0,
      scenario,
    });
  }
  return out;
}

/** Writes the list; false when the storage is missing, full or refuses. */
export function saveRecent(storage: StorageLike | undefined, entries: RecentEntry[]): boolean {
  if (!storage) return false;
  try {
    storage.setItem(
      RECENT_KEY,
      JSON.stringify({
        format: RECENT_FORMAT,
        entries: entries.map(({ name, editedAt, scenario }) => ({ name, editedAt, scenario })),
      }),
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * The list with `scenario` put on top. A blank scenario is not kept; one identical to an entry
 * already listed moves that entry up instead of adding a copy.
 */
export function withRemembered(
  entries: RecentEntry[],
  scenario: RawScenario,
  editedAt: number,
): RecentEntry[] {
  if (isBlank(scenario)) return entries;
  const json = JSON.stringify(scenario);
  const rest = entries.filter((e) => JSON.stringify(e.scenario) !== json);
  const entry: RecentEntry = { id: newId(editedAt), name: scenario.name, editedAt, scenario };
  return [entry, ...rest].slice(0, RECENT_LIMIT);
}
