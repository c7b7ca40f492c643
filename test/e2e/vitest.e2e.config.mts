import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: a real Chromium (Debian's /usr/bin/chromium through playwright-core) against
 * the browser-mode server on 127.0.0.1. Run after `npm run build` (the server serves out/renderer).
 * One file at a time: each starts its own server and browser, and the machines have two cores.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    teardownTimeout: 30_000,
  },
});
