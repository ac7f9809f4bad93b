/**
 * End-to-end harness: builds the app once into dist/, serves it from a tiny node:http static server
 * on 127.0.0.1 (free port), and launches Debian's Chromium through playwright-core.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_MISSING = `Chromium not found at ${CHROMIUM} — install it with: apt-get install -y chromium`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Builds the app with the project's Vite config: into dist/ by default (buildOnce.ts calls it once
 * per test run); `base` and `outDir` build it as a host serving it under a sub-path would
 * (`vite build --base /scalelab/`), into a folder of its own so dist/ is left alone.
 */
export function buildApp(opts: { base?: string; outDir?: string } = {}): void {
  const extra: string[] = [];
  if (opts.base) extra.push('--base', opts.base);
  if (opts.outDir) extra.push('--outDir', opts.outDir, '--emptyOutDir');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', ...extra],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

/**
 * Serves a build (dist/ by default) on 127.0.0.1 under `base` (default '/'); resolves with the
 * server and the URL of the base. Anything asked for outside `base` gets a 404 and is listed in
 * `outside`, so a build that reaches for '/…' instead of its own path is caught.
 */
export function serveDist(
  dir = DIST,
  base = '/',
): Promise<{ server: Server; url: string; outside: string[] }> {
  const outside: string[] = [];
  const server = createServer((req, res) => {
    const full = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!full.startsWith(base)) {
      outside.push(full);
      res.writeHead(404).end();
      return;
    }
    const path = `/${full.slice(base.length)}`;
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      ok({ server, url: `http://127.0.0.1:${port}${base}`, outside });
    });
  });
}

/** Launches headless Chromium; throws CHROMIUM_MISSING (never skips) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(CHROMIUM_MISSING);
  // launch() gives every browser a fresh temporary profile of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
