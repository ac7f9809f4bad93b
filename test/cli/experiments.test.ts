/**
 * The experiment commands: sweep, run --replications, compare, check — their exact formats, exit
 * codes and bad input; and that the number of worker threads never changes a byte of the output.
 */
import { describe, expect, it } from 'vitest';
import { type CliIo, main } from '../../src/cli/main';
import { InlinePool } from '../../src/experiments/inlinePool';
import { buildSimulation } from '../../src/scenario/build';

interface Opts {
  /** Real Node worker threads instead of the in-process pool. */
  threads?: boolean;
  tty?: boolean;
}

async function cli(args: string[], files: Record<string, unknown>, opts: Opts = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const progress: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readFile: (p) => {
      if (!(p in files)) throw new Error('ENOENT: no such file');
      const f = files[p];
      return typeof f === 'string' ? f : JSON.stringify(f);
    },
    ...(!opts.threads && { pool: (k: number) => new InlinePool(buildSimulation, k) }),
    ...(opts.tty && { progress: (l: string) => progress.push(l) }),
  };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n'), progress };
}

/** One app server (`cores` × 10 ms), Poisson arrivals; a goal when given. */
const station = (cores: number, rate = 50, extra: Record<string, unknown> = {}) => ({
  format: 'scalelab/scenario@1',
  name: `M/M/${cores}`,
  seed: 5,
  duration: '30s',
  warmup: '5s',
  nodes: [
    { id: 'users', type: 'client', rate, timeout: '1h' },
    { id: 'app', type: 'appServer', cores, concurrency: 100000, backlog: 1000000, service: '10ms' },
  ],
  edges: [{ from: 'users', to: 'app' }],
  ...extra,
});

describe('sweep', () => {
  it('prints exactly sweep@1 with --json: points, saturation, knee, bottleneck, window', async () => {
    const r = await cli(['sweep', 's.json', '--from', '20', '--to', '140', '--steps', '4', '--json'], {
      's.json': station(1),
    });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['format', 'points', 'saturationRps', 'kneeRps', 'bottleneck', 'window']);
    expect(j.format).toBe('scalelab/sweep@1');
    for (const p of j.points)
      expect(Object.keys(p)).toEqual(['offeredRps', 'throughputRps', 'p50Ms', 'p99Ms', 'errorRate']);
    expect(j.points.map((p: { offeredRps: number }) => p.offeredRps).slice(0, 2)).toEqual([20, 60]);
    expect(j.window).toEqual({ fromMs: 5000, toMs: 30_000 });
    // One core at 10 ms: 100 req/s; the plateau of the overloaded points within 3%.
    expect(Math.abs(j.saturationRps / 100 - 1)).toBeLessThan(0.03);
    expect(j.bottleneck).toBe('app');
    expect(j.kneeRps).toBeLessThan(100);
  });

  it('prints a readable table without --json, and a progress line only on a terminal', async () => {
    const files = { 's.json': station(1) };
    const plain = await cli(['sweep', 's.json', '--scales', '0.5,1,3'], files);
    expect(plain.out).toMatch(/offered\/s\s+throughput\/s\s+p50 ms\s+p99 ms\s+errors/);
    expect(plain.out).toMatch(/saturation ≈ \d+\.\d req\/s .*bottleneck app/);
    expect(plain.progress).toEqual([]);
    const tty = await cli(['sweep', 's.json', '--scales', '0.5,1,3', '--json'], files, { tty: true });
    expect(tty.progress.some((l) => /sweep: \d+\/\d+ runs/.test(l))).toBe(true);
    expect(tty.progress.at(-1)).toBe(''); // the line is cleared at the end
    expect(() => JSON.parse(tty.out)).not.toThrow(); // stdout holds the JSON and nothing else
  });

  it('bad input exits 2 naming the option', async () => {
    const files = { 's.json': station(1) };
    const bad = async (args: string[], re: RegExp) => {
      const r = await cli(['sweep', 's.json', ...args], files);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(re);
    };
    await bad(
      ['--from', '10', '--to', '100', '--steps', '0'],
      /^--steps: must be a whole number 2\.\.200, got 0/,
    );
    await bad(['--from', '200', '--to', '100', '--steps', '3'], /^--from: must be below --to/);
    await bad(['--from', '10', '--to', '100'], /--steps: the sweep needs/);
    await bad(
      ['--client', 'bots', '--from', '10', '--to', '100', '--steps', '3'],
      /^--client: no client "bots".*users/,
    );
    await bad(
      ['--from', '10', '--to', '1e9', '--steps', '3'],
      /^--to: the sweep .* more than the limit of 2,000,000,000/,
    );
    await bad(['--scales', '1,-2'], /^--scales: must be a list/);
    expect((await cli(['sweep', 's.json', '--frobnicate'], files)).code).toBe(64);
  });
});

