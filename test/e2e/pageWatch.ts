/**
 * What browser tests watch on a page: uncaught errors, and long main-thread tasks (the page must
 * never freeze), with the CPU-contention factor their budgets are scaled by.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * A fresh context and page at a desktop size; `problems` collects the page's uncaught errors
 * (a test ends with expect(problems).toEqual([])).
 */
export async function openPage(
  browser: Browser,
  height = 900,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page, problems };
}

/** Collects long main-thread tasks from the next navigation on (call before page.goto). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: [number, number][] };
    w.__longTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // longtask timing unsupported: nothing to collect
    }
  });
}

/** Long tasks [start, duration] (page clock, ms) since the page opened. */
export function longTasks(page: Page): Promise<[number, number][]> {
  return page.evaluate(() => (window as unknown as { __longTasks: [number, number][] }).__longTasks);
}

/** The longest main-thread task (ms) that started after `sinceMs` (page clock). */
export async function longestTaskSince(page: Page, sinceMs: number): Promise<number> {
  const tasks = await longTasks(page);
  return Math.max(0, ...tasks.filter(([start]) => start >= sinceMs).map(([, d]) => d));
}

/**
 * Task durations are wall-clock: on a CPU shared with other work (load average above the core
 * count) every task stretches by about load / cores, so budgets are scaled by that factor.
 */
export function contention(): number {
  return Math.max(1, loadavg()[0] / availableParallelism());
}
