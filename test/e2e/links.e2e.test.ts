/**
 * Links in Chromium (issue 11): each hostile link pasted into an open tab (Ctrl+V on the page) or
 * typed into its address bar (a hash change) gives the same outcome as in a fresh tab; opening a
 * link after editing keeps the edited scenario under Recent and Undo brings it back; a long
 * recorded session's link warns that chat tools cut it and Copy puts it on the clipboard and says
 * so; a longer one is offered as a file. Screenshots go to test/e2e/screenshots/links-*.png.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScenarioLink } from '../../src/share/link';
import { bigScenario } from '../share/bigScenario';
import { type HostileLink, hostileLinks, XSS_NAME } from '../share/hostileLinks';
import { launchChromium, ROOT, serveDist } from './harness';

const SHOTS = join(ROOT, 'test/e2e/screenshots');
const DEFAULT_NAME = 'Social news 1 — one box'; // the first preset, what a first visit opens
const preset = (file: string) => JSON.parse(readFileSync(join(ROOT, `presets/${file}.json`), 'utf8'));

let browser: Browser;
let server: Server;
let url: string;
const problems: string[] = [];

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // A refused link is reported in the page, not as a console error; anything else is a problem.
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return { context, page };
}

const scenarioName = (page: Page) => page.locator('.scenario-name').textContent();

/** Waits until a link's outcome shows: its problems listed, or the scenario it holds on the canvas. */
async function settled(page: Page, link: HostileLink): Promise<void> {
  if (link.outcome === 'refused') await page.getByTestId('validation-errors').waitFor();
  else
    await page.waitForFunction((n) => document.querySelector('.scenario-name')?.textContent === n, XSS_NAME);
  await page.locator('.sim-node').first().waitFor();
}

/** What a user sees after a link: the problems listed, the scenario's name, its nodes, any script run. */
async function outcome(page: Page) {
  const errors = page.getByTestId('validation-errors');
  return {
    errors: (await errors.count()) > 0 ? await errors.textContent() : null,
    name: await scenarioName(page),
    nodes: await page.locator('.sim-node').count(),
    xss: await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null),
    injected: await page.locator('.app-header img, .app-header script').count(),
  };
}

/** Opens the app (first visit: the first preset) and waits for the canvas. */
async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(`${url}${hash}`);
  await page.locator('.sim-node').first().waitFor();
}

/** Pastes text onto the page (outside any field) the way a user does: clipboard, then Ctrl+V. */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('.brand').click();
  await page.keyboard.press('ControlOrMeta+V');
}

