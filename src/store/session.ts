/**
 * Wires the stores to the simulation worker: rebuilds the run when the scenario changes, records
 * live edits into the scenario's events, coalesces snapshots to one publish per animation frame,
 * persists the scenario, and opens what the app starts with (openAtStart: link > saved work > first preset).
 */

import type { LiveEdit, LiveSnapshot } from '../scenario/simulationTypes';
import type { SimClient } from '../worker/client';
import type { FromWorker } from '../worker/protocol';
import { finishedSnapshot } from './finished';
import type { RawEvent, RawScenario } from './model';
import type { StartOptions } from './opening';
import { openAtStart, saveCurrent } from './opening';
import type { StorageLike } from './persistence';
import { useRunStore } from './runStore';
import { simulationKey, useScenarioStore } from './scenarioStore';
import { LIVE_POINTS, SeriesRing } from './seriesRing';
import { validate } from './validation';
import { useViewStore } from './viewStore';

/** Quiet time after the last edit before the run is rebuilt, ms (typing should not rebuild per key). */
export const RELOAD_DEBOUNCE_MS = 150;
/** Chart series are republished at most this often while running, ms. */
export const SERIES_PUBLISH_MS = 500;

interface SessionState {
  client: SimClient;
  ring: SeriesRing;
  storage: StorageLike | undefined;
  lastKey: string;
  /** Token of the last load the worker confirmed; messages before the current load's are stale. */
  loadedToken: number;
  suppressReload: boolean;
  reloadTimer: ReturnType<typeof setTimeout> | null;
  frame: number | null;
  pendingSnapshot: LiveSnapshot | null;
  lastSeriesPublish: number;
  disposers: (() => void)[];
}

let session: SessionState | null = null;

export function currentClient(): SimClient | null {
  return session?.client ?? null;
}

const raf: (cb: () => void) => number =
  typeof requestAnimationFrame === 'function'
    ? (cb) => requestAnimationFrame(cb)
    : (cb) => setTimeout(cb, 16) as unknown as number;

function publish(): void {
  const s = session;
  if (!s) return;
  s.frame = null;
  const snap = s.pendingSnapshot;
  s.pendingSnapshot = null;
  if (!snap) return;
  const run = useRunStore.getState();
  const now = typeof performance !== 'undefined' ? performance.now() : 0;
  if (run.status === 'finished' && run.result) {
    // The result came first: its series and measured figures stand; a late snapshot adds only state.
    run.set({ snapshot: finishedSnapshot(snap, run.result), nowMs: snap.nowMs });
    return;
  }
  const patch: Parameters<typeof run.set>[0] = {
    snapshot: mergeSnapshot(run.snapshot, snap),
    nowMs: snap.nowMs,
  };
  if (now - s.lastSeriesPublish >= SERIES_PUBLISH_MS || run.status !== 'running' || snap.finished) {
    s.lastSeriesPublish = now;
    patch.series = s.ring.toSeries();
  }
  run.set(patch);
}

/**
 * A snapshot over a zero interval (an edit while paused) carries no rates: keep the previous
 * rates and take only the state (health, queues, failures).
 */
function mergeSnapshot(prev: LiveSnapshot | null, next: LiveSnapshot): LiveSnapshot {
  if (!prev || prev.nowMs !== next.nowMs) return next;
  const nodes: LiveSnapshot['nodes'] = {};
  for (const [id, n] of Object.entries(next.nodes)) {
    const p = prev.nodes[id];
    nodes[id] = p ? { ...n, utilization: p.utilization, throughputRps: p.throughputRps } : n;
  }
  return {
    ...next,
    rps: prev.rps,
    p50Ms: prev.p50Ms,
    p99Ms: prev.p99Ms,
    errorRate: prev.errorRate,
    nodes,
    edges: prev.edges,
  };
}