describe('run --replications', () => {
  it('adds the replications block to the plain run: the rest is replication 0, identical to a plain run', async () => {
    const files = { 's.json': station(1) };
    const plain = JSON.parse((await cli(['run', 's.json', '--json'], files)).out);
    const r = await cli(['run', 's.json', '--replications', '4', '--json'], files);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const { replications, run: _run, ...rest } = j;
    const { run: _plainRun, ...plainRest } = plain;
    expect(rest).toEqual(plainRest);
    expect(Object.keys(replications)).toEqual([
      'n',
      'latencyMeanMs',
      'latencyP99Ms',
      'throughputRps',
      'errorRate',
      'nodes',
    ]);
    expect(replications.n).toBe(4);
    const m = replications.latencyMeanMs;
    expect(Object.keys(m)).toEqual(['mean', 'ci95']);
    expect(m.ci95[0]).toBeLessThan(m.mean);
    expect(m.ci95[1]).toBeGreaterThan(m.mean);
    // M/M/1 at ρ = 0.5, S = 10 ms: W = 20 ms; 4 × 25 s measured pin it within ~10%.
    expect(Math.abs(m.mean / 20 - 1)).toBeLessThan(0.1);
    expect(Object.keys(replications.nodes)).toEqual(['app']);
    expect(replications.nodes.app.utilization.mean).toBeCloseTo(0.5, 1);
  });

  it('--replications 1 exits 2 naming the option', async () => {
    const r = await cli(['run', 's.json', '--replications', '1', '--json'], { 's.json': station(1) });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^--replications: must be a whole number 2\.\.1000, got 1/);
  });
});

describe('compare', () => {
  it('prints compare@1: each side, and b − a paired on common random numbers', async () => {
    const r = await cli(['compare', 'a.json', 'b.json', '--replications', '6', '--json'], {
      'a.json': station(1),
      'b.json': station(2),
    });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['format', 'a', 'b', 'diff']);
    expect(j.format).toBe('scalelab/compare@1');
    expect(j.a.n).toBe(6);
    expect(Object.keys(j.diff)).toEqual(['latencyMeanMs', 'latencyP99Ms', 'throughputRps', 'errorRate']);
    // M/M/2 − M/M/1 at λ = 0.05/ms, μ = 0.1/ms: 10.667 − 20 = −9.33 ms.
    const d = j.diff.latencyMeanMs;
    expect(d.ci95[0]).toBeLessThanOrEqual(-9.333);
    expect(d.ci95[1]).toBeGreaterThanOrEqual(-9.333);
    expect(d.mean).toBeCloseTo(j.b.latencyMeanMs.mean - j.a.latencyMeanMs.mean, 9);
    const table = await cli(['compare', 'a.json', 'b.json', '--replications', '6'], {
      'a.json': station(1),
      'b.json': station(2),
    });
    expect(table.out).toMatch(/mean latency.*paired|B − A, paired/);
    expect(table.out).toMatch(/× narrower/);
  });
});

describe('check', () => {
  const met = station(1, 50, { goal: { text: 'fast', p99Ms: 500, rps: 45, maxErrorRate: 0.01 } });
  const missed = station(1, 50, { goal: { text: 'too fast', p99Ms: 5 } });
  it('exit 0 when every goal is met, 1 when one is missed, 2 on invalid input', async () => {
    const ok = await cli(['check', 'met.json'], { 'met.json': met });
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/met\s+p99 latency\s+[\d.]+ ms \(goal ≤ 500\.0 ms\)/);
    expect(ok.out).toMatch(/met\s+Throughput/);
    const bad = await cli(['check', 'met.json', 'missed.json'], { 'met.json': met, 'missed.json': missed });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/missed\.json — M\/M\/1: goal missed\n\s+MISSED\s+p99 latency/);
    expect(bad.out).toMatch(/1 of 2 goals missed/);
    const invalid = await cli(['check', 'met.json', 'x.json'], { 'met.json': met, 'x.json': '{"format": 1' });
    expect(invalid.code).toBe(2);
    expect(invalid.out).toBe('');
    const noGoal = await cli(['check', 'n.json'], { 'n.json': station(1) });
    expect(noGoal.code).toBe(2);
    expect(noGoal.err).toMatch(/has no goal/);
  });
});

describe('worker threads', () => {
  it('--workers 1 and --workers 3 print byte-identical JSON (real threads)', async () => {
    const files = { 's.json': station(1) };
    const args = ['sweep', 's.json', '--scales', '0.5,1,1.5,2', '--json'];
    const one = await cli([...args, '--workers', '1'], files, { threads: true });
    const three = await cli([...args, '--workers', '3'], files, { threads: true });
    expect(one.code).toBe(0);
    expect(three.out).toBe(one.out);
    // And the threads agree with the in-process pool.
    expect((await cli(args, files)).out).toBe(one.out);
    const reps = ['run', 's.json', '--replications', '3', '--json'];
    const strip = (t: string) => JSON.stringify({ ...JSON.parse(t), run: null });
    const r1 = await cli([...reps, '--workers', '1'], files, { threads: true });
    const r3 = await cli([...reps, '--workers', '3'], files, { threads: true });
    expect(strip(r3.out)).toBe(strip(r1.out));
  });
});
