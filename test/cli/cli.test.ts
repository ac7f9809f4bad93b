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
