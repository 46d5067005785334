import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The dashboard: built into dist/dashboard, which the API serves at `/` (no CDN: everything is bundled). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/dashboard'),
    emptyOutDir: true,
    target: 'es2022',
    // ECharts is most of the bundle; one chunk keeps the page to three requests.
    chunkSizeWarningLimit: 1500,
  },
});
