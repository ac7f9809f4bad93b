/**
 * Opening never loses work, and a storage that is full or missing never loses the scenario in memory:
 * links arriving in an open tab go through the same gate as at start-up (same problems, same result),
 * the scenario they replace goes to the recent list and is one Undo away.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { encodeScenarioLink } from '../../src/share/link';
import { emptyScenario, type RawScenario } from '../../src/store/model';
import { openLink, restoreRecent, watchLinks } from '../../src/store/opening';
import { STORAGE_KEY, type StorageLike } from '../../src/store/persistence';
import { RECENT_KEY, RECENT_LIMIT, useRecentStore } from '../../src/store/recent';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { startSession, stopSession } from '../../src/store/session';
import { useViewStore } from '../../src/store/viewStore';
import { SimClient } from '../../src/worker/client';
import { hostileLinks } from '../share/hostileLinks';
import { FakeWorker, twoNodeScenario } from '../ui/helpers';

function memory(initial?: RawScenario): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  if (initial) data.set(STORAGE_KEY, JSON.stringify(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

/** Reads fine, refuses every write (a full quota). */
function full(initial?: RawScenario): StorageLike & { writes: number } {
  const m = memory(initial);
  const s = {
    writes: 0,
    getItem: m.getItem,
    setItem: () => {
      s.writes++;
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    },
  };
  return s;
}

const mine: RawScenario = { ...twoNodeScenario(), name: 'mine' };
const preset: RawScenario = { ...twoNodeScenario(), name: 'first preset' };

let hash = '';
async function start(storage: StorageLike | undefined, startHash = '') {
  hash = startHash;
  await startSession(new SimClient(new FakeWorker()), {
    storage,
    hash: startHash,
    loadDefault: async () => structuredClone(preset),
    clearHash: () => void (hash = ''),
  });
}

const name = () => useScenarioStore.getState().input.name;
const recentNames = () => useRecentStore.getState().entries.map((e) => e.name);
const toasts = () => useViewStore.getState().toasts.filter((t) => t.tone === 'error');

