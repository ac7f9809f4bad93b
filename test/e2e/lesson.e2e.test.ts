/**
 * Lessons in a real browser: "predict, then run" on the reddit-1 preset (answer which node
 * saturates first and at about what rate; the guesses survive a reload; the run at max reveals
 * what to notice and marks one guess right and one wrong), and the SLO's error-budget chart on the
 * circuit-breaker preset (visible, with its "x% of the error budget used" figure and when it ran
 * out). Screenshots of the predict card and the SLO chart in light and dark go to
 * test/e2e/screenshots/ (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, ROOT, serveDist } from './harness';
import { openPage } from './pageWatch';

const SHOTS = join(ROOT, 'test/e2e/screenshots');

let browser: Browser;
let server: Server;
let url: string;

async function runToEnd(page: Page): Promise<void> {
  await page.getByTestId('speed').selectOption({ label: 'max' });
  await page.getByTestId('play').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=run-status]')?.textContent?.includes('finished'),
    null,
    { timeout: 150_000 },
  );
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme)
    await page.getByTestId('theme').click();
  await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
}

describe('lessons: predict, then run; the SLO burn chart', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ server, url } = await serveDist());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('asks before the run, keeps the guesses over a reload, and marks them after it', {
    timeout: 240_000,
  }, async () => {
    const { context, page, problems } = await openPage(browser, 1000);
    await page.goto(url);
    await page.locator('.sim-node').first().waitFor();
    await page.getByTestId('preset-reddit-1-one-box').click();
    await page.getByTestId('node-db').waitFor();
    const card = page.getByTestId('predict');
    await card.waitFor();
    // Before the run: the questions, no reveal and no notice giving the answer away.
    expect(await card.textContent()).toContain('Which node saturates first');
    expect(await page.getByTestId('predict-reveal').count()).toBe(0);
    expect(await page.locator('.notice-box').count()).toBe(0);
    const options = await page.getByTestId('predict-answer-0').locator('option').allTextContents();
    expect(options.slice(1)).toEqual(['Python app (app)', 'PostgreSQL (same box) (db)']);
    await page.getByTestId('predict-answer-0').selectOption('db');
    // The demand model says ~110 req/s: 300 is outside the 25% band.
    await page.getByTestId('predict-answer-1').fill('300');
    expect(await page.getByTestId('predict-verdict').textContent()).toBe('2 of 2 answered');
    await setTheme(page, 'light');
    await card.screenshot({ path: join(SHOTS, 'lesson-predict-light.png') });

    // The guesses belong to the session: a reload keeps them.
    await page.reload();
    await page.getByTestId('predict').waitFor();
    expect(await page.getByTestId('predict-answer-0').inputValue()).toBe('db');
    expect(await page.getByTestId('predict-answer-1').inputValue()).toBe('300');

    await runToEnd(page);
    // Locked once the run has gone, and marked: the database was right, 300 req/s was not.
    expect(await page.getByTestId('predict-answer-0').isDisabled()).toBe(true);
    const which = page.getByTestId('predict-result-0');
    await which.waitFor();
    expect(await which.getAttribute('data-right')).toBe('true');
    expect(await which.textContent()).toContain('db');
    const rate = page.getByTestId('predict-result-1');
    expect(await rate.getAttribute('data-right')).toBe('false');
    expect(await rate.textContent()).toMatch(/about 1\d\d req\/s.*you said 300 req\/s/);
    expect(await page.getByTestId('predict-verdict').textContent()).toBe('1 of 2 right');
    const reveal = page.getByTestId('predict-reveal');
    expect(await reveal.textContent()).toContain('What to notice');
    expect(await reveal.textContent()).toContain('110 req/s');
    await setTheme(page, 'dark');
    await card.screenshot({ path: join(SHOTS, 'lesson-predict-revealed-dark.png') });
    await setTheme(page, 'light');
    await card.screenshot({ path: join(SHOTS, 'lesson-predict-revealed-light.png') });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the error budget burning on a preset with an SLO', { timeout: 240_000 }, async () => {
    const { context, page, problems } = await openPage(browser, 1000);
    await page.goto(url);
    await page.locator('.sim-node').first().waitFor();
    await page.getByTestId('preset-circuit-breaker').click();
    await page.getByTestId('node-payments').waitFor();
    await runToEnd(page);
    const chart = page.getByTestId('chart-slo');
    await chart.waitFor();
    expect(await chart.isVisible()).toBe(true);
    // The finished run's figures (the CLI's): the outage spends the 1% budget many times over
    // and it runs out soon after the store slows at 1:30.
    const used = await page.getByTestId('slo-budget-used').textContent();
    expect(Number(used!.replace(/[,%]/g, ''))).toBeGreaterThan(100);
    expect(await page.getByTestId('slo-ran-out').textContent()).toMatch(/ran out at 1 min 3\d\.\d s/);
    expect(await chart.textContent()).toContain('99% of requests succeed within 300 ms');
    // A drawn line, not the empty state.
    expect(await page.getByTestId('chart-slo-burn').locator('path').count()).toBeGreaterThan(0);
    await chart.scrollIntoViewIfNeeded();
    await setTheme(page, 'light');
    await chart.screenshot({ path: join(SHOTS, 'lesson-slo-light.png') });
    await setTheme(page, 'dark');
    await chart.screenshot({ path: join(SHOTS, 'lesson-slo-dark.png') });
    expect(problems).toEqual([]);
    await context.close();
  });
});
