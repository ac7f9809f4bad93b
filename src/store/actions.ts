/**
 * What the UI can do to the scenario and the run. Before a run starts (and after it finished) edits
 * change the scenario itself and the run is rebuilt; while a run is under way (running or paused
 * past t = 0) they are applied to the running simulation and recorded as timed events.
 */

import type { LiveEdit } from '../scenario/simulationTypes';
import { canConnect } from '../scenario/wiring';
import type { Speed } from '../worker/protocol';
import { nextNodeId, nodeAt, setPath, shownGraph } from './graph';
import { asRawScenario, type RawNode, type RawScenario } from './model';
import { newNode } from './nodeDefaults';
import { openScenario } from './opening';
import { hasSimulation, isLive, useRunStore } from './runStore';
import { useScenarioStore } from './scenarioStore';
import { currentClient, flushReload, recordEdit, reloadNow } from './session';
import { SPIKE_FACTOR, SPIKE_MS, trafficAt, trafficEdits } from './traffic';
import { validate } from './validation';
import { useViewStore } from './viewStore';

const toast = (text: string, tone: 'info' | 'error' = 'error') => useViewStore.getState().toast(text, tone);

export function play(): void {
  const client = currentClient();
  const { status } = useRunStore.getState();
  if (!client) return;
  if (status === 'finished') reloadNow();
  else flushReload();
  const now = useRunStore.getState().status;
  if (now === 'invalid' || now === 'empty' || now === 'failed') {
    toast(
      now === 'empty' ? 'Add some nodes or open a preset first.' : 'Fix the problems listed before running.',
    );
    return;
  }
  useViewStore.getState().setWelcome(false);
  client.play();
}

export function pause(): void {
  currentClient()?.pause();
}

export function togglePlay(): void {
  if (useRunStore.getState().status === 'running') pause();
  else play();
}

export function step(): void {
  const client = currentClient();
  if (!client) return;
  if (useRunStore.getState().status === 'finished') reloadNow();
  else flushReload();
  if (hasSimulation(useRunStore.getState().status) || useRunStore.getState().status === 'loading')
    client.step();
}

export function setSpeed(speed: Speed): void {
  useRunStore.getState().set({ speed });
  currentClient()?.setSpeed(speed);
}

/** Rebuilds the run at t = 0 (recorded edits replay). */
export function restart(): void {
  reloadNow();
}

/**
 * Applies a live edit now (or at `atMs`) and records it. A finished run restarts first (the edit
 * then applies at 0). Without a simulation (an invalid scenario) the event is only recorded.
 */
export async function liveEdit(edit: LiveEdit, atMs?: number): Promise<boolean> {
  const client = currentClient();
  let status = useRunStore.getState().status;
  if (status === 'finished') {
    reloadNow();
    status = useRunStore.getState().status;
  } else flushReload();
  if (!client || !(hasSimulation(status) || status === 'loading')) {
    recordEdit(edit, atMs ?? 0, true);
    return true;
  }
  const token = client.currentToken;
  const outcome = await client.edit(edit, atMs);
  if (!outcome.ok) {
    toast(outcome.message);
    return false;
  }
  recordEdit(edit, outcome.atMs, token !== client.currentToken);
  return true;
}

function live(): boolean {
  return isLive(useRunStore.getState().status);
}

function input(): RawScenario {
  return useScenarioStore.getState().input;
}

function findShown(id: string) {
  return shownGraph(input()).nodes.find((n) => n.node.id === id);
}

export function addNode(type: string, pos: [number, number]): string {
  const id = nextNodeId(input(), type);
  const node = newNode(type, id, pos);
  if (live()) void liveEdit({ do: 'add-node', node });
  else useScenarioStore.getState().edit((d) => void d.nodes.push(node));
  useViewStore.getState().select(id);
  return id;
}

/** True when an event mentions node `id` (as its target or an edge end). */
function eventTouches(ev: { node?: unknown; edge?: { from: string; to: string } }, id: string): boolean {
  if (ev.node === id) return true;
  if (typeof ev.node === 'object' && ev.node && (ev.node as RawNode).id === id) return true;
  return !!ev.edge && (ev.edge.from === id || ev.edge.to === id);
}

export function removeNode(id: string): void {
  if (!findShown(id)) return;
  if (useViewStore.getState().selected === id) useViewStore.getState().select(null);
  if (live()) {
    void liveEdit({ do: 'remove-node', node: id });
    return;
  }
  useScenarioStore.getState().edit((d) => {
    d.nodes = d.nodes.filter((n) => n.id !== id);
    d.edges = d.edges.filter((e) => e.from !== id && e.to !== id);
    if (d.events) d.events = d.events.filter((ev) => !eventTouches(ev, id));
  });
}

/** Wires from → to, or explains (toast) why not. Returns whether the edge was made. */
export function connect(from: string, to: string): boolean {
  const a = findShown(from)?.node;
  const b = findShown(to)?.node;
  if (!a || !b) return false;
  if (from === to) {
    toast('A node cannot call itself.');
    return false;
  }
  if (shownGraph(input()).edges.some((e) => e.from === from && e.to === to)) {
    toast(`${from} is already wired to ${to}.`);
    return false;
  }
  const verdict = canConnect(a as never, b as never);
  if (!verdict.ok) {
    toast(verdict.reason);
    return false;
  }
  if (live()) void liveEdit({ do: 'add-edge', edge: { from, to } });
  else useScenarioStore.getState().edit((d) => void d.edges.push({ from, to }));
  return true;
}

export function removeEdge(from: string, to: string): void {
  if (live()) {
    void liveEdit({ do: 'remove-edge', edge: { from, to } });
    return;
  }
  useScenarioStore.getState().edit((d) => {
    d.edges = d.edges.filter((e) => !(e.from === from && e.to === to));
  });
}

