// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The design's import rules: each layer names the layers it must never reach into. `builtins`
 * refuses Node's modules by their bare names too ('crypto', 'fs/promises'): exact names, since a
 * pattern such as `domain` would also match our own folder.
 */
const layer = (files, forbidden, message, { builtins = false } = {}) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: builtins ? builtinModules.map((name) => ({ name, message })) : [],
        patterns: [{ group: forbidden, message }],
      },
    ],
  },
});

const electronOnly = ['electron', 'electron/*'];

/** The faces, thin shells over main/index.ts: the command line, the kiosk, Electron. */
const faces = ['**/cli', '**/cli/**', '**/kiosk', '**/kiosk/**', '**/electron', '**/electron/**'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'var/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  layer(
    ['domain/**'],
    [
      '**/db/**',
      '**/drivers/**',
      '**/main/**',
      '**/server/**',
      '**/renderer/**',
      'node:*',
      'fs',
      'net',
      'child_process',
      'better-sqlite3',
      'serialport',
      'node-hid',
      ...electronOnly,
    ],
    'domain/ is pure: it imports no other layer and does no I/O.',
    { builtins: true },
  ),
  layer(
    ['db/**'],
    ['**/drivers/**', '**/main/**', '**/server/**', '**/renderer/**', ...electronOnly],
    'db/ may import domain/ only.',
  ),
  layer(
    ['drivers/**'],
    ['**/db/**', '**/main/**', '**/server/**', '**/renderer/**', ...electronOnly],
    'drivers/ may import domain/ only.',
  ),
  layer(
    ['server/**'],
    ['**/db/**', '**/drivers/**', '**/main/**', '**/renderer/**', ...electronOnly],
    'server/ may import domain/ only.',
  ),
  {
    ...layer(
      ['renderer/**'],
      [
        '**/db/**',
        '**/drivers/**',
        '**/server/**',
        '**/main/**',
        '!**/main/api',
        'node:*',
        'better-sqlite3',
        'serialport',
        'node-hid',
        ...electronOnly,
      ],
      'renderer/ may import domain/ and main/api.ts only.',
      { builtins: true },
    ),
    // Vite's config runs in Node, at build time; it is no part of the screens.
    ignores: ['renderer/vite.config.ts'],
  },
  {
    // The DOM's globals only: with main/api.ts's types come Node's, which tsc cannot keep out.
    files: ['renderer/**'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      // main/api.ts is the contract's types; its code (zod, the till) stays in the main process.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/api'],
              allowTypeImports: true,
              message: 'The renderer imports only types from main/api.ts (import type).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'global', 'require', 'module', '__dirname', '__filename'].map(
          (name) => ({ name, message: 'The renderer runs in a browser: no Node globals.' }),
        ),
      ],
    },
  },
  {
    ...layer(
      ['web/**'],
      [
        '**/db/**',
        '**/drivers/**',
        '**/server/**',
        '**/main/**',
        'node:*',
        'better-sqlite3',
        'serialport',
        'node-hid',
        ...electronOnly,
      ],
      "web/ (the server's browser apps) may import domain/ and renderer/'s kit only.",
      { builtins: true },
    ),
    ignores: ['web/vite.config.ts'],
  },
  layer(
    ['main/**'],
    ['**/server/**', '**/renderer/**', ...electronOnly],
    "main/ may import domain/, db/ and drivers/; only main/electron/ imports 'electron'.",
  ),
  layer(
    ['main/till/**', 'main/devices/**', 'main/sync/**'],
    ['**/server/**', '**/renderer/**', ...electronOnly, ...faces],
    'main/till/, main/devices/ and main/sync/ serve the faces (command line, kiosk, Electron) and never import one.',
  ),
  layer(
    ['main/electron/**'],
    ['**/server/**', '**/renderer/**'],
    'main/electron/ must not import the server or the renderer.',
  ),
);
