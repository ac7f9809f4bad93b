/**
 * The app hosted under a sub-path, as GitHub Pages serves a project site (.github/workflows/pages.yml
 * builds with `--base /<repository>/`): built with `vite build --base /scalelab/` into a folder of
 * its own (dist/ is left alone) and served only under /scalelab/ — anything the page asks for
 * outside it is a 404 and fails the test. A link opened there runs in the Web Worker; its share
 * link names /scalelab/; that link opened in a fresh tab replays the run to the same result.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScenarioLink } from '../../src/share/link';
import { buildApp, launchChromium, ROOT, serveDist } from './harness';

const BASE = '/scalelab/';
const SHOTS = join(ROOT, 'test/e2e/screenshots');

let browser: Browser;
let server: Server;
let url: string;
let outside: string[];
let outDir: string;
const problems: string[] = [];

async function open(link: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(link);
  await page.getByTestId('node-web').waitFor();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('ready'),
  );
  return page;
}

/** Plays at max to the end and exports the result@1 JSON without its `run` (wall-clock) block. */
async function playAndExport(page: Page): Promise<string> {
  await page.getByTestId('speed').selectOption({ label: 'max' });
  await page.getByTestId('play').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=run-status]')?.textContent?.includes('finished'),
    null,
    { timeout: 120_000 },
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-result').click(),
  ]);
  const { run: _run, ...rest } = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  return JSON.stringify(rest);
}

describe('hosted under /scalelab/', () => {
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'scalelab-base-'));
    buildApp({ base: BASE, outDir });
    browser = await launchChromium();
    ({ server, url, outside } = await serveDist(outDir, BASE));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('opens a link, shares its own path, and the shared link replays the same run', {
    timeout: 240_000,
  }, async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scalelab\/$/);
    // The build itself names its assets under the base, not at the site root.
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).toMatch(/src="\/scalelab\/assets\/index-[\w-]+\.js"/);

    // One minute of the load-balanced preset, with a failure recorded, as a link under /scalelab/.
    const preset = JSON.parse(
      readFileSync(join(ROOT, 'presets/zero-2-load-balancer-and-replicas.json'), 'utf8'),
    );
    const scenario = {
      ...preset,
      name: 'Hosted under a sub-path',
      duration: '60s',
      warmup: '10s',
      events: [{ at: '20s', do: 'fail', node: 'replica1' }],
    };
    const page = await open(`${url}${await encodeScenarioLink(scenario)}`);
    expect(await page.locator('.scenario-name').textContent()).toBe(scenario.name);
    // The link was taken in and dropped from the address bar, which stays on the base.
    expect(await page.evaluate(() => location.pathname + location.hash)).toBe(BASE);
    const original = await playAndExport(page);
    expect(JSON.parse(original).requests.completed).toBeGreaterThan(0);

    await page.getByTestId('share').click();
    const link = await page.getByTestId('share-link').inputValue();
    expect(link.startsWith(`${url}#s=1.`), link.slice(0, 80)).toBe(true);
    await page.locator('.share-popover').screenshot({ path: join(SHOTS, 'links-05-base-share.png') });
    await page.context().close();

    const fresh = await open(link);
    expect(await fresh.locator('.scenario-name').textContent()).toBe(scenario.name);
    expect(await playAndExport(fresh)).toBe(original);
    await fresh.screenshot({ path: join(SHOTS, 'links-05-base-replayed.png') });
    await fresh.context().close();

    expect(outside, 'requests outside /scalelab/').toEqual([]);
    expect(problems).toEqual([]);
  });
});
