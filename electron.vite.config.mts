import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          index: resolve(root, 'electron/main/index.ts'),
          // The import parser's thread, started by the core as out/main/parse-worker.js.
          'parse-worker': resolve(root, 'electron/core/documents/parse-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve(root, 'electron/preload/index.ts') },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      // Loaded from disk (app://) or 127.0.0.1, never over a network: one chunk is fine.
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
