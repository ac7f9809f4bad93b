/**
 * The app's session on the real simulation, in process: the stores and actions talk to a SimClient
 * whose "worker" is a SimDriver on a fake wall clock. Each advance() costs fake wall time in
 * proportion to the events it ran, so 1×, 10× and max slice the run the way the browser does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSimulation } from '../../src/scenario/build';
import type { Result } from '../../src/scenario/resultTypes';
import { emptyScenario, type RawScenario } from '../../src/store/model';
import { useRunStore } from '../../src/store/runStore';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { startSession, stopSession } from '../../src/store/session';
import { useViewStore } from '../../src/store/viewStore';
import { SimClient, type WorkerLike } from '../../src/worker/client';
import { SimDriver } from '../../src/worker/driver';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';

/** Fake wall ms one simulated event costs (≈ 2 M events/s, like a laptop). */
const EVENT_COST_MS = 0.0005;

export function preset(file: string): RawScenario {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../presets', `${file}.json`), 'utf8'));
}

/** A structured-clone boundary both ways, as between the page and a Web Worker. */
class InProcessWorker implements WorkerLike {
  readonly clock = { t: 0 };
  private readonly tasks: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;
  private listener: ((e: MessageEvent<FromWorker>) => void) | null = null;
  /** Simulated ms of the latest snapshot or status the worker posted. */
  simMs = 0;
  readonly driver = new SimDriver(
    (scenario, options) => {
      const sim = buildSimulation(scenario, options);
      const advance = sim.advance.bind(sim);
      sim.advance = (until: number) => {
        const n = advance(until);
        this.clock.t += n * EVENT_COST_MS;
        return n;
      };
      return sim;
    },
    {
      post: (m) => {
        if (m.type === 'snapshot') this.simMs = m.snapshot.nowMs;
        else if (m.type === 'status') this.simMs = m.nowMs;
        this.listener?.({ data: structuredClone(m) } as MessageEvent<FromWorker>);
      },
      now: () => this.clock.t,
      schedule: (fn, delay) => this.tasks.push({ at: this.clock.t + delay, seq: this.seq++, fn }),
    },
  );
  postMessage(m: ToWorker): void {
    this.driver.handle(structuredClone(m));
  }
  addEventListener(_: 'message', l: (e: MessageEvent<FromWorker>) => void): void {
    this.listener = l;
  }
  /** Runs the next scheduled task (moving the clock to it); false when none is left. */
  tick(): boolean {
    if (this.tasks.length === 0) return false;
    let best = 0;
    for (let i = 1; i < this.tasks.length; i++) {
      const a = this.tasks[i];
      const b = this.tasks[best];
      if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) best = i;
    }
    const [task] = this.tasks.splice(best, 1);
    this.clock.t = Math.max(this.clock.t, task.at);
    task.fn();
    return true;
  }
}

/** Lets promise continuations (an edit's acknowledgement, recordEdit) run. */
export const settle = () => new Promise<void>((r) => setTimeout(r, 0));

/** Starts a session on `scenario` (as saved work) or on a `#s=` link. */
export async function liveSession(opening: { scenario?: RawScenario; hash?: string }) {
  stopSession();
  useScenarioStore.getState().reset(emptyScenario());
  useRunStore.setState({
    status: 'loading',
    nowMs: 0,
    endMs: 0,
    speed: '1x',
    traffic: 1,
    snapshot: null,
    series: null,
    result: null,
    spikeUntilMs: null,
  });
  useViewStore.setState({ selected: null, toasts: [], linkProblems: [], menu: null, welcome: false });
  const worker = new InProcessWorker();
  const saved = opening.scenario ? JSON.stringify(opening.scenario) : null;
  await startSession(new SimClient(worker), {
    storage: { getItem: () => saved, setItem: () => {} },
    hash: opening.hash ?? '',
    loadDefault: async () => null,
    clearHash: () => {},
  });
  /** Runs worker tasks until the simulated clock reaches `ms` (or the run stops). */
  const runUntil = async (ms: number) => {
    while (worker.simMs < ms && useRunStore.getState().status === 'running') {
      if (!worker.tick()) break;
    }
    // The page publishes the time once per animation frame; the actions read it from the store.
    useRunStore.setState({ nowMs: worker.simMs });
    await settle();
  };
  const finish = async () => {
    while (useRunStore.getState().status !== 'finished' && worker.tick()) {}
    await settle();
  };
  return { worker, runUntil, finish };
}

/** The result without its `run` section (wall-clock figures), as JSON text. */
export function resultJson(result: Result | null): string {
  if (!result) throw new Error('no result');
  const { run: _run, ...rest } = result;
  return JSON.stringify(rest);
}

/** The first paths at which two JSON values differ (a readable failure instead of two huge strings). */
export function firstDifferences(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= 5) return out;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys)
      firstDifferences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
        out,
      );
  } else if (!Object.is(a, b)) out.push(`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  return out;
}
