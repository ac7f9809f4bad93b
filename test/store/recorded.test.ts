import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearEvents,
  recordedCount,
  recordedRows,
  removeEvent,
  setEventTime,
  setEventValue,
} from '../../src/store/recorded';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { twoNodeScenario } from '../ui/helpers';

function withEvents() {
  const sc = twoNodeScenario();
  sc.nodes[1].label = 'Python app';
  sc.events = [
    { at: '20s', do: 'slow', node: 'app', factor: 3 },
    { at: 8_000.123456789, do: 'set', node: 'users', path: 'trafficScale', value: 1.6 },
    { at: 20_000, do: 'fail', node: 'app' },
  ];
  useScenarioStore.getState().reset(sc);
}

describe('recorded events list', () => {
  beforeEach(withEvents);

  it('lists time, canvas label and what, in the order the run applies them', () => {
    const rows = recordedRows(useScenarioStore.getState().input);
    expect(rows.map((r) => [r.atMs, r.node, r.what, r.value])).toEqual([
      [8_000.123456789, 'users', 'traffic ×1.6', 1.6],
      [20_000, 'Python app', 'slowed ×3', 3],
      [20_000, 'Python app', 'fails', null],
    ]);
  });

  it('says "1 recorded event" and "2 recorded events"', () => {
    expect(recordedCount(1)).toBe('1 recorded event');
    expect(recordedCount(0)).toBe('0 recorded events');
    expect(recordedCount(2)).toBe('2 recorded events');
  });

  it('removes, edits (time and value) and clears, each one undo step', () => {
    const s = () => useScenarioStore.getState();
    removeEvent(2);
    expect(s().input.events).toHaveLength(2);
    setEventTime(1, 12_500);
    expect(s().input.events?.[1].at).toBe(12_500);
    setEventValue(0, 5);
    expect(s().input.events?.[0].factor).toBe(5);
    setEventValue(1, 2);
    expect(s().input.events?.[1].value).toBe(2);
    setEventTime(0, -1); // refused
    expect(s().input.events?.[0].at).toBe('20s');
    clearEvents();
    expect(s().input.events).toEqual([]);
    expect(s().past).toHaveLength(5);
    s().undo();
    expect(s().input.events).toHaveLength(2);
  });
});