/** Cosmetic: never rebuilds the run, never recorded as an event. One undo entry per call. */
export function moveNode(id: string, pos: [number, number]): void {
  const shown = findShown(id);
  if (!shown) return;
  useScenarioStore.getState().edit((d) => {
    const node = nodeAt(d, shown.ref);
    if (node) node.pos = [Math.round(pos[0]), Math.round(pos[1])];
  });
}

/** Edits a node's definition (design time; the run is rebuilt). `undefined` restores the default. */
export function editNode(id: string, recipe: (node: RawNode) => void): void {
  const shown = findShown(id);
  if (!shown) return;
  useScenarioStore.getState().edit((d) => {
    const node = nodeAt(d, shown.ref);
    if (node) recipe(node);
  });
}

/** Edits a top-level scenario field (name, duration, seed…). */
export function editScenario(recipe: (d: RawScenario) => void): void {
  useScenarioStore.getState().edit(recipe);
}

export function failNode(id: string): void {
  void liveEdit({ do: 'fail', node: id });
}

export function recoverNode(id: string): void {
  void liveEdit({ do: 'recover', node: id });
}

/** Service times × factor from now (1 = normal speed). */
export function slowNode(id: string, factor: number): void {
  void liveEdit({ do: 'slow', node: id, factor });
}

/**
 * Runs `fn` as one undo step: every event it records (a spike's rise and its return, each client's
 * share of a slider move) goes away with one Undo. Inside a gesture already open (a drag) it joins that one.
 */
async function asOneStep(fn: () => Promise<void>): Promise<void> {
  const store = useScenarioStore.getState();
  const mine = store.gestureBase === null;
  if (mine) store.beginGesture();
  try {
    await fn();
  } finally {
    if (mine) useScenarioStore.getState().endGesture();
  }
}

/** Sets the traffic multiplier (slider), applied live as `set trafficScale` edits (one undo step). */
export async function setTraffic(multiplier: number): Promise<void> {
  useRunStore.getState().set({ traffic: multiplier });
  const now = useRunStore.getState().nowMs;
  await asOneStep(async () => {
    for (const edit of trafficEdits(input(), multiplier, now)) await liveEdit(edit);
  });
}

/** True while a "hug of death" is under way at the current simulated time. */
export function spiking(): boolean {
  const run = useRunStore.getState();
  return run.spikeUntilMs !== null && isLive(run.status) && run.nowMs < run.spikeUntilMs;
}

/**
 * The "hug of death": traffic × 10 for 30 s of simulated time, both ends recorded as edits and
 * undone together. A second click while one runs says so instead of stacking another.
 */
export async function spike(): Promise<void> {
  if (spiking()) {
    const until = useRunStore.getState().spikeUntilMs as number;
    return void toast(`A spike is already running (until ${(until / 1000).toFixed(1)} s).`, 'info');
  }
  const run = useRunStore.getState();
  if (run.status === 'finished') reloadNow();
  const start = useRunStore.getState().nowMs;
  // The base is the traffic in force now (a link's recorded slider move included), not ×1.
  const t = trafficAt(input(), start);
  await asOneStep(async () => {
    let firstAt: number | null = null;
    for (const edit of trafficEdits(input(), t * SPIKE_FACTOR, start)) {
      const client = currentClient();
      if (!client || !hasSimulation(useRunStore.getState().status))
        return void toast('Nothing to spike: the scenario cannot run yet.');
      const outcome = await client.edit(edit);
      if (!outcome.ok) return void toast(outcome.message);
      firstAt ??= outcome.atMs;
      recordEdit(edit, outcome.atMs);
    }
    if (firstAt === null) return void toast('A spike needs a client node.');
    const endAt = firstAt + SPIKE_MS;
    useRunStore.getState().set({ spikeUntilMs: endAt });
    for (const edit of trafficEdits(input(), t, endAt)) await liveEdit(edit, endAt);
    toast(`Hug of death: traffic ×${SPIKE_FACTOR} until ${(endAt / 1000).toFixed(1)} s.`, 'info');
  });
}

/** Replaces the scenario (preset, import); undoable, the old one kept under Recent; the run rebuilds. */
export function loadScenario(next: RawScenario): void {
  openScenario(next);
  // A scenario was chosen: the welcome card has done its job (and must not cover the canvas).
  useViewStore.getState().setWelcome(false);
}

/**
 * Changes one parameter. While a run is under way a scalar change is applied live as a `set` edit
 * (recorded); otherwise the node's definition changes and the run rebuilds.
 */
export async function setParam(id: string, path: string, value: unknown): Promise<boolean> {
  if (live() && (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')) {
    return liveEdit({ do: 'set', node: id, path, value });
  }
  editNode(id, (node) => setPath(node, path, value));
  return true;
}

/**
 * Opens an imported file through the same gate as a link: a file that is not a valid scenario
 * lists every problem (in the validation list) and leaves the canvas as it was.
 */
export function importScenario(value: unknown, fileName: string): boolean {
  const raw = asRawScenario(value);
  const parsed = raw ? validate(raw) : null;
  const view = useViewStore.getState();
  if (!raw || !parsed) {
    view.setLinkProblems(
      [{ path: '', message: 'the file does not hold a scenario (it has no "nodes" list)' }],
      fileName,
    );
    return false;
  }
  if (!parsed.ok) {
    view.setLinkProblems(parsed.errors, fileName);
    return false;
  }
  view.setLinkProblems([]);
  loadScenario(raw);
  toast(`Opened ${fileName}. Undo (Ctrl+Z) goes back; the previous scenario is also under Recent.`, 'info');
  return true;
}
