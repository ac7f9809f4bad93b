/**
 * Every saved format that ever landed still opens: each fixture is the localStorage of one version
 * (see the list in src/store/persistence.ts), started into a session as a returning visit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { emptyScenario } from '../../src/store/model';
import { loadSaved, type StorageLike } from '../../src/store/persistence';
import { useRecentStore } from '../../src/store/recent';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { startSession, stopSession } from '../../src/store/session';
import { validate } from '../../src/store/validation';
import { useViewStore } from '../../src/store/viewStore';
import { SimClient } from '../../src/worker/client';
import { FakeWorker } from '../ui/helpers';

const DIR = join(import.meta.dirname, 'fixtures');
const fixtures = readdirSync(DIR)
  .filter((f) => f.startsWith('saved-') && f.endsWith('.json'))
  .map((f) => ({
    file: f,
    ...(JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { storage: Record<string, string> }),
  }));

function storageOf(values: Record<string, string>): StorageLike {
  const data = new Map(Object.entries(values));
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('saved-format fixtures', () => {
  beforeEach(() => {
    stopSession();
    useScenarioStore.getState().reset(emptyScenario());
    useRecentStore.setState({ entries: [] });
    useViewStore.setState({ toasts: [], linkProblems: [], welcome: false });
  });

  it('there is one fixture per saved version (3 so far)', () => {
    expect(fixtures.map((f) => f.file).sort()).toEqual([
      'saved-v1-2026-11-21.json',
      'saved-v1-float-edits.json',
      'saved-v1-with-recent.json',
    ]);
  });

  for (const fx of fixtures) {
    it(`${fx.file} opens as the saved work, valid, with its edits and recent list`, async () => {
      const storage = storageOf(fx.storage);
      const saved = JSON.parse(fx.storage['scalelab.scenario.v1']);
      expect(loadSaved(storage).input).toEqual(saved);
      await startSession(new SimClient(new FakeWorker()), {
        storage,
        hash: '',
        loadDefault: async () => {
          throw new Error('a returning visit must not load the first preset');
        },
        clearHash: () => {},
      });
      const input = useScenarioStore.getState().input;
      expect(input).toEqual(saved);
      const parsed = validate(input);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      expect(useViewStore.getState().toasts).toEqual([]);
      expect(useViewStore.getState().welcome).toBe(false);
      const recent = fx.storage['scalelab.recent.v1'];
      const expected = recent
        ? (JSON.parse(recent) as { entries: { name: string }[] }).entries.map((e) => e.name)
        : [];
      expect(useRecentStore.getState().entries.map((e) => e.name)).toEqual(expected);
      for (const e of useRecentStore.getState().entries) expect(validate(e.scenario).ok).toBe(true);
      stopSession();
    });
  }
});