describe('opening links, files and presets', () => {
  beforeEach(() => {
    stopSession();
    useScenarioStore.getState().reset(emptyScenario());
    useRecentStore.setState({ entries: [] });
    useViewStore.setState({ toasts: [], linkProblems: [], welcome: false });
  });

  it('each hostile link gives the same outcome in an open tab as in a fresh one', async () => {
    for (const link of hostileLinks()) {
      // Fresh tab, the user's work saved.
      await start(memory(mine), link.hash);
      const fresh = {
        problems: useViewStore.getState().linkProblems,
        name: name(),
        hash,
        recent: recentNames(),
      };
      // Open tab on the same saved work; the link arrives later.
      useViewStore.setState({ linkProblems: [] });
      useRecentStore.setState({ entries: [] });
      await start(memory(mine));
      hash = link.hash;
      await openLink(link.hash);
      const open = {
        problems: useViewStore.getState().linkProblems,
        name: name(),
        hash,
        recent: recentNames(),
      };
      expect(open, link.name).toEqual(fresh);
      if (link.outcome === 'refused') {
        expect(fresh.name, link.name).toBe('mine');
        expect(fresh.problems.map((p) => p.message).join(' '), link.name).toMatch(link.says!);
        expect(fresh.hash, link.name).toBe(link.hash);
      } else {
        expect(fresh.problems, link.name).toEqual([]);
        expect(fresh.recent, link.name).toEqual(['mine']);
        expect(fresh.hash, link.name).toBe('');
      }
      useRecentStore.setState({ entries: [] });
      useViewStore.setState({ linkProblems: [] });
    }
  });

  it('a valid link keeps the edited scenario in recent, and Undo brings it back', async () => {
    const storage = memory(mine);
    await start(storage);
    useScenarioStore.getState().edit((d) => void (d.name = 'mine, edited'));
    await openLink(await encodeScenarioLink({ ...twoNodeScenario(), name: 'shared' }));
    expect(name()).toBe('shared');
    expect(recentNames()).toEqual(['mine, edited']);
    expect(JSON.parse(storage.data.get(RECENT_KEY)!).entries[0].scenario.name).toBe('mine, edited');
    useScenarioStore.getState().undo();
    expect(name()).toBe('mine, edited');
  });

  it('a link in a fresh tab puts the saved work into recent, one Undo away', async () => {
    await start(memory(mine), await encodeScenarioLink({ ...twoNodeScenario(), name: 'shared' }));
    expect(name()).toBe('shared');
    expect(recentNames()).toEqual(['mine']);
    useScenarioStore.getState().undo();
    expect(name()).toBe('mine');
  });

  it('restores a recent entry in one click, keeping the replaced one; the list holds the last 20', async () => {
    await start(memory(mine));
    for (let i = 0; i < RECENT_LIMIT + 5; i++) {
      await openLink(await encodeScenarioLink({ ...twoNodeScenario(), name: `link ${i}` }));
    }
    expect(recentNames()).toHaveLength(RECENT_LIMIT);
    expect(recentNames()[0]).toBe(`link ${RECENT_LIMIT + 3}`);
    const oldest = useRecentStore.getState().entries.at(-1)!;
    expect(oldest.name).toBe('link 4');
    restoreRecent(oldest.id);
    expect(name()).toBe('link 4');
    expect(recentNames()[0]).toBe(`link ${RECENT_LIMIT + 4}`);
    expect(recentNames()).not.toContain('link 4');
  });

  it('the same scenario is listed once', async () => {
    await start(memory(mine));
    const link = await encodeScenarioLink({ ...twoNodeScenario(), name: 'shared' });
    await openLink(link);
    useScenarioStore.getState().undo();
    await openLink(link);
    expect(recentNames()).toEqual(['mine']);
  });

  it('a full storage: said once, every edit kept in memory, opening still keeps the work in recent', async () => {
    const storage = full(mine);
    await start(storage);
    expect(name()).toBe('mine');
    for (let i = 0; i < 5; i++) useScenarioStore.getState().edit((d) => void (d.name = `edit ${i}`));
    expect(name()).toBe('edit 4');
    expect(storage.writes).toBeGreaterThan(5);
    expect(toasts()).toHaveLength(1);
    expect(toasts()[0].text).toMatch(/full or unavailable.*memory/);
    await openLink(await encodeScenarioLink({ ...twoNodeScenario(), name: 'shared' }));
    expect(recentNames()).toEqual(['edit 4']);
    expect(toasts()).toHaveLength(1);
    useScenarioStore.getState().undo();
    expect(name()).toBe('edit 4');
  });

  it('no storage at all: said once at start, the app works in memory', async () => {
    await start(undefined);
    expect(name()).toBe('first preset');
    useScenarioStore.getState().edit((d) => void (d.name = 'x'));
    expect(toasts()).toHaveLength(1);
  });

  it('listens for hashchange and for a link pasted outside a text field', async () => {
    await start(memory(mine));
    const win = new EventTarget() as EventTarget & { location: { hash: string } };
    win.location = { hash: '' };
    const stop = watchLinks(win as unknown as Window);
    win.location.hash = await encodeScenarioLink({ ...twoNodeScenario(), name: 'via hash' });
    win.dispatchEvent(new Event('hashchange'));
    await new Promise((r) => setTimeout(r, 50));
    expect(name()).toBe('via hash');

    const paste = (text: string, target?: object) => {
      const e = new Event('paste', { cancelable: true }) as Event & { clipboardData: unknown };
      e.clipboardData = { getData: () => text };
      if (target) Object.defineProperty(e, 'target', { value: target });
      win.dispatchEvent(e);
      return e;
    };
    const url = `https://example.org/scalelab/${await encodeScenarioLink({ ...twoNodeScenario(), name: 'pasted' })}`;
    expect(paste(url, { tagName: 'INPUT' }).defaultPrevented).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(name()).toBe('via hash');
    expect(paste(url).defaultPrevented).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(name()).toBe('pasted');
    expect(recentNames()).toEqual(['via hash', 'mine']);
    stop();
  });
});
