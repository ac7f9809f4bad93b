/** Issue 14.2/14.3 and the spike: a gesture is one undo step; controls read the traffic in force. */
import { afterEach, describe, expect, it } from 'vitest';
import { play, setTraffic, spike } from '../../src/store/actions';
import { useRunStore } from '../../src/store/runStore';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { stopSession } from '../../src/store/session';
import { trafficAt } from '../../src/store/traffic';
import { useViewStore } from '../../src/store/viewStore';
import { twoNodeScenario } from '../ui/helpers';
import { liveSession, preset } from './liveHarness';

const events = () => useScenarioStore.getState().input.events ?? [];

describe('gestures are one undo step', () => {
  afterEach(() => stopSession());

  it('one Undo after a spike removes its rise and its return: no spike left', async () => {
    const s = await liveSession({
      scenario: { ...preset('zero-2-load-balancer-and-replicas'), duration: '90s' },
    });
    play();
    await s.runUntil(5_000);
    const before = useScenarioStore.getState().past.length;
    await spike();
    expect(events().map((e) => e.value)).toEqual([10, 1]);
    expect(useScenarioStore.getState().past.length).toBe(before + 1);
    useScenarioStore.getState().undo();
    expect(events()).toEqual([]);
    // The run rebuilds from the scenario without the spike; nothing says one is running.
    await new Promise((r) => setTimeout(r, 200));
    expect(useRunStore.getState().spikeUntilMs).toBeNull();
  });

  it('a spike click while a spike runs says so instead of adding a second one', async () => {
    const s = await liveSession({
      scenario: { ...preset('zero-2-load-balancer-and-replicas'), duration: '90s' },
    });
    play();
    await s.runUntil(5_000);
    await spike();
    await s.runUntil(10_000);
    await spike();
    expect(events()).toHaveLength(2);
    expect(useViewStore.getState().toasts.at(-1)?.text).toMatch(/already running \(until 3\d\.\d s\)/);
  });

  it('a traffic change on two clients is one undo step', async () => {
    const sc = twoNodeScenario();
    sc.nodes.push({ id: 'bots', type: 'client', pos: [0, 100], rate: 10 });
    sc.edges.push({ from: 'bots', to: 'app' });
    await liveSession({ scenario: sc });
    await setTraffic(2.5);
    expect(events()).toHaveLength(2);
    useScenarioStore.getState().undo();
    expect(events()).toEqual([]);
  });
});

describe('trafficAt: the multiplier the run has at a time', () => {
  it('follows the recorded set trafficScale events of the first client, ties in file order', () => {
    const sc = twoNodeScenario();
    sc.events = [
      { at: '20s', do: 'set', node: 'users', path: 'trafficScale', value: 10 },
      { at: 0, do: 'set', node: 'users', path: 'trafficScale', value: 3.98 },
      { at: 50_000, do: 'set', node: 'users', path: 'trafficScale', value: 1 },
      { at: 50_000, do: 'set', node: 'users', path: 'trafficScale', value: 2 },
      { at: 30_000, do: 'fail', node: 'app' },
    ];
    expect(trafficAt(sc, 0)).toBe(3.98);
    expect(trafficAt(sc, 19_999.9)).toBe(3.98);
    expect(trafficAt(sc, 20_000)).toBe(10);
    expect(trafficAt(sc, 50_000)).toBe(2);
    expect(trafficAt({ ...sc, events: [] }, 10)).toBe(1);
  });
});
