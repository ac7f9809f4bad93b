import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';

function scenario(events: unknown[] = []) {
  const parsed = parseScenario({
    format: 'scalelab/scenario@1',
    name: 'traffic',
    duration: '60s',
    nodes: [
      {
        id: 'users',
        type: 'client',
        rate: [
          { at: 0, rps: 100 },
          { at: '30s', rps: 200 },
        ],
        arrivals: 'constant',
      },
      { id: 'app', type: 'appServer', cores: 8, service: '1ms' },
    ],
    edges: [{ from: 'users', to: 'app' }],
    events,
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

describe('client traffic controls', () => {
  it('trafficScale multiplies the profile and keeps its shape', () => {
    const sim = buildSimulation(
      scenario([{ at: '10s', do: 'set', node: 'users', path: 'trafficScale', value: 3 }]),
    );
    sim.runToEnd();
    // 10 s at 100 + 20 s at 300 + 30 s at 600 (the step at 30 s still happens, tripled).
    expect(Math.abs(sim.result().requests.arrived - (1000 + 6000 + 18000))).toBeLessThanOrEqual(2);
  });

  it('a live set rate (a number) replaces the profile with a constant from now on', () => {
    const sim = buildSimulation(scenario());
    sim.advance(10_000);
    sim.applyEdit({ do: 'set', node: 'users', path: 'rate', value: 50 });
    sim.runToEnd();
    expect(Math.abs(sim.result().requests.arrived - (1000 + 2500))).toBeLessThanOrEqual(2);
  });

  it('live edits never change the scenario object (a rebuild starts from the original)', () => {
    const s = scenario();
    const before = JSON.stringify(s);
    const sim = buildSimulation(s);
    sim.advance(5000);
    sim.applyEdit({ do: 'set', node: 'users', path: 'retry.max', value: 3 });
    sim.applyEdit({ do: 'set', node: 'app', path: 'cores', value: 2 });
    expect(JSON.stringify(s)).toBe(before);
  });

  it('an invalid live edit is refused with a sentence', () => {
    const sim = buildSimulation(scenario());
    expect(() => sim.applyEdit({ do: 'fail', node: 'nobody' })).toThrow(/nobody/);
    expect(() => sim.applyEdit({ do: 'set', node: 'users', path: 'trafficScale', value: -1 })).toThrow();
  });
});
