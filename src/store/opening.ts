/**
 * Opening a scenario — a link (at start-up, on `hashchange`, pasted into the page), a file, a
 * preset or a recent entry — through one gate, so every way in gives the same outcome:
 * - a link is decoded (bounded; see share/link.ts) and validated; any problem goes to the
 *   validation list (`linkProblems`) and the scenario on the canvas stays as it is;
 * - opening never destroys the work being edited: the scenario on the canvas goes to the recent
 *   list first, and the replacement is one undo step (Undo right after opening brings it back).
 */
import { decodeScenarioLink } from '../share/link';
import { asRawScenario, type RawScenario } from './model';
import { loadSaved, StorageHealth, type StorageLike, save } from './persistence';
import { isBlank, loadRecent, saveRecent, useRecentStore, withRemembered } from './recent';
import { useRunStore } from './runStore';
import { useScenarioStore } from './scenarioStore';
import { validate } from './validation';
import { type LinkProblem, useViewStore } from './viewStore';

interface OpeningContext {
  storage: StorageLike | undefined;
  health: StorageHealth;
  /** Drops the fragment once a link has been opened (so a reload shows the saved work). */
  clearHash(): void;
}

let ctx: OpeningContext | null = null;
/** Epoch ms of the last edit of the scenario on the canvas (shown when it moves to the recent list). */
let editedAt = 0;
/** Bumped per link opening: a slow decode must not win over a link opened after it. */
let linkSeq = 0;

const now = (): number => Date.now();

/** Called by the session at start-up (and by tests). */
export function configureOpening(context: OpeningContext | null, lastEditedAt = now()): void {
  ctx = context;
  editedAt = lastEditedAt;
}

/** Saves the scenario on the canvas as just edited (a storage failure is said once, not thrown). */
export function saveCurrent(input: RawScenario): void {
  editedAt = now();
  if (ctx) ctx.health.report(save(ctx.storage, input, editedAt));
}

/** Whether a fragment, URL or pasted text holds a scenario link (`s=` after `#` or `&`). */
export function hasScenarioLink(text: string): boolean {
  return /#(?:[^#]*&)?s=/.test(text) || text.startsWith('s=');
}

export type LinkCheck = { ok: true; input: RawScenario } | { ok: false; problems: LinkProblem[] };

/** The single gate for links: decode (bounded), shape-check, validate. Never throws. */
export async function checkLink(hash: string): Promise<LinkCheck> {
  const decoded = await decodeScenarioLink(hash);
  if (!decoded.ok) return { ok: false, problems: [{ path: 'link', message: decoded.error }] };
  const raw = asRawScenario(decoded.input);
  if (!raw) return { ok: false, problems: [{ path: 'link', message: 'the link does not hold a scenario' }] };
  const parsed = validate(raw);
  if (!parsed.ok) return { ok: false, problems: parsed.errors };
  return { ok: true, input: raw };
}

/** Puts the scenario on the canvas into the recent list (unless it is blank). */
function rememberCurrent(): void {
  const current = useScenarioStore.getState().input;
  if (isBlank(current)) return;
  const entries = withRemembered(useRecentStore.getState().entries, current, editedAt);
  useRecentStore.setState({ entries });
  if (ctx) ctx.health.report(saveRecent(ctx.storage, entries));
}

/**
 * Replaces the scenario on the canvas (undoable) after keeping the current one in the recent list.
 * `first`: nothing worth keeping is on the canvas yet (start-up): no undo step, nothing remembered.
 */
export function openScenario(next: RawScenario, first = false): void {
  if (first) useScenarioStore.getState().reset(next);
  else {
    rememberCurrent();
    useScenarioStore.getState().replace(next);
  }
  editedAt = now();
  useViewStore.getState().select(null);
  useViewStore.getState().requestFit();
  useRunStore.getState().set({ traffic: 1 });
}

/**
 * Opens a link in the running app: on success the scenario replaces the canvas (the old one goes
 * to recent, Undo brings it back) and the fragment is dropped; on failure the problems are listed
 * and nothing else changes — exactly what the same link does in a fresh tab.
 */
