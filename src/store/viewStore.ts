/** What the user is looking at: selection, theme, panels, chart cursor, toasts and notices. */
import { create } from 'zustand';
import { immer } from 'zustand/middleware/immer';

export type Theme = 'light' | 'dark';

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

/** A problem with a scenario link, shown in the validation list (the saved work stays untouched). */
export interface LinkProblem {
  path: string;
  message: string;
}

/** The tabs under the canvas: charts, failures by reason, theory beside the run, experiments. */
export type BelowTab = 'charts' | 'failures' | 'request' | 'theory' | 'experiments';

export interface ViewState {
  /** Selected node id, or null. */
  selected: string | null;
  theme: Theme;
  /** Side panels. */
  panels: { gallery: boolean; charts: boolean };
  /** Which tab shows under the canvas. Default charts. */
  tab: BelowTab;
  /** Shared chart cursor, simulated ms. */
  cursorMs: number | null;
  /** Open node menu: which node and where on screen (px). */
  menu: { node: string; x: number; y: number } | null;
  toasts: Toast[];
  /** Problems with the link the page was opened with (or a file that was imported). */
  linkProblems: LinkProblem[];
  /** The file the problems are about; null when they are about the link. */
  linkSource: string | null;
  /** The welcome card for first visits. */
  welcome: boolean;
  /** Bumped when the canvas should fit the whole graph into view (a new scenario was opened). */
  fitToken: number;
  requestFit(): void;
  select(id: string | null): void;
  setTheme(theme: Theme): void;
  togglePanel(panel: keyof ViewState['panels']): void;
  setCursor(ms: number | null): void;
  setTab(tab: BelowTab): void;
  openMenu(menu: ViewState['menu']): void;
  toast(text: string, tone?: Toast['tone']): void;
  dismissToast(id: number): void;
  /** `source`: the imported file's name (default: the link). */
  setLinkProblems(problems: LinkProblem[], source?: string | null): void;
  setWelcome(on: boolean): void;
}

let toastSeq = 0;
/** How long a toast stays, ms. */
export const TOAST_MS = 5000;

function initialTheme(): Theme {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return 'light';
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const useViewStore = create<ViewState>()(
  immer((set) => ({
    selected: null,
    theme: initialTheme(),
    panels: { gallery: true, charts: true },
    tab: 'charts',
    cursorMs: null,
    menu: null,
    toasts: [],
    linkProblems: [],
    linkSource: null,
    welcome: false,
    fitToken: 0,
    requestFit: () =>
      set((s) => {
        s.fitToken++;
      }),
    select: (id) =>
      set((s) => {
        s.selected = id;
      }),
    setTheme: (theme) =>
      set((s) => {
        s.theme = theme;
      }),
    togglePanel: (panel) =>
      set((s) => {
        s.panels[panel] = !s.panels[panel];
      }),
    setCursor: (ms) =>
      set((s) => {
        s.cursorMs = ms;
      }),
    setTab: (tab) =>
      set((s) => {
        s.tab = tab;
      }),
    openMenu: (menu) =>
      set((s) => {
        s.menu = menu;
      }),
    toast: (text, tone = 'info') => {
      const id = ++toastSeq;
      set((s) => {
        s.toasts.push({ id, text, tone });
        if (s.toasts.length > 4) s.toasts.shift();
      });
      if (typeof setTimeout === 'function') {
        setTimeout(
          () =>
            set((s) => {
              s.toasts = s.toasts.filter((t) => t.id !== id);
            }),
          TOAST_MS,
        );
      }
    },
    dismissToast: (id) =>
      set((s) => {
        s.toasts = s.toasts.filter((t) => t.id !== id);
      }),
    setLinkProblems: (problems, source = null) =>
      set((s) => {
        s.linkProblems = problems;
        s.linkSource = source;
      }),
    setWelcome: (on) =>
      set((s) => {
        s.welcome = on;
      }),
  })),
);
