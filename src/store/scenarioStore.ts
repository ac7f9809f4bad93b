/**
 * The scenario being edited (raw scenario@1 JSON), undoable. History holds whole snapshots: immer
 * shares every unchanged branch, so a snapshot costs only the path that changed. One history entry
 * per gesture: between beginGesture() and endGesture() (a node drag, a focus session in a field)
 * edits update the scenario without adding entries; the gesture commits once at its end.
 */
import { produce } from 'immer';
import { create } from 'zustand';
import { emptyScenario, type RawScenario } from './model';

/** Undo depth; older entries are dropped. */
export const HISTORY_LIMIT = 200;

export interface ScenarioState {
  input: RawScenario;
  past: RawScenario[];
  future: RawScenario[];
  /** The scenario as it was when the current gesture began (null outside a gesture). */
  gestureBase: RawScenario | null;
  /** Applies an immer recipe to the scenario; one undo entry unless inside a gesture. */
  edit(recipe: (draft: RawScenario) => void): void;
  /** Replaces the whole scenario (preset, import, link); undoable. */
  replace(input: RawScenario): void;
  /** Replaces the scenario and forgets the history (startup). */
  reset(input: RawScenario): void;
  beginGesture(): void;
  endGesture(): void;
  undo(): void;
  redo(): void;
}

function pushPast(past: RawScenario[], entry: RawScenario): RawScenario[] {
  const next = [...past, entry];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

export const useScenarioStore = create<ScenarioState>()((set, get) => ({
  input: emptyScenario(),
  past: [],
  future: [],
  gestureBase: null,

  edit(recipe) {
    const { input, gestureBase, past } = get();
    const next = produce(input, recipe);
    if (next === input) return;
    if (gestureBase) set({ input: next });
    else set({ input: next, past: pushPast(past, input), future: [] });
  },

  replace(input) {
    const s = get();
    if (s.gestureBase) s.endGesture();
    set({ input, past: pushPast(get().past, get().input), future: [] });
  },

  reset(input) {
    set({ input, past: [], future: [], gestureBase: null });
  },

  beginGesture() {
    if (!get().gestureBase) set({ gestureBase: get().input });
  },

  endGesture() {
    const { gestureBase, input, past } = get();
    if (!gestureBase) return;
    if (gestureBase === input) set({ gestureBase: null });
    else set({ gestureBase: null, past: pushPast(past, gestureBase), future: [] });
  },

  undo() {
    get().endGesture();
    const { past, input, future } = get();
    if (past.length === 0) return;
    set({ input: past[past.length - 1], past: past.slice(0, -1), future: [input, ...future] });
  },

  redo() {
    get().endGesture();
    const { past, input, future } = get();
    if (future.length === 0) return;
    set({ input: future[0], future: future.slice(1), past: pushPast(past, input) });
  },
}));

/**
 * What the simulation depends on: everything except canvas positions and titles. When this key
 * changes for any reason other than a recorded live edit, the run is rebuilt from t = 0.
 */
export function simulationKey(input: RawScenario): string {
  return JSON.stringify(input, (key, value) => (key === 'pos' || key === 'summary' ? undefined : value));
}
