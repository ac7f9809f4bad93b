/** The run-time work budget: calls held at once end a run cleanly, with its reason, at the same point however it is sliced. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELD_BYTES } from '../../src/components/heldWork';
import { buildSimulation } from '../../src/scenario/build';
import { MAX_HELD_CALLS } from '../../src/scenario/limits';
import { parseScenario } from '../../src/scenario/parse';
import { cachesFill, cdnsFill, queuesFill, replicationLag } from '../fuzz/heldScenarios';

const ROOT = join(import.meta.dirname, '../..');

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

  it('counts jobs waiting in queues, writes waiting at replicas and keys held by caches and CDNs', () => {
    // Each hostile scenario holds one kind of work that is not a call; a small budget stops each.
    const cases = [
      {
        make: () => queuesFill(4, 100_000),
        kind: 'job',
        says: /^[\d,]+ calls and [\d,]+ jobs in queues held at once/,
      },
      {
        make: () => replicationLag(4, 100_000),
        kind: 'logEntry',
        says: /[\d,]+ writes waiting at replicas held at once/,
      },
      {
        make: () => cachesFill(4, 100_000),
        kind: 'key',
        says: /[\d,]+ keys in caches and CDNs held at once/,
      },
      { make: () => cdnsFill(4, 100_000), kind: 'key', says: /[\d,]+ keys in caches and CDNs held at once/ },
    ] as const;
    for (const c of cases) {
      const parsed = parseScenario(c.make());
      if (!parsed.ok) throw new Error(parsed.errors[0].message);
      const sim = buildSimulation(parsed.scenario, { maxHeldCalls: 20_000 });
      sim.runToEnd();
      const r = sim.result();
      expect(r.stopped?.reason, c.kind).toMatch(c.says);
      expect(r.stopped!.reason).toMatch(
        /the most a run may hold \(20,000 calls' worth of memory, about 7 MB\)/,
      );
      // What was held is what the budget allows: its bytes reach the limit, and the held kind
      // is most of them (the calls that carried the work are released as they go).
      const held = sim.ctx.held;
      expect(held.bytes).toBeGreaterThanOrEqual(20_000 * HELD_BYTES.call);
      expect(held.bytes).toBeLessThan(20_000 * HELD_BYTES.call + HELD_BYTES.call);
      expect(held.counts[c.kind] * HELD_BYTES[c.kind]).toBeGreaterThan(held.bytes / 2);
      expect(r.simulatedMs).toBe(r.stopped!.atMs);
      expect(r.simulatedMs).toBeLessThan(10_000);
      const q = r.requests;
      expect(q.arrived + q.retries).toBe(q.completed + q.failed + q.timedOut + q.rejected + q.inFlight);
    }
  });

  it('a preset holds far less than the budget', () => {
    // The busiest preset that fills a queue stays an order of magnitude under it.
    const parsed = parseScenario(
      JSON.parse(readFileSync(join(ROOT, 'presets/poison-messages.json'), 'utf8')),
    );
    if (!parsed.ok) throw new Error(parsed.errors[0].message);
    const sim = buildSimulation(parsed.scenario);
    sim.runToEnd();
    expect(sim.result().stopped).toBeUndefined();
    expect(sim.ctx.held.bytes).toBeLessThan((MAX_HELD_CALLS * HELD_BYTES.call) / 10);
    expect(sim.ctx.held.counts.job).toBeGreaterThan(9000);
  });
});
