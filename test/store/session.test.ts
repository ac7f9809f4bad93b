import { beforeEach, describe, expect, it } from 'vitest';
import { encodeScenarioLink } from '../../src/share/link';
import { emptyScenario, type RawScenario } from '../../src/store/model';
import { STORAGE_KEY, type StorageLike } from '../../src/store/persistence';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { recordEdit, startSession, stopSession } from '../../src/store/session';
import { useViewStore } from '../../src/store/viewStore';
import { SimClient } from '../../src/worker/client';
import { FakeWorker, twoNodeScenario } from '../ui/helpers';

function memory(initial?: string): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  if (initial !== undefined) data.set(STORAGE_KEY, initial);
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const preset: RawScenario = { ...twoNodeScenario(), name: 'first preset' };

async function start(storage: StorageLike, hash = '') {
  const worker = new FakeWorker();
  let cleared = false;
  await startSession(new SimClient(worker), {
    storage,
    hash,
    loadDefault: async () => structuredClone(preset),
    clearHash: () => void (cleared = true),
  });
  return { worker, cleared: () => cleared };
}

describe('session start-up', () => {
  beforeEach(() => {
    stopSession();
    useScenarioStore.getState().reset(emptyScenario());
    useViewStore.setState({ toasts: [], linkProblems: [], welcome: false });
  });

  it('opens the first preset on a first visit, with the welcome card', async () => {
    const { worker } = await start(memory());
    expect(useScenarioStore.getState().input.name).toBe('first preset');
    expect(useViewStore.getState().welcome).toBe(true);
    expect(worker.types()).toContain('load');
  });

  it('survives corrupted saved work: ignored with a notice, never a crash', async () => {
    await start(memory('{not json'));
    expect(useScenarioStore.getState().input.name).toBe('first preset');
    expect(
      useViewStore
        .getState()
        .toasts.map((t) => t.text)
        .join(),
    ).toMatch(/corrupted/);
  });

  it('reopens the saved work and saves every change', async () => {
    const storage = memory(JSON.stringify({ ...twoNodeScenario(), name: 'mine' }));
    await start(storage);
    expect(useScenarioStore.getState().input.name).toBe('mine');
    useScenarioStore.getState().edit((d) => void (d.name = 'mine, edited'));
    expect(JSON.parse(storage.data.get(STORAGE_KEY)!).name).toBe('mine, edited');
  });

  it('a valid #s= link wins over saved work, and the fragment is dropped', async () => {
    const hash = await encodeScenarioLink({ ...twoNodeScenario(), name: 'shared' });
    const storage = memory(JSON.stringify({ ...twoNodeScenario(), name: 'mine' }));
    const { cleared } = await start(storage, hash);
    expect(useScenarioStore.getState().input.name).toBe('shared');
    expect(cleared()).toBe(true);
  });

  it('an invalid link shows its problems and leaves the saved work alone', async () => {
    const saved = JSON.stringify({ ...twoNodeScenario(), name: 'mine' });
    const storage = memory(saved);
    const bad = await encodeScenarioLink({
      ...twoNodeScenario(),
      nodes: [{ id: 'app', type: 'appServer', cores: -3 }],
    });
    const { cleared } = await start(storage, bad);
    expect(useViewStore.getState().linkProblems.some((p) => p.path === 'nodes[0].cores')).toBe(true);
    expect(useScenarioStore.getState().input.name).toBe('mine');
    expect(storage.data.get(STORAGE_KEY)).toBe(saved);
    expect(cleared()).toBe(false);
    await start(memory(saved), '#s=1.garbage!!');
    expect(useViewStore.getState().linkProblems[0].path).toBe('link');
  });

  it('records a live edit as a timed event without rebuilding the run', async () => {
    const { worker } = await start(memory(JSON.stringify(twoNodeScenario())));
    const loads = worker.types().filter((t) => t === 'load').length;
    recordEdit({ do: 'fail', node: 'app' }, 12_345.5);
    expect(useScenarioStore.getState().input.events).toEqual([{ at: 12_345.5, do: 'fail', node: 'app' }]);
    await new Promise((r) => setTimeout(r, 250));
    expect(worker.types().filter((t) => t === 'load').length).toBe(loads);
  });
});
