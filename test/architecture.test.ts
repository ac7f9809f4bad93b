/**
 * DESIGN §1: imports run one way (ui → store → worker → scenario → components → engine; analysis
 * and share on scenario and below; experiments on analysis, scenario and below; cli on
 * experiments, analysis, scenario and below; nothing imports ui), and
 * engine, components and scenario stay pure: no React, DOM or Node modules.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', 'src');
const ALLOWED: Record<string, string[]> = {
  engine: ['engine'],
  components: ['components', 'engine'],
  scenario: ['scenario', 'components', 'engine'],
  analysis: ['analysis', 'scenario', 'components', 'engine'],
  share: ['share', 'scenario', 'components', 'engine'],
  // Experiments (windows, plans, the runner) sit beside analysis: the app's worker pool and the
  // CLI's worker threads are only transports for them.
  experiments: ['experiments', 'analysis', 'scenario', 'components', 'engine'],
  cli: ['cli', 'experiments', 'analysis', 'scenario', 'components', 'engine'],
  worker: ['worker', 'experiments', 'analysis', 'share', 'scenario', 'components', 'engine'],
  store: ['store', 'worker', 'experiments', 'analysis', 'share', 'scenario', 'components', 'engine'],
  ui: ['ui', 'store', 'worker', 'experiments', 'analysis', 'share', 'scenario', 'components', 'engine'],
};
const PURE = new Set(['engine', 'components', 'scenario']);
/** Bare packages the pure layers may use. */
const PURE_PACKAGES = new Set(['valibot']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

function imports(source: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) out.push(m[1] ?? m[2]);
  return out;
}

describe('architecture', () => {
  const all = files(SRC);

  it('finds the source tree', () => {
    expect(all.length).toBeGreaterThan(20);
  });

  it('imports run one way and pure layers stay pure', () => {
    const problems: string[] = [];
    for (const file of all) {
      const rel = relative(SRC, file);
      const layer = rel.split(/[\\/]/)[0];
      const allowed = ALLOWED[layer];
      if (!allowed) continue; // src/main.tsx and friends: the app entry may import anything
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = relative(SRC, join(file, '..', spec)).split(/[\\/]/)[0];
          if (!allowed.includes(target))
            problems.push(`${rel} imports ${spec} (${layer} may not depend on ${target})`);
        } else if (PURE.has(layer) && !PURE_PACKAGES.has(spec)) {
          problems.push(`${rel} imports package "${spec}" (${layer} must stay free of React, DOM and Node)`);
        }
      }
      if (PURE.has(layer)) {
        const src = readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
        if (/Math\.random|Date\.now|performance\.now|new Date\(/.test(src)) {
          problems.push(
            `${rel} uses a non-deterministic source (Math.random, Date.now, performance.now or new Date)`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
