import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The server's browser apps, one build into dist/web/: office/ (the back office) and hand/ (the
 * handheld), sharing one assets/ folder, the till's component kit (renderer/components) and its
 * words (domain/i18n). The server serves them at /office/ and /hand/.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        office: fileURLToPath(new URL('office/index.html', import.meta.url)),
        hand: fileURLToPath(new URL('hand/index.html', import.meta.url)),
        // The handheld's service worker, at a fixed name: the server serves it at /hand/sw.js.
        'hand-sw': fileURLToPath(new URL('hand/sw.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'hand-sw' ? 'hand/sw.js' : 'assets/[name]-[hash].js',
      },
    },
  },
});
