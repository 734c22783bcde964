import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The screens, built into dist/renderer/. Assets are addressed relative to the page, so the same
 * build loads from the kiosk host (http://127.0.0.1:PORT/) and from Electron (app://till/).
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
