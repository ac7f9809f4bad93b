import { describe, expect, it } from 'vitest';
import { emptyScenario } from '../../src/store/model';
import { loadSaved, STORAGE_KEY, type StorageLike, save } from '../../src/store/persistence';

function memory(initial?: string): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  if (initial !== undefined) data.set(STORAGE_KEY, initial);
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('persistence', () => {
  it('round-trips the scenario', () => {
    const storage = memory();
    const s = { ...emptyScenario(), name: 'mine', nodes: [{ id: 'app', type: 'appServer' }] };
    expect(save(storage, s)).toBe(true);
    expect(loadSaved(storage)).toEqual({ input: s });
  });

  it('reports nothing saved as no scenario and no notice', () => {
    expect(loadSaved(memory())).toEqual({ input: null });
    expect(loadSaved(undefined)).toEqual({ input: null });
  });

  it('ignores corrupted JSON with a notice, never throws', () => {
    const r = loadSaved(memory('{"format":"scalelab/scen'));
    expect(r.input).toBeNull();
    expect(r.notice).toMatch(/corrupted/);
  });

  it('ignores JSON that is not a scenario', () => {
    for (const bad of ['42', 'null', '[]', '{"nodes":"no"}', '"text"']) {
      const r = loadSaved(memory(bad));
      expect(r.input).toBeNull();
      expect(r.notice).toBeTruthy();
    }
  });

  it('drops malformed nodes and edges but keeps the rest of the work', () => {
    const r = loadSaved(
      memory(
        JSON.stringify({
          name: 'x',
          nodes: [{ id: 'a', type: 'cache' }, 7, { id: 3 }],
          edges: [null, { from: 'a', to: 'b' }],
        }),
      ),
    );
    expect(r.input?.nodes).toEqual([{ id: 'a', type: 'cache' }]);
    expect(r.input?.edges).toEqual([{ from: 'a', to: 'b' }]);
  });

  it('survives a storage that throws on read and on write', () => {
    const hostile: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadSaved(hostile).input).toBeNull();
    expect(save(hostile, emptyScenario())).toBe(false);
  });
});
