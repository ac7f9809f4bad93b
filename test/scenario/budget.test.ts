/** The run-time work budget: calls held at once end a run cleanly, with its reason, at the same point however it is sliced. */
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/scenario/build';
import { parseScenario } from '../../src/scenario/parse';

const pileUp = {
  format: 'scalelab/scenario@1',
  name: 'pile-up',
  duration: '3s',
  nodes: [
    { id: 'c', type: 'client', rate: 100_000, timeout: '50ms', retry: { max: 2, backoff: '1ms' } },
    { id: 'app', type: 'appServer', concurrency: 10_000_000, backlog: 10_000_000, service: '1h' },
    { id: 'db', type: 'database' },
  ],
  edges: [
    { from: 'c', to: 'app' },
    { from: 'app', to: 'db' },
  ],
};

function scenario() {
  const r = parseScenario(pileUp);
  if (!r.ok) throw new Error(r.errors[0].message);
  return r.scenario;
}

const withoutRun = (r: object) => JSON.stringify({ ...r, run: undefined });

describe('the work budget', () => {
  it('ends the run at the budget with its reason, a partial result and a balance that holds', () => {
    const sim = buildSimulation(scenario(), { maxHeldCalls: 20_000 });
    sim.runToEnd();
    expect(sim.finished).toBe(true);
    const r = sim.result();
    expect(r.stopped?.reason).toMatch(/^20,000 calls held at once/);
    expect(r.stopped!.atMs).toBeGreaterThan(0);
    expect(r.stopped!.atMs).toBeLessThan(1000);
    expect(r.simulatedMs).toBe(r.stopped!.atMs);
    const q = r.requests;
    expect(q.arrived + q.retries).toBe(q.completed + q.failed + q.timedOut + q.rejected + q.inFlight);
    expect(q.inFlight).toBeGreaterThanOrEqual(0);
    expect(r.events).toBeLessThan(200_000);
    // Nothing more happens after the stop.
    expect(sim.advance(3000)).toBe(0);
    expect(sim.nowMs).toBe(r.stopped!.atMs);
  });

  it('stops at the same event however the run is sliced', () => {
    const whole = buildSimulation(scenario(), { maxHeldCalls: 20_000 });
    whole.runToEnd();
    const sliced = buildSimulation(scenario(), { maxHeldCalls: 20_000 });
    for (let t = 7; !sliced.finished; t += 7) sliced.advance(t);
    expect(withoutRun(sliced.result())).toBe(withoutRun(whole.result()));
  });

  it('a run under the budget has no stopped field', () => {
    const sim = buildSimulation(scenario(), { durationMs: 50 });
    sim.runToEnd();
    expect(sim.result().stopped).toBeUndefined();
  });
});
