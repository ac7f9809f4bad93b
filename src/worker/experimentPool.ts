/**
 * The app's pool of experiment workers: navigator.hardwareConcurrency − 1 Web Workers (1..8, so
 * the live run keeps a core), each running one run at a time. Workers start on first use and stay
 * for the next experiment; cancel tells every busy worker to drop its run (seen within one slice).
 */
import type { RunOutput, RunTask } from '../experiments/run';
import type { RunPool } from '../experiments/runner';
import type { FromRunWorker, ToRunWorker } from './experimentProtocol';

/** What the pool needs of a Worker (tests pass an in-process fake). */
export interface RunWorkerLike {
  postMessage(message: ToRunWorker): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<FromRunWorker>) => void): void;
  terminate?(): void;
}

/** Pool size for a machine with `cores` logical cores: one fewer (the live run's), 1..8. */
export function poolSize(cores: number | undefined): number {
  const c = Number.isFinite(cores) && (cores ?? 0) > 0 ? Math.floor(cores as number) : 2;
  return Math.min(8, Math.max(1, c - 1));
}

interface Pending {
  resolve(out: RunOutput): void;
  reject(err: Error): void;
  onProgress(fraction: number): void;
}

export class WebWorkerPool implements RunPool {
  private readonly workers: (RunWorkerLike | null)[];
  private readonly busy = new Map<number, number>(); // slot → run id
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly spawn: () => RunWorkerLike,
    readonly size: number,
  ) {
    this.workers = Array.from({ length: size }, () => null);
  }

  private worker(slot: number): RunWorkerLike {
    let w = this.workers[slot];
    if (!w) {
      w = this.spawn();
      w.addEventListener('message', (e) => this.receive(slot, e.data));
      this.workers[slot] = w;
    }
    return w;
  }

  run(slot: number, task: RunTask, onProgress: (fraction: number) => void): Promise<RunOutput> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.busy.set(slot, id);
      this.worker(slot).postMessage({ type: 'run', id, task });
    });
  }

  cancel(): void {
    for (const slot of this.busy.keys()) this.workers[slot]?.postMessage({ type: 'cancel' });
    this.busy.clear();
    this.pending.clear();
  }

  private receive(slot: number, m: FromRunWorker): void {
    const p = this.pending.get(m.id);
    if (!p) return; // a cancelled run's last word
    if (m.type === 'progress') return p.onProgress(m.fraction);
    this.pending.delete(m.id);
    if (this.busy.get(slot) === m.id) this.busy.delete(slot);
    if (m.type === 'done') p.resolve(m.output);
    else p.reject(new Error(m.message));
  }
}

/** The real pool: workers bundled by Vite as their own chunk. */
export function createWebWorkerPool(
  size = poolSize(globalThis.navigator?.hardwareConcurrency),
): WebWorkerPool {
  return new WebWorkerPool(
    () =>
      new Worker(new URL('./experimentWorker.ts', import.meta.url), {
        type: 'module',
      }) as unknown as RunWorkerLike,
    size,
  );
}