function onMessage(m: FromWorker): void {
  const s = session;
  if (!s) return;
  const run = useRunStore.getState();
  switch (m.type) {
    case 'loaded':
      s.loadedToken = m.token;
      if (m.token === s.client.currentToken) run.set({ endMs: m.endMs, nowMs: 0 });
      return;
    case 'loadFailed':
      if (m.token === s.client.currentToken) run.set({ status: 'failed', message: m.message });
      return;
    case 'status':
      if (s.loadedToken !== s.client.currentToken) return;
      run.set({ status: m.status, nowMs: m.nowMs, endMs: m.endMs });
      return;
    case 'snapshot':
      if (s.loadedToken !== s.client.currentToken) return;
      s.ring.push(m.snapshot);
      s.pendingSnapshot = m.snapshot;
      if (s.frame === null) s.frame = raf(publish);
      return;
    case 'result':
      if (m.id === null && s.loadedToken === s.client.currentToken)
        run.set({
          result: m.result,
          series: m.result.series,
          snapshot: run.snapshot ? finishedSnapshot(run.snapshot, m.result) : null,
        });
      return;
    case 'insight':
      if (s.loadedToken === s.client.currentToken) run.set({ insight: m.insight });
      return;
    case 'traces':
      if (s.loadedToken === s.client.currentToken) run.set({ traces: m.traces });
      return;
    case 'error':
      useViewStore.getState().toast(m.message, 'error');
      return;
    case 'edited':
      return;
  }
}

/** Rebuilds the run from t = 0 with the current scenario (now, not debounced). */
export function reloadNow(): void {
  const s = session;
  if (!s) return;
  if (s.reloadTimer) clearTimeout(s.reloadTimer);
  s.reloadTimer = null;
  const input = useScenarioStore.getState().input;
  s.lastKey = simulationKey(input);
  s.ring.clear();
  s.pendingSnapshot = null;
  const reset = {
    snapshot: null,
    series: null,
    result: null,
    insight: null,
    traces: null,
    nowMs: 0,
    spikeUntilMs: null,
    message: null,
  };
  if (input.nodes.length === 0 && (input.events ?? []).length === 0) {
    useRunStore.getState().set({ ...reset, status: 'empty' });
    return;
  }
  const parsed = validate(input);
  if (!parsed.ok) {
    useRunStore.getState().set({ ...reset, status: 'invalid' });
    return;
  }
  useRunStore.getState().set({ ...reset, status: 'loading', endMs: parsed.scenario.duration });
  s.client.load(parsed.scenario, parsed.scenario.seed);
  s.client.setSpeed(useRunStore.getState().speed);
}

/** Applies any pending debounced rebuild at once (before play, so play plays what is on screen). */
export function flushReload(): void {
  if (session?.reloadTimer) reloadNow();
}

function onScenarioChange(input: RawScenario, prev: RawScenario): void {
  const s = session;
  if (!s || input === prev) return;
  saveCurrent(input);
  const key = simulationKey(input);
  if (key === s.lastKey) return;
  s.lastKey = key;
  if (s.suppressReload) {
    s.suppressReload = false;
    return;
  }
  if (s.reloadTimer) clearTimeout(s.reloadTimer);
  s.reloadTimer = setTimeout(reloadNow, RELOAD_DEBOUNCE_MS);
}

/**
 * Records an applied live edit into the scenario's events at `atMs` (undoable; no rebuild, since
 * the running simulation already has it). `rebuild` forces a rebuild (the edit targeted an older run).
 */
export function recordEdit(edit: LiveEdit, atMs: number, rebuild = false): void {
  if (session && !rebuild) session.suppressReload = true;
  // The exact float64 instant (JSON round-trips it): a rounded time would replay a different run.
  const event: RawEvent = { at: atMs, ...edit } as RawEvent;
  useScenarioStore.getState().edit((d) => {
    d.events ??= [];
    d.events.push(event);
  });
  if (session) session.suppressReload = false;
}

export type { StartOptions } from './opening';

/** Starts the session: picks the opening scenario, subscribes, and loads the first run. */
export async function startSession(client: SimClient, opts: StartOptions): Promise<() => void> {
  stopSession();
  const s: SessionState = {
    client,
    ring: new SeriesRing(LIVE_POINTS),
    storage: opts.storage,
    lastKey: '',
    loadedToken: -1,
    suppressReload: false,
    reloadTimer: null,
    frame: null,
    pendingSnapshot: null,
    lastSeriesPublish: 0,
    disposers: [],
  };
  session = s;
  s.disposers.push(client.onMessage(onMessage));
  const view = useViewStore.getState();

  const opened = await openAtStart(opts, (text) => view.toast(text, 'error'));
  if (session !== s) return () => {};
  if (opened.welcome) view.setWelcome(true);
  s.disposers.push(useScenarioStore.subscribe((st, prev) => onScenarioChange(st.input, prev.input)));
  reloadNow();
  return stopSession;
}

export function stopSession(): void {
  const s = session;
  if (!s) return;
  if (s.reloadTimer) clearTimeout(s.reloadTimer);
  for (const d of s.disposers) d();
  session = null;
}
