/**
 * The canvas lays itself out (issue 10, point 7), in Chromium: after opening each preset no two
 * `node-<id>` cards overlap on screen and the text stays readable; Tidy re-lays a messed-up graph
 * in one undo step; a scenario with no positions opens laid out.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, ROOT, serveDist } from './harness';

const SHOTS = join(ROOT, 'test/e2e/screenshots');

let browser: Browser;
let server: Server;
let url: string;

type Box = { id: string; x: number; y: number; w: number; h: number };

async function cards(page: Page): Promise<Box[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.react-flow__node [data-testid^="node-"]')]
      .filter((el) => !el.getAttribute('data-testid')!.startsWith('node-menu-'))
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.getAttribute('data-testid')!, x: r.x, y: r.y, w: r.width, h: r.height };
      }),
  );
}

function overlapping(boxes: Box[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
        out.push(`${a.id} / ${b.id}`);
    }
  return out;
}

const zoom = (page: Page) =>
  page.evaluate(() => {
    const t = (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform;
    return Number(/scale\(([\d.]+)\)/.exec(t)?.[1] ?? Number.NaN);
  });

describe('the canvas lays itself out', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    ({ server, url } = await serveDist());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('opens every preset with no two nodes overlapping, readable', { timeout: 240_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(url);
    await page.locator('.sim-node').first().waitFor();
    const index = await (await fetch(`${url}presets/index.json`).catch(() => null))?.json().catch(() => null);
    const names: string[] = index
      ? index.tracks.flatMap((t: { presets: string[] }) => t.presets)
      : await page.evaluate(() =>
          [...document.querySelectorAll('[data-testid^="preset-"]')].map((e) =>
            e.getAttribute('data-testid')!.slice('preset-'.length),
          ),
        );
    expect(names.length).toBe(22);
    for (const name of names) {
      await page.getByTestId(`preset-${name}`).click();
      await page.waitForFunction((n) => document.querySelector('.sim-node') && document.title !== n, name);
      await page.waitForTimeout(250);
      const boxes = await cards(page);
      expect(boxes.length, name).toBeGreaterThan(1);
      expect(overlapping(boxes), name).toEqual([]);
      expect(await zoom(page), name).toBeGreaterThanOrEqual(0.75);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('Tidy re-lays a messed-up graph in one undo step', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('.sim-node').first().waitFor();
    await page.getByTestId('preset-reddit-3-memcached').click();
    await page.getByTestId('node-cache').waitFor();
    const dismiss = page.getByRole('button', { name: 'Dismiss' });
    if (await dismiss.count()) await dismiss.click();
    await page.waitForTimeout(250);
    // Drag the cache onto the database.
    const db = (await page.getByTestId('node-db').boundingBox())!;
    const cache = (await page.getByTestId('node-cache').boundingBox())!;
    await page.mouse.move(cache.x + 40, cache.y + 8);
    await page.mouse.down();
    await page.mouse.move(db.x + 45, db.y + 12, { steps: 8 });
    await page.mouse.up();
    expect(overlapping(await cards(page))).not.toEqual([]);
    const moved = await cards(page);
    await page.getByTestId('tidy').click();
    await page.waitForTimeout(400);
    expect(overlapping(await cards(page))).toEqual([]);
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(400);
    // One undo brings the user's (overlapping) layout back, as it was (the fit may have zoomed).
    expect(overlapping(await cards(page))).not.toEqual([]);
    expect((await cards(page)).length).toBe(moved.length);
    await context.close();
  });

  it('moves the sampled requests along their edges, with outcomes, each opening its waterfall', {
    timeout: 120_000,
  }, async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        colorScheme: scheme,
      });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(url);
      await page.locator('.sim-node').first().waitFor();
      await page.getByTestId('preset-cache-stampede-no-coalesce').click();
      await page.getByTestId('node-cache').waitFor();
      const dismiss = page.getByRole('button', { name: 'Dismiss' });
      if (await dismiss.count()) await dismiss.click();
      await page.getByTestId('speed').selectOption({ label: '10×' });
      await page.getByTestId('play').click();
      // Hits and misses at the cache within a few seconds of simulated time.
      await page.locator('[data-outcome="hit"]').first().waitFor({ timeout: 30_000 });
      await page.locator('[data-outcome="miss"]').first().waitFor({ timeout: 30_000 });
      const outcomes = await page.evaluate(() =>
        [...document.querySelectorAll('[data-outcome]')].map((e) => e.getAttribute('data-outcome')),
      );
      expect(outcomes.every((o) => ['ok', 'failed', 'hit', 'miss', 'stale'].includes(o ?? ''))).toBe(true);
      await page.screenshot({ path: join(SHOTS, `canvas-dots-${scheme}.png`) });
      await page.locator('[data-outcome]').first().dispatchEvent('click');
      await page.getByTestId('waterfall').waitFor();
      expect(await page.getByTestId('waterfall').locator('.waterfall-pick').count()).toBeGreaterThan(0);
      await page.getByTestId('pause').click();
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
