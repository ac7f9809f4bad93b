/** The typed client the UI uses to run experiments in their own worker. */
import type { ExperimentOutcome, FromExperiment, RunSummary, ToExperiment } from './experimentProtocol';

/** What the client needs of a Worker (tests pass an in-process fake). */
export interface ExperimentWorkerLike {
  postMessage(message: ToExperiment): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<FromExperiment>) => void): void;
  terminate?(): void;
}

export interface ExperimentCallbacks {
  /** `done` of `total` runs (fractional). */
  onProgress?(done: number, total: number): void;
  /** Run `index` ended with these figures. */
  onRun?(index: number, summary: RunSummary): void;
}

/** How an experiment ended: its outcome, or cancelled, or failed with a sentence. */
export type ExperimentEnd =
  | { status: 'done'; outcome: ExperimentOutcome }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

type Without<T extends ToExperiment['type']> = Omit<Extract<ToExperiment, { type: T }>, 'id'>;
/** A job without its id (the client numbers them). */
export type ExperimentRequest = Without<'sweep'> | Without<'replicate'> | Without<'compare'>;

export class ExperimentClient {
  private nextId = 1;
  private pending = new Map<number, { cb: ExperimentCallbacks; resolve(end: ExperimentEnd): void }>();

  constructor(private readonly worker: ExperimentWorkerLike) {
    worker.addEventListener('message', (e) => this.receive(e.data));
  }

  /** Starts an experiment (replacing any under way); returns its id and how it ends. */
  start(
    request: ExperimentRequest,
    cb: ExperimentCallbacks = {},
  ): { id: number; end: Promise<ExperimentEnd> } {
    const id = this.nextId++;
    const end = new Promise<ExperimentEnd>((resolve) => this.pending.set(id, { cb, resolve }));
    this.worker.postMessage({ ...request, id } as ToExperiment);
    return { id, end };
  }

  cancel(id: number): void {
    this.worker.postMessage({ type: 'cancel', id });
  }

  private receive(m: FromExperiment): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    switch (m.type) {
      case 'progress':
        return p.cb.onProgress?.(m.done, m.total);
      case 'run':
        return p.cb.onRun?.(m.index, m.summary);
      case 'done':
        this.pending.delete(m.id);
        return p.resolve({ status: 'done', outcome: m.outcome });
      case 'cancelled':
        this.pending.delete(m.id);
        return p.resolve({ status: 'cancelled' });
      case 'failed':
        this.pending.delete(m.id);
        return p.resolve({ status: 'failed', message: m.message });
    }
  }
}

/** Starts the real experiment worker (bundled by Vite as its own chunk). */
export function createExperimentClient(): ExperimentClient {
  const worker = new Worker(new URL('./experimentWorker.ts', import.meta.url), { type: 'module' });
  return new ExperimentClient(worker as unknown as ExperimentWorkerLike);
}
