/**
 * Issue 13 in Chromium: a hostile link that the gate accepts (the out-of-memory
 * reproducer: 10^7 requests/s into 10^7 slots of 1 h each) opened in a fresh tab and played at
 * max ends at the work budget within a bounded wall time, the page says why it stopped, and the
 * main thread never blocks for more than 200 ms (scaled by CPU contention, as in freeze.e2e).
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScenarioLink } from '../../src/share/link';
import { callsPileUp } from '../fuzz/heldScenarios';
import { launchChromium, ROOT, serveDist } from './harness';
import { contention, longestTaskSince, openPage, watchLongTasks } from './pageWatch';

const BUDGET_MS = 200;
let browser: Browser;
let server: Server;
let url: string;

describe('a hostile link cannot freeze the page', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    ({ server, url } = await serveDist());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('the out-of-memory reproducer stops at the work budget, says why, and the page stays responsive', {
    timeout: 300_000,
  }, async () => {
    const { context, page, problems } = await openPage(browser);
    await watchLongTasks(page);
    await page.goto(`${url}${await encodeScenarioLink(callsPileUp())}`);
    await page.getByTestId('node-app').waitFor();
    await page.getByTestId('speed').selectOption({ label: 'max' });
    const playAt: number = await page.evaluate(() => performance.now());
    await page.getByTestId('play').click();
    const status = page.getByTestId('run-status');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=run-status]')?.textContent?.includes('stopped at'),
      null,
      { timeout: 240_000 },
    );
    const wallMs: number = (await page.evaluate(() => performance.now())) - playAt;
    await page.screenshot({ path: join(ROOT, 'test/e2e/screenshots/hostile-oom-stopped.png') });
    expect(await status.textContent()).toMatch(/stopped at .*2,000,000 calls held at once/);
    // Shown as a warning, not in the green of a run that finished.
    expect(await status.getAttribute('class')).toBe('status-stopped');
    // Still responsive: Restart is handled and the run is ready again.
    await page.getByTestId('restart').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('ready'),
      null,
      { timeout: 30_000 },
    );
    const longest = await longestTaskSince(page, playAt);
    const factor = contention();
    console.log(
      `OOM link at max: stopped after ${(wallMs / 1000).toFixed(1)} s wall, longest main-thread task ${longest.toFixed(0)} ms (budget ${(BUDGET_MS * factor).toFixed(0)} ms)`,
    );
    expect(longest).toBeLessThan(BUDGET_MS * factor);
    expect(problems).toEqual([]);
    await context.close();
  });
});
