import { describe, expect, it } from 'vitest';
import { run } from './helpers';

const good = JSON.stringify({
  format: 'scalelab/scenario@1',
  name: 'one box',
  duration: '20s',
  warmup: '2s',
  nodes: [
    { id: 'users', type: 'client', rate: 100 },
    { id: 'app', type: 'appServer', service: '5ms' },
  ],
  edges: [{ from: 'users', to: 'app' }],
});

describe('cli', () => {
  it('--json prints exactly one result@1 object', async () => {
    const r = await run(['run', 'a.json', '--json', '--seed', '3'], { 'a.json': good });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.format).toBe('scalelab/result@1');
    expect(result.seed).toBe(3);
    expect(result.simulatedMs).toBe(20_000);
    expect(result.requests.arrived).toBeGreaterThan(1500);
  });

  it('--duration overrides the scenario', async () => {
    const r = await run(['run', 'a.json', '--json', '--duration', '5s'], { 'a.json': good });
    expect(JSON.parse(r.out).simulatedMs).toBe(5000);
  });

  it('prints a readable summary without --json', async () => {
    const r = await run(['run', 'a.json'], { 'a.json': good });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/one box — seed 1/);
    expect(r.out).toMatch(/latency\s+mean/);
    expect(r.out).toMatch(/app\s+appServer/);
  });

  it('the summary prints the SLO: good and bad, the budget used and when it ran out', async () => {
    const outage = JSON.stringify({
      format: 'scalelab/scenario@1',
      name: 'outage',
      duration: '60s',
      warmup: '10s',
      nodes: [
        { id: 'users', type: 'client', arrivals: 'constant', rate: 200 },
        { id: 'app', type: 'appServer', service: { dist: 'const', value: '1ms' } },
      ],
      edges: [{ from: 'users', to: 'app' }],
      events: [
        { at: '20s', do: 'fail', node: 'app' },
        { at: '40s', do: 'recover', node: 'app' },
      ],
      slo: { objective: 0.9, latency: '300ms' },
    });
    const r = await run(['run', 'o.json'], { 'o.json': outage });
    expect(r.code).toBe(0);
    // 10 000 requests after the warm-up; the 4 000 that arrive in the outage fail, and so does the
    // one in service when the app goes down at 20 s (it arrived then and takes 1 ms). Budget 1 000,
    // gone by 25 s.
    expect(r.out).toContain(
      'slo        90% within 300 ms: 5,999 good, 4,001 bad (4,001 failed, 0 slow) of 10,000',
    );
    expect(r.out).toContain(
      '400.1% of the error budget used (1,000 bad allowed, burn rate 4.00x), objective missed, ran out at 25.0 s',
    );
    const plain = await run(['run', 'a.json'], { 'a.json': good });
    expect(plain.out).not.toMatch(/^slo /m);
  });

  it('the summary names queue trouble: redeliveries and dead letters', async () => {
    const poison = JSON.stringify({
      format: 'scalelab/scenario@1',
      name: 'poison jobs',
      duration: '10s',
      nodes: [
        { id: 'users', type: 'client', rate: 20, mix: [{ name: 'vote', op: 'write', async: true }] },
        { id: 'app', type: 'appServer' },
        { id: 'votes', type: 'queue', visibilityTimeout: '20ms', maxReceives: 3 },
        { id: 'w', type: 'worker', concurrency: 50, service: { dist: 'const', value: '50ms' } },
      ],
      edges: [
        { from: 'users', to: 'app' },
        { from: 'app', to: 'votes' },
        { from: 'votes', to: 'w' },
      ],
    });
    const r = await run(['run', 'p.json'], { 'p.json': poison });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/votes\s+queue.*redelivered [\d,]+, dead-lettered [\d,]+/);
  });

  it('invalid input exits 2 and lists every problem', async () => {
    const bad = JSON.stringify({
      format: 'scalelab/scenario@1',
      name: 'bad',
      nodes: [
        { id: 'users', type: 'client', rate: -5 },
        { id: 'db', type: 'database', connections: -3 },
      ],
      edges: [{ from: 'users', to: 'nowhere' }],
    });
    const r = await run(['run', 'b.json'], { 'b.json': bad });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/nodes\[1\]\.connections/);
    expect(r.err).toMatch(/nodes\[0\]\.rate/);
    expect(r.err.split('\n').length).toBeGreaterThanOrEqual(3);
    const dangling = JSON.stringify({ ...JSON.parse(good), edges: [{ from: 'users', to: 'nowhere' }] });
    const d = await run(['run', 'd.json'], { 'd.json': dangling });
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/nowhere/);
  });

  it('not JSON, a missing file and bad flags are clear errors', async () => {
    expect((await run(['run', 'c.json'], { 'c.json': '{nope' })).err).toMatch(/not JSON/i);
    expect((await run(['run', 'c.json'], { 'c.json': '{nope' })).code).toBe(2);
    expect((await run(['run', 'missing.json'], {})).code).toBe(2);
    expect((await run(['run', 'a.json', '--seed', '-1'], { 'a.json': good })).code).toBe(2);
    expect((await run(['run', 'a.json', '--frobnicate'], { 'a.json': good })).code).toBe(64);
    expect((await run(['fly'], {})).code).toBe(64);
  });
});
