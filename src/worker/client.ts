/** The typed client the UI uses to talk to the simulation worker. */
import type { Result } from '../scenario/resultTypes';
import type { LiveEdit } from '../scenario/simulationTypes';
import type { Scenario } from '../scenario/types';
import type { FromWorker, Speed, ToWorker } from './protocol';

/** What the client needs of a Worker (so tests can pass an in-process fake). */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<FromWorker>) => void): void;
  terminate?(): void;
}

export type EditOutcome = { ok: true; atMs: number } | { ok: false; message: string };

export class SimClient {
  private listeners = new Set<(m: FromWorker) => void>();
  private nextId = 1;
  private loadToken = 0;
  private edits = new Map<number, (o: EditOutcome) => void>();
  private results = new Map<number, (r: Result) => void>();

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (e) => this.receive(e.data));
  }

  /** Subscribes to every message; returns the unsubscribe function. */
  onMessage(listener: (m: FromWorker) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads a scenario; returns the token the matching `loaded` message carries. */
  load(scenario: Scenario, seed: number): number {
    const token = ++this.loadToken;
    this.worker.postMessage({ type: 'load', token, scenario, seed });
    return token;
  }

  /** Token of the latest load (messages for older loads are stale). */
  get currentToken(): number {
    return this.loadToken;
  }

  play(): void {
    this.worker.postMessage({ type: 'play' });
  }

  pause(): void {
    this.worker.postMessage({ type: 'pause' });
  }

  step(ms?: number): void {
    this.worker.postMessage({ type: 'step', ms });
  }

  setSpeed(speed: Speed): void {
    this.worker.postMessage({ type: 'setSpeed', speed });
  }

  /** Applies an edit now (or at a later simulated time); resolves with when it applied. */
  edit(edit: LiveEdit, atMs?: number): Promise<EditOutcome> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.edits.set(id, resolve);
      this.worker.postMessage({ type: 'edit', id, edit, atMs });
    });
  }

  requestResult(): Promise<Result> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.results.set(id, resolve);
      this.worker.postMessage({ type: 'requestResult', id });
    });
  }

  terminate(): void {
    this.worker.terminate?.();
  }

  private receive(m: FromWorker): void {
    if (m.type === 'edited') {
      const resolve = this.edits.get(m.id);
      this.edits.delete(m.id);
      resolve?.(m.ok ? { ok: true, atMs: m.atMs } : { ok: false, message: m.message });
    } else if (m.type === 'result' && m.id !== null) {
      const resolve = this.results.get(m.id);
      this.results.delete(m.id);
      resolve?.(m.result);
    }
    for (const l of this.listeners) l(m);
  }
}

/** Starts the real worker (bundled by Vite as a separate module chunk). */
export function createSimClient(): SimClient {
  const worker = new Worker(new URL('./simWorker.ts', import.meta.url), { type: 'module' });
  return new SimClient(worker as unknown as WorkerLike);
}
