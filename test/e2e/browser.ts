/**
 * Debian's Chromium through playwright-core, with a watch on everything that should never happen
 * in a healthy session: an uncaught page error, a console error, an HTTP answer >= 400, a failed
 * request. Tests call `expectClean()` (and it runs again before the browser closes), so a
 * regression that only shows in the console still fails the suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS as ARGS } from '../chromium.js';

export const RESULTS_DIR = path.resolve(import.meta.dirname, '../../test-results');


export interface WatchedBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Everything that went wrong so far, one line each. */
  problems: string[];
  /** Fails the running test if anything went wrong, then starts a fresh list. */
  expectClean(): void;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<WatchedBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package.`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !new URL(r.url()).pathname.endsWith('/favicon.ico')) {
      problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
    }
  });
  page.on('requestfailed', (r) => {
    const reason = r.failure()?.errorText ?? '';
    // A reload ends the open event stream and aborts answers still on their way (a refresh after
    // the last change); neither is a failure of the app.
    if (new URL(r.url()).pathname.startsWith('/api/') && reason.includes('ABORTED')) return;
    if (new URL(r.url()).pathname.endsWith('/favicon.ico')) return;
    problems.push(`request failed: ${r.method()} ${r.url()} ${reason}`);
  });
  const expectClean = () => {
    const seen = problems.splice(0);
    expect(seen, 'the page reported errors').toEqual([]);
  };
  return {
    browser,
    context,
    page,
    problems,
    expectClean,
    async screenshot(name) {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      const file = path.join(RESULTS_DIR, name);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await browser.close();
    },
  };
}
