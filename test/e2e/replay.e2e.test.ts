/**
 * Issue 14 in Chromium: an edited session (a traffic change and a node failure made while it runs)
 * shared, opened in a fresh tab and replayed exports the same result; a run finished at max draws
 * as many chart points as at 10×; Undo after a spike leaves no spike; an invalid import lists every
 * problem and keeps the canvas. Screenshots go to test/e2e/screenshots/replay-*.png.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScenarioLink } from '../../src/share/link';
import { launchChromium, ROOT, serveDist } from './harness';

const SHOTS = join(ROOT, 'test/e2e/screenshots');
const STORAGE_KEY = 'scalelab.scenario.v1';

let browser: Browser;
let server: Server;
let url: string;
const problems: string[] = [];

/** One minute of the load-balanced preset (health checks, retries, replicas), as a link. */
async function shortLink(): Promise<string> {
  const preset = JSON.parse(
    readFileSync(join(ROOT, 'presets/zero-2-load-balancer-and-replicas.json'), 'utf8'),
  );
  return `${url}${await encodeScenarioLink({ ...preset, duration: '60s', warmup: '10s' })}`;
}

async function open(link: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(link);
  await page.getByTestId('node-web').waitFor();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('ready'),
  );
  return page;
}

const simSeconds = (page: Page) =>
  page.evaluate(() => {
    const m = /(?:running|paused|finished) ([\d.]+) s/.exec(
      document.querySelector('[data-testid=run-status]')?.textContent ?? '',
    );
    return m ? Number(m[1]) : 0;
  });

async function waitSim(page: Page, seconds: number): Promise<void> {
  await page.waitForFunction(
    (s) => {
      const m = /(?:running|finished) ([\d.]+) s/.exec(
        document.querySelector('[data-testid=run-status]')?.textContent ?? '',
      );
      return m !== null && Number(m[1]) >= s;
    },
    seconds,
    { timeout: 60_000 },
  );
}

async function waitFinished(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('[data-testid=run-status]')?.textContent?.includes('finished'),
    null,
    { timeout: 120_000 },
  );
}

/** The result@1 through export-result, without its `run` section. */
async function exportedResult(page: Page): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-result').click(),
  ]);
  const { run: _run, ...rest } = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  return JSON.stringify(rest);
}

async function savedEvents(page: Page): Promise<{ at: number; do: string; value?: unknown }[]> {
  const saved = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY)) ?? '{}');
  return saved.events ?? [];
}

/** Points drawn by the latency chart's p99 line. */
const p99Points = (page: Page) =>
  page.evaluate(
    () =>
      (
        document.querySelector('[data-testid=chart-latency] path[data-line=p99]')?.getAttribute('d') ?? ''
      ).match(/[ML]/g)?.length ?? 0,
  );

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `replay-${name}.png`) });

