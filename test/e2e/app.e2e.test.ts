/**
 * The app in a real browser (Debian's Chromium through playwright-core), against a production
 * build served locally: open, pick a preset, play at max, add and wire a cache, fail a node (and
 * read why requests fail), undo, share; run a load sweep in the experiment worker. Screenshots of each main state go to test/e2e/screenshots/ (git-ignored).
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, ROOT, serveDist } from './harness';
import { contention, longestTaskSince, watchLongTasks } from './pageWatch';

const SHOTS = join(ROOT, 'test/e2e/screenshots');
const STORAGE_KEY = 'scalelab.scenario.v1';

interface PresetNode {
  id: string;
  type: string;
  role?: string;
  label?: string;
}
interface PresetFile {
  file: string;
  nodes: PresetNode[];
  edges: { from: string; to: string }[];
}

/** A preset with an app server calling a primary database and no cache yet (the classic first step). */
function pickCachelessPreset(): { file: string; app: string; appName: string; db: string } {
  const dir = join(ROOT, 'presets');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json');
  const presets: PresetFile[] = files.map((f) => ({
    file: f.replace(/\.json$/, ''),
    ...JSON.parse(readFileSync(join(dir, f), 'utf8')),
  }));
  for (const p of presets) {
    if (p.nodes.some((n) => n.type === 'cache')) continue;
    for (const e of p.edges) {
      const from = p.nodes.find((n) => n.id === e.from);
      const to = p.nodes.find((n) => n.id === e.to);
      if (from?.type === 'appServer' && to?.type === 'database' && (to.role ?? 'primary') === 'primary') {
        return { file: p.file, app: from.id, appName: from.label || from.id, db: to.id };
      }
    }
  }
  throw new Error(
    `No preset in presets/ has an app server → database edge without a cache (found: ${files.join(', ') || 'none'})`,
  );
}

let browser: Browser;
let server: Server;
let url: string;
const problems: string[] = [];

function watch(page: Page): void {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Long main-thread tasks (the page must never freeze): collected from the start.
  void watchLongTasks(page);
}

const status = (page: Page) => page.getByTestId('run-status').textContent();
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

async function waitFinished(page: Page, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('[data-testid=run-status]')?.textContent?.includes('finished'),
    null,
    {
      timeout,
    },
  );
}

/** Downloads the result@1 JSON through the export-result button. */
async function exportResult(
  page: Page,
): Promise<{ nodes: Record<string, { utilization: number }>; scenario: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-result').click(),
  ]);
  const path = await download.path();
  expect(download.suggestedFilename()).toMatch(/-result\.json$/);
  return JSON.parse(readFileSync(path!, 'utf8'));
}

async function savedScenario(
  page: Page,
): Promise<{ name: string; nodes: { id: string }[]; edges: unknown[]; events?: { do: string }[] }> {
  return JSON.parse((await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY)) ?? 'null');
}

