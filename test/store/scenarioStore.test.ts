import { beforeEach, describe, expect, it } from 'vitest';
import { emptyScenario } from '../../src/store/model';
import { HISTORY_LIMIT, simulationKey, useScenarioStore } from '../../src/store/scenarioStore';

const store = () => useScenarioStore.getState();

describe('scenarioStore history', () => {
  beforeEach(() => store().reset(emptyScenario()));

  it('adds one undo entry per edit outside a gesture', () => {
    store().edit((d) => void (d.name = 'a'));
    store().edit((d) => void (d.name = 'b'));
    expect(store().past).toHaveLength(2);
    store().undo();
    expect(store().input.name).toBe('a');
    store().undo();
    expect(store().input.name).toBe('Untitled');
    store().redo();
    store().redo();
    expect(store().input.name).toBe('b');
  });

  it('commits a whole gesture (a drag, a typing session) as one entry', () => {
    store().edit((d) => void d.nodes.push({ id: 'app', type: 'appServer', pos: [0, 0] }));
    store().beginGesture();
    for (let x = 1; x <= 50; x++) store().edit((d) => void (d.nodes[0].pos = [x, x]));
    expect(store().past).toHaveLength(1);
    store().endGesture();
    expect(store().past).toHaveLength(2);
    expect(store().input.nodes[0].pos).toEqual([50, 50]);
    store().undo();
    expect(store().input.nodes[0].pos).toEqual([0, 0]);
    store().redo();
    expect(store().input.nodes[0].pos).toEqual([50, 50]);
  });

  it('adds no entry for a gesture that changed nothing', () => {
    store().beginGesture();
    store().endGesture();
    expect(store().past).toHaveLength(0);
  });

  it('a new edit clears the redo list; replace is undoable', () => {
    store().edit((d) => void (d.name = 'a'));
    store().undo();
    expect(store().future).toHaveLength(1);
    store().edit((d) => void (d.name = 'c'));
    expect(store().future).toHaveLength(0);
    store().replace({ ...emptyScenario(), name: 'preset' });
    expect(store().input.name).toBe('preset');
    store().undo();
    expect(store().input.name).toBe('c');
  });

  it('bounds the history', () => {
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) store().edit((d) => void (d.seed = i + 2));
    expect(store().past).toHaveLength(HISTORY_LIMIT);
  });

  it('ignores canvas positions in the simulation key (moving a node never rebuilds the run)', () => {
    const a = { ...emptyScenario(), nodes: [{ id: 'x', type: 'cache', pos: [0, 0] as [number, number] }] };
    const b = { ...a, nodes: [{ ...a.nodes[0], pos: [5, 9] as [number, number] }] };
    const c = { ...a, nodes: [{ ...a.nodes[0], capacity: 5 }] };
    expect(simulationKey(a)).toBe(simulationKey(b));
    expect(simulationKey(a)).not.toBe(simulationKey(c));
  });
});