describe('issue 14 in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ server, url } = await serveDist());
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    expect(problems).toEqual([]);
  });

  it('a session edited while running, shared and replayed in a fresh tab, exports the same result', async () => {
    const page = await open(await shortLink());
    await page.getByTestId('speed').selectOption({ label: '10×' });
    await page.getByTestId('play').click();
    await waitSim(page, 8);
    await page.getByTestId('traffic').fill('60'); // ×1.58
    await page.waitForFunction(() =>
      /1 recorded event/.test(
        document.querySelector('[data-testid=recorded-events] summary')?.textContent ?? '',
      ),
    );
    await waitSim(page, 20);
    // 1× while the menu opens: at 10× the 40 s left pass in 4 s of wall time, and a click that
    // lands after the end fails the replica in a restarted run at t = 0 (then nothing plays).
    await page.getByTestId('speed').selectOption({ label: '1×' });
    await page.getByTestId('node-menu-replica1').click();
    await page.getByTestId('menu-fail').click();
    await page.waitForFunction(() =>
      /2 recorded events/.test(
        document.querySelector('[data-testid=recorded-events] summary')?.textContent ?? '',
      ),
    );
    await page.getByTestId('speed').selectOption({ label: 'max' });
    await waitFinished(page);
    const events = await savedEvents(page);
    expect(events.map((e) => e.do)).toEqual(['set', 'fail']);
    // Recorded at the exact simulated instant (not rounded to a ms grid).
    expect(events.every((e) => e.at > 0)).toBe(true);
    const original = await exportedResult(page);
    // The traffic slider shows what the run had at its end.
    expect(await page.getByTestId('traffic').getAttribute('aria-valuetext')).toBe('×1.58');
    await page.getByTestId('recorded-events').locator('summary').click();
    await shot(page, '01-recorded-events');
    await page.keyboard.press('Escape');

    await page.getByTestId('share').click();
    const link = await page.getByTestId('share-link').inputValue();
    await shot(page, '02-share');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('share-link').count()).toBe(0);

    const fresh = await open(link);
    expect(await fresh.getByTestId('traffic').getAttribute('aria-valuetext')).toBe('×1');
    await fresh.getByTestId('speed').selectOption({ label: '10×' });
    await fresh.getByTestId('play').click();
    await waitSim(fresh, 12);
    // During the replay the slider follows the recorded change.
    expect(await fresh.getByTestId('traffic').getAttribute('aria-valuetext')).toBe('×1.58');
    await fresh.getByTestId('speed').selectOption({ label: 'max' });
    await waitFinished(fresh);
    await shot(fresh, '03-replayed');
    expect(await exportedResult(fresh)).toBe(original);
    await fresh.context().close();
    await page.context().close();
  });

  it('a run finished at max draws as many chart points as at 10×', async () => {
    const link = await shortLink();
    const counts: Record<string, number> = {};
    for (const speed of ['10×', 'max']) {
      const page = await open(link);
      await page.getByTestId('speed').selectOption({ label: speed });
      await page.getByTestId('play').click();
      await waitFinished(page);
      await page.waitForTimeout(500); // the charts draw the result through a deferred render
      counts[speed] = await p99Points(page);
      if (speed === 'max') await shot(page, '04-finished-at-max');
      await page.context().close();
    }
    // 60 s at one point per 100 ms interval: 600 points (the whole series, not the live ring).
    expect(counts.max).toBeGreaterThan(500);
    expect(counts.max).toBe(counts['10×']);
  });

  it('Undo after a spike leaves no spike', async () => {
    const page = await open(await shortLink());
    await page.getByTestId('speed').selectOption({ label: '10×' });
    await page.getByTestId('play').click();
    await waitSim(page, 5);
    await page.getByTestId('spike').click();
    await page.waitForFunction(() =>
      /2 recorded events/.test(
        document.querySelector('[data-testid=recorded-events] summary')?.textContent ?? '',
      ),
    );
    expect((await savedEvents(page)).map((e) => e.value)).toEqual([10, 1]);
    // A second click while it runs says so and adds nothing.
    await page.getByTestId('spike').click();
    await page.getByText(/A spike is already running/).waitFor();
    expect(await savedEvents(page)).toHaveLength(2);
    await page.getByTestId('undo').click();
    await page.waitForFunction(() =>
      /0 recorded events/.test(
        document.querySelector('[data-testid=recorded-events] summary')?.textContent ?? '',
      ),
    );
    expect(await savedEvents(page)).toEqual([]);
    // The run rebuilds from t = 0 without the spike.
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('ready'),
    );
    expect(await page.getByTestId('traffic').getAttribute('aria-valuetext')).toBe('×1');
    expect(await page.getByTestId('spike').getAttribute('class')).not.toContain('active');
    expect(await simSeconds(page)).toBe(0);
    await page.context().close();
  });

  it('an invalid import lists every problem and keeps the canvas; the Files menu closes', async () => {
    const page = await open(await shortLink());
    const file = join(SHOTS, 'replay-broken.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'scalelab/scenario@1',
        name: 'broken',
        nodes: [
          { id: 'users', type: 'client', rate: 10 },
          { id: 'bad id!', type: 'appServer' },
          { id: 'q', type: 'teleporter' },
        ],
        edges: [{ from: 'users', to: 'ghost' }],
      }),
    );
    await page.getByText('Files ▾').click();
    await page.locator('input[type=file]').setInputFiles(file);
    const list = page.getByTestId('validation-errors');
    await list.waitFor();
    const text = (await list.textContent()) ?? '';
    expect(text).toContain('nodes[1].id');
    expect(text).toContain('nodes[2].type');
    expect(text).toContain('edges[0].to');
    expect(text).toContain('replay-broken.json could not be opened');
    await page.getByTestId('node-web').waitFor(); // the canvas is untouched
    expect(await page.locator('details.more-menu[open]').count()).toBe(0);
    await shot(page, '05-invalid-import');
    await page.context().close();
  });
});