describe('links in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    ({ server, url } = await serveDist());
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  it('each hostile link gives the same outcome pasted or typed into an open tab as in a fresh one', {
    timeout: 240_000,
  }, async () => {
    for (const link of hostileLinks()) {
      const fresh = await newPage();
      await openApp(fresh.page, link.hash);
      await settled(fresh.page, link);
      const inFresh = await outcome(fresh.page);
      const freshHash = await fresh.page.evaluate(() => location.hash);
      await fresh.context.close();

      // The expected outcome, so that "the same" is not "the same nothing".
      if (link.outcome === 'refused') {
        expect(inFresh.errors, link.name).toMatch(link.says!);
        expect(inFresh.name, link.name).toBe(DEFAULT_NAME);
      } else {
        expect(inFresh.errors, link.name).toBeNull();
        expect(inFresh.name, link.name).toBe(XSS_NAME);
        expect(freshHash, `${link.name}: an opened link leaves the address bar`).toBe('');
      }
      expect(inFresh.xss, link.name).toBeNull();
      expect(inFresh.injected, link.name).toBe(0);

      // Pasted onto the page of a tab that already has the app open.
      const pasted = await newPage();
      await openApp(pasted.page);
      expect(await scenarioName(pasted.page)).toBe(DEFAULT_NAME);
      await paste(pasted.page, `${url}${link.hash}`);
      await settled(pasted.page, link);
      expect(await outcome(pasted.page), `${link.name}, pasted`).toEqual(inFresh);
      if (link.name === 'invalid values')
        await pasted.page.screenshot({ path: join(SHOTS, 'links-01-pasted-invalid.png') });
      await pasted.context.close();

      // Typed into the address bar of an open tab: only the fragment changes (hashchange).
      const typed = await newPage();
      await openApp(typed.page);
      await typed.page.evaluate((h) => {
        location.hash = h;
      }, link.hash);
      await settled(typed.page, link);
      expect(await outcome(typed.page), `${link.name}, hash change`).toEqual(inFresh);
      expect(await typed.page.evaluate(() => location.hash), link.name).toBe(freshHash);
      await typed.context.close();
    }
    expect(problems).toEqual([]);
  });

  it('opening a link after editing keeps the edited scenario under Recent, and Undo brings it back', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await newPage();
    await openApp(page);
    // The user's own edit: rename the scenario (inspector, nothing selected).
    await page.locator('#scenario-name').fill('My own edits');
    await page.locator('.brand').click();
    expect(await scenarioName(page)).toBe('My own edits');

    const other = preset('zero-2-load-balancer-and-replicas');
    await paste(page, `${url}${await encodeScenarioLink(other)}`);
    await page.waitForFunction(
      (n) => document.querySelector('.scenario-name')?.textContent === n,
      other.name,
    );
    expect(await page.getByTestId('validation-errors').count()).toBe(0);
    // The edited scenario is in the recent list, with its name and when it was edited.
    const recent = page.getByTestId('recent');
    await recent.locator('summary').click();
    const entries = recent.locator('.recent-entry');
    expect(await entries.count()).toBe(1);
    expect(await entries.first().textContent()).toMatch(/My own edits.*3 nodes · edited just now/);
    await page.screenshot({ path: join(SHOTS, 'links-02-recent.png') });
    await recent.locator('summary').click();

    // Undo right after opening brings the edited scenario back; Redo goes to the link again.
    await page.getByTestId('undo').click();
    expect(await scenarioName(page)).toBe('My own edits');
    expect(await page.locator('.sim-node').count()).toBe(3);
    await page.getByTestId('redo').click();
    expect(await scenarioName(page)).toBe(other.name);

    // One click on the recent entry restores it too, and the scenario it replaces takes its place.
    await recent.locator('summary').click();
    await entries.first().click();
    expect(await scenarioName(page)).toBe('My own edits');
    await recent.locator('summary').click();
    expect(await entries.count()).toBe(1);
    expect(await entries.first().textContent()).toContain(other.name);

    // Both survive a reload: the work in storage, the list too.
    await page.reload();
    await page.locator('.sim-node').first().waitFor();
    expect(await scenarioName(page)).toBe('My own edits');
    expect(await page.getByTestId('recent').locator('summary').textContent()).toMatch(/Recent \(1\)/);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('a long link warns that chat tools cut it, Copy says copied; a longer one is offered as a file', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await newPage();
    const big = bigScenario(1000);
    await openApp(page, await encodeScenarioLink(big));
    expect(await scenarioName(page)).toBe(big.name);

    await page.getByTestId('share').click();
    const popover = page.locator('.share-popover');
    await popover.waitFor();
    expect(await popover.getAttribute('data-fit')).toBe('long');
    const link = await page.getByTestId('share-link').inputValue();
    expect(link.startsWith(`${url}#s=1.`)).toBe(true);
    expect(link.length).toBeGreaterThan(8000);
    expect(await popover.locator('.share-long').textContent()).toMatch(
      new RegExp(`${link.length.toLocaleString('en-US')} characters long: some chat tools`),
    );
    await page.getByTestId('share-copy').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=share-copy]')?.textContent?.includes('Copied'),
    );
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.screenshot({ path: join(SHOTS, 'links-03-long-link.png') });
    await popover.screenshot({ path: join(SHOTS, 'links-03-long-link-popover.png') });
    await page.keyboard.press('Escape');

    // What was copied opens the same scenario in a fresh tab.
    const other = await newPage();
    await openApp(other.page, link.slice(url.length));
    expect(await scenarioName(other.page)).toBe(big.name);
    await other.context.close();

    // Ten times the session: over 65 536 characters, no link, the scenario as a file.
    const bigger = bigScenario(10_000, 'An even longer session');
    const file = join(tmpdir(), 'scalelab-links-bigger.json');
    writeFileSync(file, JSON.stringify(bigger));
    await page.getByTestId('import-scenario').locator('xpath=ancestor::details').locator('summary').click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.waitForFunction(
      (n) => document.querySelector('.scenario-name')?.textContent === n,
      bigger.name,
    );
    await page.getByTestId('share').click();
    await popover.waitFor();
    expect(await popover.getAttribute('data-fit')).toBe('too-long');
    expect(await page.getByTestId('share-link').count()).toBe(0);
    expect(await popover.locator('.share-too-long').textContent()).toMatch(/Share it as a file instead/);
    await popover.screenshot({ path: join(SHOTS, 'links-04-too-long-popover.png') });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('share-file').click(),
    ]);
    const saved = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(saved.name).toBe(bigger.name);
    expect(saved.events).toEqual(bigger.events);
    await context.close();
    expect(problems).toEqual([]);
  });
});
