/** The CLI's input is judged like the file: overrides before the caps, bounded reads, plain text. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextCapped, TooLong } from '../../src/cli/input';
import { run } from './helpers';

const scenario = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'scalelab/scenario@1',
    name: 'b',
    duration: '10s',
    warmup: '2s',
    nodes: [
      { id: 'c', type: 'client', rate: 100 },
      { id: 'app', type: 'appServer' },
      { id: 'db', type: 'database' },
    ],
    edges: [
      { from: 'c', to: 'app' },
      { from: 'app', to: 'db' },
    ],
    ...extra,
  });

describe('overrides meet the file checks and caps', () => {
  it('--duration 999999999999999d is refused like the file would be', async () => {
    const r = await run(['run', 'a.json', '--duration', '999999999999999d'], { 'a.json': scenario() });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/duration \(with --duration\): must be at most 30d, got "999999999999999d"/);
  });

  it('a --duration that multiplies the requests past the cap is refused', async () => {
    const s = scenario({
      nodes: [
        { id: 'c', type: 'client', rate: 1e6 },
        { id: 'app', type: 'appServer' },
      ],
    });
    const r = await run(['run', 'a.json', '--duration', '30d'], { 'a.json': s });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the clients would send about [\d,]+ requests over the run, more than the limit/);
  });

  it('--duration 1e3 means 1000 ms, as in the file', async () => {
    const r = await run(['run', 'a.json', '--json', '--duration', '1e3'], {
      'a.json': scenario({ warmup: 0 }),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).simulatedMs).toBe(1000);
  });

  it('a --duration shorter than the warm-up is an error naming both', async () => {
    const r = await run(['run', 'a.json', '--duration', '1s'], { 'a.json': scenario() });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/warmup \(with --duration\): must be shorter than the duration \(1s\), got "2s"/);
  });

  it('--seed refuses "", "0x10", "1.5" and -1; takes 7', async () => {
    for (const bad of ['', '0x10', '1.5', '-1', '4294967296']) {
      const r = await run(['run', 'a.json', '--seed', bad], { 'a.json': scenario() });
      expect(r.code, bad).toBe(2);
      expect(r.err).toMatch(/^--seed: must be a whole number 0\.\.4294967295/);
    }
    const ok = await run(['run', 'a.json', '--json', '--seed', '7'], { 'a.json': scenario() });
    expect(JSON.parse(ok.out).seed).toBe(7);
  });
});

describe('reading', () => {
  it('reads at most the cap plus one character', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-input-'));
    const file = join(dir, 'big.json');
    writeFileSync(file, 'x'.repeat(5000));
    expect(readTextCapped(file, 5000)).toHaveLength(5000);
    expect(() => readTextCapped(file, 4999)).toThrow(TooLong);
  });

  it('run /dev/zero fails fast with a clear message', () => {
    const start = performance.now();
    const p = spawnSync('node', ['--import', 'tsx', 'src/cli/main.ts', 'run', '/dev/zero'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/^\/dev\/zero: not a scenario: more than the limit of 10,000,000 characters/);
    expect(performance.now() - start).toBeLessThan(30_000);
  });

  it('a BOM is dropped', async () => {
    const r = await run(['run', 'a.json', '--json', '--duration', '1s'], {
      'a.json': `\uFEFF${scenario({ warmup: 0 })}`,
    });
    expect(r.code).toBe(0);
  });
});

describe('plain output', () => {
  it('run --help prints the usage', async () => {
    const r = await run(['run', '--help'], {});
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/usage: npm run sim -- run <scenario\.json>/);
  });

  it('with --json, warnings go to stderr and stdout holds the result alone', async () => {
    const s = scenario({ events: [{ at: '1m', do: 'fail', node: 'db' }] });
    const r = await run(['run', 'a.json', '--json'], { 'a.json': s });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).format).toBe('scalelab/result@1');
    expect(r.err).toMatch(/^warning: events\[0\]\.at: 1m is not before the end of the run/);
  });

  it('escapes control characters of the name in the readable summary', async () => {
    const r = await run(['run', 'a.json', '--duration', '3s'], {
      'a.json': scenario({ name: 'evil \u001b[2J\u001b[31mred\u0007' }),
    });
    expect(r.code).toBe(0);
    expect(r.out.includes('\u001b')).toBe(false);
    expect(r.out).toContain('evil \\u001b[2J\\u001b[31mred\\u0007 — seed 1');
  });

  it('the summary says when a run stopped at the work budget', async () => {
    const oom = JSON.stringify({
      format: 'scalelab/scenario@1',
      name: 'oom',
      duration: '3s',
      nodes: [
        { id: 'c', type: 'client', rate: 10_000_000 },
        { id: 'app', type: 'appServer', concurrency: 10_000_000, backlog: 10_000_000, service: '1h' },
      ],
      edges: [{ from: 'c', to: 'app' }],
    });
    const r = await run(['run', 'a.json'], { 'a.json': oom });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /STOPPED {4}at 0\.2\d\d s, before the end of the run: 2,000,000 calls held at once/,
    );
  }, 60_000);
});
