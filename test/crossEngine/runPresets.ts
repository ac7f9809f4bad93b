/**
 * Runs every preset through the CLI (`main(['run', file, '--json'])`, exactly what
 * `npm run sim -- run <file> --json` does) in one process, and prints one line per preset:
 * `<file>\t<the CLI's stdout, unchanged>`. Run it under each engine (`bun test/crossEngine/runPresets.ts`,
 * `node --import tsx test/crossEngine/runPresets.ts`); crossEngine.test.ts compares the lines.
 *
 * Optional arguments: `--duration D` (passed to every run) and preset file names to run (default all).
 * Uses only what both engines share (node:fs, node:path, process).
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readTextCapped } from '../../src/cli/input';
import { main } from '../../src/cli/main';

const PRESETS = resolve(import.meta.dirname, '../../presets');

async function runAll(argv: string[]): Promise<number> {
  const extra: string[] = [];
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--duration') extra.push('--duration', argv[++i] ?? '');
    else only.push(argv[i]);
  }
  const files = readdirSync(PRESETS)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .filter((f) => only.length === 0 || only.includes(f))
    .sort();
  let failed = 0;
  for (const file of files) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['run', join(PRESETS, file), '--json', ...extra], {
      out: (t) => void out.push(t),
      err: (t) => void err.push(t),
      readFile: (p) => readTextCapped(p),
    });
    if (code !== 0) {
      failed++;
      process.stderr.write(`${file}: exit ${code}\n${err.join('\n')}\n`);
      continue;
    }
    process.stdout.write(`${file}\t${out.join('\n')}\n`);
  }
  return failed === 0 ? 0 : 1;
}

runAll(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
