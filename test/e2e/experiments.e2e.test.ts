/**
 * Experiments in the browser: a load sweep on the app's pool of experiment workers (three of them,
 * as on a 4-core machine) exports the very scalelab/sweep@1 JSON the CLI prints for the same
 * scenario and loads — one runner, whatever the transport and the number of workers.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { SWEEP_FACTORS } from '../../src/experiments/plans';
import { launchChromium, ROOT, serveDist } from './harness';

const SHOTS = join(ROOT, 'test/e2e/screenshots');
const PRESET = 'zero-1-single-server';

let browser: Browser;
let server: Server;
let url: string;

describe('experiments in the browser', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ server, url } = await serveDist());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('a sweep on the pool of Web Workers gives the CLI’s points, byte for byte', {
    timeout: 240_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    // A 4-core machine: the pool is hardwareConcurrency − 1 = 3 workers.
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4 });
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(url);
    await page.locator('.sim-node').first().waitFor();
    await page.getByTestId(`preset-${PRESET}`).click();
    await page.getByTestId('tab-experiments').click();
    const t0 = Date.now();
    await page.getByTestId('sweep-run').click();
    await page.getByTestId('sweep-knee-text').waitFor({ timeout: 180_000 });
    const wallMs = Date.now() - t0;
    expect(workers.filter((w) => /experimentWorker/.test(w))).toHaveLength(3);
    expect(await page.getByTestId('sweep-capacity').textContent()).toMatch(
      /Goodput levels off at|No saturation/,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('sweep-export').click(),
    ]);
    const app = readFileSync((await download.path())!, 'utf8');
    await page.evaluate(() => {
      const c = document.querySelector('.center');
      if (c) c.scrollTop = c.scrollHeight;
    });
    await page.getByTestId('sweep').screenshot({ path: join(SHOTS, 'experiments-sweep.png') });

    // The CLI on the same file, the app's ten traffic factors, two worker threads.
    const out: string[] = [];
    const code = await main(
      [
        'sweep',
        join(ROOT, 'presets', `${PRESET}.json`),
        '--scales',
        SWEEP_FACTORS.join(','),
        '--workers',
        '2',
        '--json',
      ],
      {
        out: (t) => out.push(t),
        err: () => {},
        readFile: (p) => readFileSync(p, 'utf8'),
      },
    );
    expect(code).toBe(0);
    const cli = out.join('\n');
    expect(JSON.parse(app).format).toBe('scalelab/sweep@1');
    expect(JSON.parse(app).points.length).toBeGreaterThanOrEqual(SWEEP_FACTORS.length);
    expect(app).toBe(cli);
    expect(errors).toEqual([]);
    console.log(`app sweep of ${PRESET} on 3 workers: ${wallMs} ms wall`);
    await context.close();
  });
});
