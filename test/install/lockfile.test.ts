/**
 * The lock file must let `npm ci` install on every platform CI or a contributor may use: npm only
 * installs optional platform packages the lock file records, and npm 11 leaves out those of other
 * platforms when it writes the lock file. A lock regenerated on one machine that drops them makes
 * `npm ci` fail elsewhere; this catches it before it lands.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

interface LockEntry {
  version?: string;
  integrity?: string;
  os?: string[];
  optionalDependencies?: Record<string, string>;
}
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/** Platform packages that must be recorded, named per package (each names platforms its own way). */
const REQUIRED: Record<string, string[]> = {
  '@biomejs/biome': [
    '@biomejs/cli-linux-x64',
    '@biomejs/cli-linux-arm64',
    '@biomejs/cli-darwin-x64',
    '@biomejs/cli-darwin-arm64',
    '@biomejs/cli-win32-x64',
  ],
  bun: [
    '@oven/bun-linux-x64',
    '@oven/bun-linux-aarch64',
    '@oven/bun-darwin-x64',
    '@oven/bun-darwin-aarch64',
    '@oven/bun-windows-x64',
  ],
};

describe('package-lock.json', () => {
  for (const [pkg, required] of Object.entries(REQUIRED)) {
    it(`records ${pkg}'s optional packages for linux, darwin and win32`, () => {
      const entry = lock.packages[`node_modules/${pkg}`];
      expect(entry, `${pkg} is missing from the lock file`).toBeDefined();
      const optional = entry.optionalDependencies ?? {};
      for (const name of required) expect(Object.keys(optional), `${pkg} optional deps`).toContain(name);
      const seenOs = new Set<string>();
      for (const [name, version] of Object.entries(optional)) {
        const dep = lock.packages[`node_modules/${name}`];
        expect(dep, `${name} (optional dependency of ${pkg}) is not recorded`).toBeDefined();
        expect(dep.version, name).toBe(version);
        expect(dep.integrity, name).toMatch(/^sha512-/);
        for (const os of dep.os ?? []) seenOs.add(os);
      }
      for (const os of ['linux', 'darwin', 'win32']) expect([...seenOs], pkg).toContain(os);
    });
  }
});
