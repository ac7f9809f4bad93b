/** Shared set-up for component tests: fresh stores and a session on a fake worker. */

import { emptyScenario, type RawScenario } from '../../src/store/model';
import { useRunStore } from '../../src/store/runStore';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { startSession, stopSession } from '../../src/store/session';
import { useViewStore } from '../../src/store/viewStore';
import { SimClient, type WorkerLike } from '../../src/worker/client';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';

export class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  private listener: ((e: MessageEvent<FromWorker>) => void) | null = null;
  postMessage(m: ToWorker) {
    this.sent.push(m);
  }
  addEventListener(_: 'message', l: (e: MessageEvent<FromWorker>) => void) {
    this.listener = l;
  }
  /** Delivers a message as the worker would. */
  emit(m: FromWorker) {
    this.listener?.({ data: m } as MessageEvent<FromWorker>);
  }
  types() {
    return this.sent.map((m) => m.type);
  }
}

export function twoNodeScenario(): RawScenario {
  return {
    ...emptyScenario(),
    name: 'test',
    duration: '60s',
    nodes: [
      { id: 'users', type: 'client', pos: [0, 0], rate: 100 },
      { id: 'app', type: 'appServer', pos: [250, 0], cores: 4 },
    ],
    edges: [{ from: 'users', to: 'app' }],
  };
}

/** Resets every store and starts a session on a fake worker with `scenario` saved as the user's work. */
export async function freshSession(scenario: RawScenario = twoNodeScenario()) {
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
  });
  useViewStore.setState({ selected: null, toasts: [], linkProblems: [], menu: null, welcome: false });
  const worker = new FakeWorker();
  const client = new SimClient(worker);
  const saved = JSON.stringify(scenario);
  await startSession(client, {
    storage: { getItem: () => saved, setItem: () => {} },
    hash: '',
    loadDefault: async () => null,
    clearHash: () => {},
  });
  return { worker, client };
}
