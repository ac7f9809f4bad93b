/**
 * The same bytes in another engine: every preset, whole (its own duration and seed), run through the
 * CLI under Bun (JavaScriptCore, Safari's engine) and under Node (V8) gives the same result@1 JSON,
 * byte for byte, apart from `run` (wall time and events per second, which measure the machine).
 *
 * One process per engine runs all presets (runPresets.ts), the two side by side. Cost, measured on
 * the 2-core dev machine: Bun ≈ 9 s, Node ≈ 11 s for the 22 presets (≈ 5.7 MB of JSON each), so the
 * test takes ≈ 12–20 s wall time depending on load. Bun missing (or its binary not installed by
 * `npm ci`) fails the test with a message saying how to get it; it never skips.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'test/crossEngine/runPresets.ts');
/** The npm package `bun` (a dev dependency) installs its binary here on every platform. */
const BUN = join(ROOT, 'node_modules/bun/bin/bun.exe');
const BUN_MISSING = `Bun not found at ${BUN}: it is a dev dependency (npm "bun"); run \`npm ci\` (with install scripts enabled: the bun package's postinstall puts the binary in place)`;

/** `run` is the one block that measures the machine, not the simulation; it holds no nested object. */
const RUN_BLOCK = /,"run":\{[^{}]*\}/g;

function exec(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(
      cmd,
      args,
      { cwd: ROOT, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        ok({ code, stdout, stderr: stderr || (err && !stdout ? String(err) : '') });
      },
    );
  });
}

/** Each line `<file>\t<json>` → file → the JSON with its `run` block removed (exactly once). */
function results(stdout: string, engine: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    const file = line.slice(0, tab);
    const json = line.slice(tab + 1);
    const stripped = json.replace(RUN_BLOCK, '');
    if (json.length - stripped.length === 0 || stripped.match(/"run":/)) {
      throw new Error(`${engine}: ${file}: expected exactly one "run" block in the result`);
    }
    out.set(file, stripped);
  }
  return out;
}

/** Index of the first differing character, and a little context on each side. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at character ${i}:\n  bun:  …${a.slice(Math.max(0, i - 120), i + 60)}\n  node: …${b.slice(Math.max(0, i - 120), i + 60)}`;
}

describe('the same bytes in another engine', () => {
  it('every preset, whole, gives the same result JSON under Bun and Node (minus run)', {
    timeout: 240_000,
  }, async () => {
    if (!existsSync(BUN)) throw new Error(BUN_MISSING);
    const version = await exec(BUN, ['--version']);
    if (version.code !== 0 || !/^\d+\.\d+/.test(version.stdout)) {
      throw new Error(`${BUN_MISSING}\n(bun --version said: ${version.stdout}${version.stderr})`);
    }
    const [bun, node] = await Promise.all([
      exec(BUN, [SCRIPT]),
      exec(process.execPath, ['--import', 'tsx', SCRIPT]),
    ]);
    expect(bun.stderr, 'bun stderr').toBe('');
    expect(bun.code, 'bun exit code').toBe(0);
    expect(node.stderr, 'node stderr').toBe('');
    expect(node.code, 'node exit code').toBe(0);

    const presets = readdirSync(join(ROOT, 'presets'))
      .filter((f) => f.endsWith('.json') && f !== 'index.json')
      .sort();
    const b = results(bun.stdout, 'bun');
    const n = results(node.stdout, 'node');
    expect([...b.keys()]).toEqual(presets);
    expect([...n.keys()]).toEqual(presets);
    const differ: string[] = [];
    for (const file of presets) {
      const x = b.get(file)!;
      const y = n.get(file)!;
      // Each result is a real run, not an empty shell.
      expect(JSON.parse(x).requests.completed, file).toBeGreaterThan(0);
      if (x !== y) differ.push(`${file} ${firstDifference(x, y)}`);
    }
    expect(
      differ,
      `results that differ between Bun ${version.stdout.trim()} and Node ${process.version}`,
    ).toEqual([]);
  });
});
