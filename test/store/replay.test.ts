/**
 * Issue 14.1: a session edited while it runs replays byte for byte. The live session is driven as
 * the app drives it (actions → store → SimClient → SimDriver slicing on a fake wall clock); its
 * exported scenario is replayed through a `#s=` link in a fresh session, and run by the CLI path.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/cli/runScenario';
import { parseScenario } from '../../src/scenario/parse';
import { encodeScenarioLink } from '../../src/share/link';
import {
  failNode,
  play,
  recoverNode,
  setSpeed,
  setTraffic,
  slowNode,
  spike,
  step,
} from '../../src/store/actions';
import type { RawScenario } from '../../src/store/model';
import { useRunStore } from '../../src/store/runStore';
import { useScenarioStore } from '../../src/store/scenarioStore';
import { stopSession } from '../../src/store/session';
import type { Speed } from '../../src/worker/protocol';
import { firstDifferences, liveSession, preset, resultJson, settle } from './liveHarness';

function scenario(): RawScenario {
  // Two minutes of the load-balanced preset: health checks every 2 s, retries, replicas.
  return { ...preset('zero-2-load-balancer-and-replicas'), duration: '90s', warmup: '10s' };
}

/** Plays `speed` with a traffic change, a failure and recovery, a slowdown and a spike made while running. */
async function editedSession(speed: Speed) {
  const s = await liveSession({ scenario: scenario() });
  setSpeed(speed);
  play();
  await s.runUntil(8_000);
  await setTraffic(1.6);
  await s.runUntil(20_000);
  failNode('replica1');
  await settle();
  await s.runUntil(27_000);
  recoverNode('replica1');
  slowNode('db', 3);
  await settle();
  await s.runUntil(40_000);
  await spike();
  await s.finish();
  const run = useRunStore.getState();
  expect(run.status).toBe('finished');
  return { input: structuredClone(useScenarioStore.getState().input), result: resultJson(run.result) };
}

describe('an edited live session replays exactly (issue 14.1)', () => {
  afterEach(() => stopSession());

  for (const speed of ['1x', '10x', 'max'] as Speed[]) {
    it(`at ${speed}: live = link replay = CLI, edits recorded at their exact instants`, async () => {
      const live = await editedSession(speed);
      const events = live.input.events ?? [];
      // Traffic (1 client), fail, recover, slow, spike up and back down.
      expect(events.map((e) => e.do)).toEqual(['set', 'fail', 'recover', 'slow', 'set', 'set']);
      const at = events.map((e) => e.at as number);
      // Each edit sits where the run was when it was made (not rounded to a grid).
      expect(at[0]).toBeGreaterThanOrEqual(8_000);
      expect(at[1]).toBeGreaterThanOrEqual(20_000);
      expect(at[5]).toBe(at[4] + 30_000);
      if (speed !== 'max') expect(at.some((t) => !Number.isInteger(t * 1000))).toBe(true);
      // Times survive JSON exactly (float64 round trip).
      const text = JSON.stringify(live.input);
      expect(JSON.parse(text).events.map((e: { at: number }) => e.at)).toEqual(at);

      const hash = await encodeScenarioLink(JSON.parse(text));
      const replay = await liveSession({ hash });
      expect(useScenarioStore.getState().input.events).toEqual(events);
      setSpeed('max');
      play();
      await replay.finish();
      const replayed = resultJson(useRunStore.getState().result);
      expect(firstDifferences(JSON.parse(replayed), JSON.parse(live.result))).toEqual([]);
      expect(replayed).toBe(live.result);

      const parsed = parseScenario(JSON.parse(text));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const cli = resultJson(runScenario(parsed.scenario));
      expect(firstDifferences(JSON.parse(cli), JSON.parse(live.result))).toEqual([]);
      expect(cli).toBe(live.result);
    });
  }

  it('an edit at an instant shared with other events (t = 0 while ready; a step end on a series sample) replays exactly', async () => {
    const s = await liveSession({ scenario: scenario() });
    await setTraffic(1.3); // ready, t = 0: arrivals and health checks are due at 0 too
    step(); // to exactly 1000 ms, where a series sample and a health check fall
    while (useRunStore.getState().status !== 'paused' && s.worker.tick()) {}
    await settle();
    failNode('web');
    await settle();
    setSpeed('max');
    play();
    await s.finish();
    const input = useScenarioStore.getState().input;
    expect(input.events?.map((e) => e.at)).toEqual([0, 1000]);
    const live = resultJson(useRunStore.getState().result);
    const parsed = parseScenario(JSON.parse(JSON.stringify(input)));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const cli = resultJson(runScenario(parsed.scenario));
    expect(firstDifferences(JSON.parse(cli), JSON.parse(live))).toEqual([]);
    expect(cli).toBe(live);
  });
});