describe('Scalelab in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium(); // fails (does not skip) when Chromium is missing
    ({ server, url } = await serveDist());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('runs the main story end to end', { timeout: 300_000 }, async () => {
    const target = pickCachelessPreset();
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    watch(page);

    // First screen: a preset ready to play.
    const t0 = Date.now();
    await page.goto(url);
    await page.locator('.sim-node').first().waitFor();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('ready'),
    );
    const firstScreenMs = Date.now() - t0;
    const sinceNavigation = await page.evaluate(() => performance.now());
    console.log(
      `first screen ready to play in ${firstScreenMs} ms (${sinceNavigation.toFixed(0)} ms after navigation start)`,
    );
    expect(firstScreenMs).toBeLessThan(3000); // target < 1 s; generous bound for a loaded CI machine
    await shot(page, '01-first-screen');

    // Pick the preset and play at max speed: the figures move.
    await page.getByTestId(`preset-${target.file}`).click();
    await page.getByTestId(`node-${target.db}`).waitFor();
    await page.getByTestId('speed').selectOption({ label: 'max' });
    const playAt: number = await page.evaluate(() => performance.now());
    await page.getByTestId('play').click();
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=metric-throughput]')?.getAttribute('data-value')) > 0,
    );
    await shot(page, '02-running');
    await waitFinished(page);
    // The page never freezes while the worker runs flat out: no main-thread task over 200 ms.
    const longestWhileRunning = await longestTaskSince(page, playAt);
    // Task durations are wall-clock: on a CPU shared with other work (load average above the core
    // count) every task stretches by about load / cores, so the 200 ms budget is scaled by that factor.
    const factor = contention();
    console.log(
      `longest main-thread task while running at max: ${longestWhileRunning.toFixed(0)} ms (budget ${(200 * factor).toFixed(0)} ms at CPU contention ×${factor.toFixed(1)})`,
    );
    expect(longestWhileRunning).toBeLessThan(200 * factor);
    await shot(page, '03-finished');
    // Theory beside the run: the database is named as the bottleneck, with its saturation rate.
    await page.getByTestId('tab-theory').click();
    const headline = page.getByTestId('theory-headline');
    await headline.waitFor({ timeout: 10_000 });
    expect(await headline.textContent()).toMatch(/saturates first, at ≈ [\d.,k]+\/s/);
    await page.getByTestId(`theory-${target.db}`).waitFor();
    await shot(page, '03b-theory');
    await page.getByTestId('tab-charts').click();
    const before = await exportResult(page);
    const dbBefore = before.nodes[target.db].utilization;
    expect(dbBefore).toBeGreaterThan(0);

    // Drag a cache onto the canvas and wire app → cache.
    const canvas = page.getByTestId('canvas');
    const box = (await canvas.boundingBox())!;
    await page
      .getByTestId('palette-cache')
      .dragTo(canvas, { targetPosition: { x: box.width / 2, y: box.height - 90 } });
    const cache = page.locator('[data-testid^="node-cache"]').first();
    await cache.waitFor();
    const cacheId = ((await cache.getAttribute('data-testid')) ?? '').slice('node-'.length);
    const from = page.locator(`[data-testid="node-${target.app}"] .react-flow__handle.source`);
    const to = page.locator(`[data-testid="node-${cacheId}"] .react-flow__handle.target`);
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId(`edge-${target.app}-${cacheId}`).waitFor();
    await shot(page, '04-cache-wired');

    // Run again: the cache takes reads off the database.
    await page.getByTestId('play').click();
    await waitFinished(page);
    await shot(page, '05-with-cache');
    const after = await exportResult(page);
    console.log(
      `DB utilisation ${dbBefore.toFixed(3)} → ${after.nodes[target.db].utilization.toFixed(3)} with a cache`,
    );
    expect(after.nodes[target.db].utilization).toBeLessThan(dbBefore);

    // Fail the app server mid-run: errors rise. Then undo the recorded failure.
    await page.getByTestId('speed').selectOption({ label: '10×' });
    await page.getByTestId('play').click();
    await page.waitForFunction(() =>
      /running [1-9]/.test(document.querySelector('[data-testid=run-status]')?.textContent ?? ''),
    );
    const failsBefore = (await savedScenario(page)).events?.filter((e) => e.do === 'fail').length ?? 0;
    const errorsBefore = Number(await page.getByTestId('metric-errors').getAttribute('data-value'));
    await page.getByTestId(`node-menu-${target.app}`).click();
    await page.getByTestId('menu-fail').click();
    await page.waitForFunction(
      (e) =>
        Number(document.querySelector('[data-testid=metric-errors]')?.getAttribute('data-value')) >
        Math.max(0.05, e),
      errorsBefore,
      { timeout: 30_000 },
    );
    await page.getByTestId('pause').click();
    // Why it failed: the failed app server shows up as a "target down" row, at that node.
    await page.getByTestId('tab-failures').click();
    const targetDown = page.getByTestId('failure-target-down');
    await targetDown.waitFor({ timeout: 10_000 });
    expect(await targetDown.textContent()).toContain(target.appName);
    await shot(page, '06-app-failed');
    await page.getByTestId('tab-charts').click();
    const fails = (await savedScenario(page)).events?.filter((e) => e.do === 'fail').length ?? 0;
    expect(fails).toBe(failsBefore + 1);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('ready'),
    );
    expect((await savedScenario(page)).events?.filter((e) => e.do === 'fail').length ?? 0).toBe(failsBefore);
    expect(await status(page)).toMatch(/^ready/);

    // Share: the link opens the same scenario in a new page.
    await page.getByTestId('share').click();
    const link = await page.getByTestId('share-link').inputValue();
    expect(link).toMatch(/#s=1\./);
    const mine = await savedScenario(page);
    const other = await context.browser()!.newContext({ viewport: { width: 1440, height: 900 } });
    const page2 = await other.newPage();
    watch(page2);
    await page2.goto(link);
    await page2.getByTestId(`node-${cacheId}`).waitFor();
    const theirs = await savedScenario(page2);
    expect(theirs).toEqual(mine);
    await shot(page2, '07-shared-link');

    // Dark theme, for the record.
    await page.getByTestId('theme').click();
    await shot(page, '08-dark');

    // Over the whole session (first screen, preset, runs, drag, wire, fail, undo, share, theme):
    // the first chart mount and the end-of-run redraw used to take 300–450 ms on a loaded machine.
    const longestSession = await longestTaskSince(page, 0);
    const factorNow = contention();
    console.log(
      `longest main-thread task over the whole session: ${longestSession.toFixed(0)} ms (budget ${(200 * factorNow).toFixed(0)} ms at CPU contention ×${factorNow.toFixed(1)})`,
    );
    expect(longestSession).toBeLessThan(200 * factorNow);
    expect(problems).toEqual([]);
    await other.close();
    await context.close();
  });

  it('runs a load sweep off the main thread, with cancel, and marks the knee', {
    timeout: 180_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    watch(page);
    await page.goto(url);
    await page.locator('.sim-node').first().waitFor();
    // A long sweep (12 nodes) can be cancelled: the progress goes away and no knee is drawn.
    await page.getByTestId('preset-full-stack').click();
    await page.getByTestId('node-workers').waitFor();
    await page.getByTestId('tab-experiments').click();
    expect(await page.getByTestId('sweep').textContent()).toMatch(
      /first 4 min of the scenario's 5 min and measures the 2 min with the most traffic, from 2 min to 4 min/,
    );
    await page.getByTestId('sweep-run').click();
    await page.getByTestId('sweep-progress').waitFor();
    await page.getByTestId('experiment-cancel').click();
    await page.getByTestId('sweep-progress').waitFor({ state: 'detached' });
    expect(await page.getByTestId('sweep-knee').count()).toBe(0);
    // A short sweep runs to the end: ten points, the knee marked on the chart and named below it.
    await page.getByTestId('preset-zero-1-single-server').click();
    await page.getByTestId('sweep-run').click();
    await page.getByTestId('sweep-knee-text').waitFor({ timeout: 120_000 });
    await page.getByTestId('sweep-knee').waitFor();
    expect(await page.getByTestId('sweep-knee-text').textContent()).toMatch(
      /The knee: up to ≈ [\d.,k]+ req\/s/,
    );
    await page.evaluate(() => {
      const c = document.querySelector('.center');
      if (c) c.scrollTop = c.scrollHeight;
    });
    await shot(page, '10-sweep');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the problems of an invalid link without touching the saved work', {
    timeout: 60_000,
  }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('.sim-node').first().waitFor();
    const saved = await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY);
    expect(saved).toBeTruthy(); // the opening preset is saved work from the first moment
    await page.goto(`${url}#s=1.not-a-real-link`);
    await page.reload();
    await page.getByTestId('validation-errors').waitFor();
    expect(await page.getByTestId('validation-errors').textContent()).toMatch(/link/);
    expect(await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY)).toBe(saved);
    await shot(page, '09-invalid-link');
    await context.close();
  });
});