export async function openLink(hash: string, checked?: LinkCheck): Promise<boolean> {
  const mine = ++linkSeq;
  const check = checked ?? (await checkLink(hash));
  if (mine !== linkSeq) return false;
  const view = useViewStore.getState();
  if (!check.ok) {
    view.setLinkProblems(check.problems);
    return false;
  }
  view.setLinkProblems([]);
  const previous = useScenarioStore.getState().input;
  openScenario(check.input, isBlank(previous));
  ctx?.clearHash();
  if (!isBlank(previous))
    view.toast(
      `Opened “${check.input.name}”. Undo brings back “${previous.name}” (also under Recent).`,
      'info',
    );
  return true;
}

/** Restores a recent entry in one click; the scenario it replaces takes its place in the list. */
export function restoreRecent(id: string): void {
  const entry = useRecentStore.getState().entries.find((e) => e.id === id);
  if (!entry) return;
  useRecentStore.setState({ entries: useRecentStore.getState().entries.filter((e) => e.id !== id) });
  openScenario(entry.scenario);
  editedAt = entry.editedAt;
}

/** True when a paste lands in a field, where it must paste text as usual. */
function isEditable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return (
    el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable
  );
}

/**
 * Opens links that arrive while the app is open: a changed fragment (a link pasted into the address
 * bar of this tab) and a link pasted anywhere on the page outside a text field. Returns a disposer.
 */
export function watchLinks(win: Window): () => void {
  const onHash = () => {
    if (hasScenarioLink(win.location.hash)) void openLink(win.location.hash);
  };
  const onPaste = (e: ClipboardEvent) => {
    if (isEditable(e.target)) return;
    const text = e.clipboardData?.getData('text/plain')?.trim() ?? '';
    if (!hasScenarioLink(text)) return;
    e.preventDefault();
    void openLink(text);
  };
  win.addEventListener('hashchange', onHash);
  win.addEventListener('paste', onPaste);
  return () => {
    win.removeEventListener('hashchange', onHash);
    win.removeEventListener('paste', onPaste);
  };
}

export interface StartOptions {
  storage: StorageLike | undefined;
  /** The URL fragment the page opened with. */
  hash: string;
  /** Loads the scenario a first visit opens with (the first preset). */
  loadDefault(): Promise<RawScenario | null>;
  /** Drops the fragment once a link has been loaded (so a reload shows the saved work). */
  clearHash(): void;
}

/**
 * What the app starts with: the saved work (or, on a first visit, the first preset), then the
 * link of the page if there is one, through the same gate and with the same outcome as a link
 * opened later (the saved work goes to recent and is one Undo away). `warn` gets storage notices.
 */
export async function openAtStart(
  opts: StartOptions,
  warn: (text: string) => void,
): Promise<{ welcome: boolean }> {
  const health = new StorageHealth(warn);
  const saved = loadSaved(opts.storage);
  if (saved.notice) warn(saved.notice);
  useRecentStore.setState({ entries: loadRecent(opts.storage) });
  configureOpening({ storage: opts.storage, health, clearHash: opts.clearHash }, saved.editedAt);
  const link = hasScenarioLink(opts.hash) ? await checkLink(opts.hash) : null;
  let welcome = false;
  let first = saved.input;
  if (!first && !link?.ok) {
    first = await opts.loadDefault();
    welcome = first !== null;
  }
  if (first) openScenario(first, true);
  if (saved.editedAt !== undefined) editedAt = saved.editedAt;
  if (link && !link.ok) useViewStore.getState().setLinkProblems(link.problems);
  if (link?.ok) {
    await openLink(opts.hash, link);
    useViewStore.setState({ welcome: false });
  }
  const current = useScenarioStore.getState().input;
  // Says at once when there is no storage at all (private modes), not at the first edit.
  health.report(save(opts.storage, current, editedAt));
  return { welcome };
}
