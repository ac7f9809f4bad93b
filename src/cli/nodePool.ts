/**
 * The CLI's pool: `size` Node worker threads (default: available cores − 1, at least 1), each
 * running one run at a time. Cancel terminates them all at once; close() lets the process exit.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunOutput, RunTask } from '../experiments/run';
import type { RunPool } from '../experiments/runner';
import type { FromThread, ToThread } from './runWorker';

/** Default pool size: one fewer than the cores (the coordinating thread's), at least 1. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * The worker's entry. Run from source (tsx, vitest), a thread does not inherit the TypeScript
 * loader, so a small bootstrap registers tsx in it before importing the entry.
 */
function spawn(): Worker {
  const entry = new URL('./runWorker.ts', import.meta.url);
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(
    join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true });
}

interface Pending {
  resolve(out: RunOutput): void;
  reject(err: Error): void;
  onProgress(fraction: number): void;
}

export class NodeWorkerPool implements RunPool {
  private readonly threads: (Worker | null)[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(readonly size: number = defaultWorkers()) {
    this.threads = Array.from({ length: size }, () => null);
  }

  private thread(slot: number): Worker {
    let w = this.threads[slot];
    if (!w) {
      const t = spawn();
      t.on('message', (m: FromThread) => this.receive(m));
      t.on('error', (err) => {
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          p.reject(err);
        }
      });
      this.threads[slot] = t;
      w = t;
    }
    return w;
  }

  run(slot: number, task: RunTask, onProgress: (fraction: number) => void): Promise<RunOutput> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.thread(slot).postMessage({ id, task } satisfies ToThread);
    });
  }

  private receive(m: FromThread): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if ('progress' in m) return p.onProgress(m.progress);
    this.pending.delete(m.id);
    if ('output' in m) p.resolve(m.output);
    else p.reject(new Error(m.error));
  }

  cancel(): void {
    this.pending.clear();
    void this.close();
  }

  /** Ends every thread. */
  async close(): Promise<void> {
    const threads = this.threads.filter((t): t is Worker => t !== null);
    this.threads.fill(null);
    await Promise.all(threads.map((t) => t.terminate()));
  }
}
