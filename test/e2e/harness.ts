/**
 * What every end-to-end file needs: a temporary folder, the browser-mode server on 127.0.0.1, a
 * watched Chromium (any page error, console error or failed request fails the test), and the
 * contract over HTTP as the page calls it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RunningServer } from '../../electron/server/server.js';
import { launchBrowser, type WatchedBrowser } from './browser.js';

const RENDERER = path.resolve(import.meta.dirname, '../../out/renderer/index.html');

export interface E2e {
  dir: string;
  server: RunningServer;
  b: WatchedBrowser;
  /** Calls an operation of the contract over HTTP; throws with the error's message on failure. */
  api<T>(name: string, input: unknown): Promise<T>;
}

/**
 * Registers the set-up and tear-down of a file's tests. `start` gets the temporary folder and
 * starts the server (on a demo copy, an empty project, ...). The returned object is filled in
 * before the first test runs.
 */
export function useE2e(prefix: string, start: (dir: string) => Promise<RunningServer>): E2e {
  const e2e = {
    api: async <T>(name: string, input: unknown): Promise<T> => {
      const res = await fetch(new URL(`api/${name}`, e2e.server.url), {
        method: 'POST',
        // Scripts carry the run's token as a bearer token; the page keeps it in a cookie.
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${e2e.server.token}` },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
      if (!body.ok) throw new Error(`${name}: ${body.error.message}`);
      return body.value;
    },
  } as E2e;

  beforeAll(async () => {
    if (!fs.existsSync(RENDERER)) throw new Error('The renderer is not built: run `npm run build` before `npm run test:e2e`.');
    e2e.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    e2e.server = await start(e2e.dir);
    e2e.b = await launchBrowser();
  });
  afterEach(() => e2e.b?.expectClean());
  afterAll(async () => {
    await e2e.b?.close();
    await e2e.server?.close();
    if (e2e.dir) fs.rmSync(e2e.dir, { recursive: true, force: true });
  });
  return e2e;
}
