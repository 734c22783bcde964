// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The design's import rules, as allow-lists: each layer names the packages it may import, and
 * any other package (one not listed, a Node module by its bare name or a `node:` one not listed)
 * is refused; then the layers of our own it must never reach into.
 */
const layer = (files, allowed, forbidden, message) => {
  const escaped = allowed.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // Our own files (relative) pass here; a package passes only when listed.
            { regex: `^(?!\\.{1,2}/)(?!(?:${escaped.join('|')})(?:/|$))`, message },
            { group: forbidden, message },
          ],
        },
      ],
    },
  };
};

/** Node's modules by their `node:` names. */
const node = (...names) => names.map((name) => `node:${name}`);

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
    ['zod', 'i18next', 'csv-parse', 'canonicalize'],
    ['**/db/**', '**/drivers/**', '**/main/**', '**/server/**', '**/renderer/**'],
    'domain/ is pure: it imports zod, i18next, csv-parse and canonicalize only, no other layer, no I/O.',
  ),
  layer(
    ['db/**'],
    ['zod', 'better-sqlite3', 'canonicalize', ...node('crypto', 'fs', 'path', 'url')],
    ['**/drivers/**', '**/main/**', '**/server/**', '**/renderer/**'],
    'db/ may import domain/ only, and of packages zod, better-sqlite3, canonicalize and node:crypto, fs, path, url.',
  ),
  layer(
    ['drivers/**'],
    [
      'zod',
      'serialport',
      'node-hid',
      '@point-of-sale/receipt-printer-encoder',
      '@point-of-sale/codepage-encoder',
      ...node('fs', 'net', 'events', 'timers'),
    ],
    ['**/db/**', '**/main/**', '**/server/**', '**/renderer/**'],
    'drivers/ may import domain/ only, and of packages zod, serialport, node-hid, the ESC/POS encoders and node:fs, net.',
  ),
  {
    ...layer(
      ['server/**'],
      [
        'zod',
        'fastify',
        '@fastify/rate-limit',
        '@fastify/static',
        'pg',
        '@electric-sql/pglite',
        'csv-parse',
        'canonicalize',
        '@node-rs/argon2',
        // Printed documents: shelf labels (PDF, EAN-13 bars).
        'pdfkit',
        'bwip-js',
        // Suppliers send their price lists as XLSX too.
        'exceljs',
        // Purchase orders are mailed to suppliers.
        'nodemailer',
        ...node('crypto', 'fs', 'path', 'url', 'util', 'os', 'child_process', 'readline'),
      ],
      ['**/db/**', '**/drivers/**', '**/main/**', '**/renderer/**'],
      'server/ may import domain/ only, and of packages fastify and its plugins, pg, PGlite, zod, csv-parse, canonicalize, argon2, pdfkit, bwip-js, exceljs, nodemailer and a few node: modules.',
    ),
    ignores: ['server/launch.mjs'],
  },
  layer(
    ['server/launch.mjs'],
    ['tsx', ...node('child_process', 'fs', 'path', 'process', 'url')],
    ['**/db/**', '**/drivers/**', '**/main/**', '**/renderer/**', '**/web/**'],
    'server/launch.mjs builds the web apps and starts the server: node: modules and tsx only.',
  ),
  {
    ...layer(
      ['renderer/**'],
      ['react', 'react-dom', 'zustand', 'i18next', 'react-i18next'],
      ['**/db/**', '**/drivers/**', '**/server/**', '**/main/**', '!**/main/api'],
      'renderer/ may import domain/ and main/api.ts only, and of packages react, react-dom, zustand, i18next, react-i18next.',
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
      ['main/**'],
      [
        'zod',
        'uuid',
        'csv-stringify',
        ...node('crypto', 'fs', 'path', 'url', 'util', 'os', 'module', 'child_process'),
      ],
      ['**/server/**', '**/renderer/**'],
      "main/ may import domain/, db/ and drivers/, and of packages zod, uuid, csv-stringify and a few node: modules; the kiosk adds fastify, only main/electron/ imports 'electron'.",
    ),
    ignores: ['main/kiosk/**', 'main/electron/**'],
  },
  {
    ...layer(
      ['web/**'],
      [
        'react',
        'react-dom',
        'react-i18next',
        'i18next',
        'zod',
        'zustand',
        'dexie',
        '@zxing/browser',
        'chart.js',
        'qrcode',
      ],
      ['**/db/**', '**/drivers/**', '**/server/**', '**/main/**'],
      "web/ (the server's browser apps) may import domain/ and renderer/'s kit, and of packages React, i18next, zod, zustand, dexie (the handheld's IndexedDB) @zxing/browser (its camera, loaded when used), chart.js (the back office's charts) and qrcode (a till's enrolment code).",
    ),
    ignores: ['web/vite.config.ts'],
  },
  layer(
    ['main/kiosk/**'],
    [
      'zod',
      'fastify',
      '@fastify/static',
      '@fastify/websocket',
      'ws',
      ...node('crypto', 'fs', 'path', 'url', 'child_process', 'module', 'process'),
    ],
    ['**/server/**', '**/renderer/**'],
    'main/kiosk/ may import fastify and its plugins, ws and a few node: modules, and never the server or the renderer.',
  ),
  layer(
    ['main/electron/**'],
    ['zod', 'electron', ...node('crypto', 'fs', 'path', 'url')],
    ['**/server/**', '**/renderer/**'],
    "main/electron/ is the only code that imports 'electron'; it must not import the server or the renderer.",
  ),
  layer(
    ['main/till/**', 'main/devices/**', 'main/sync/**'],
    ['zod', 'uuid', 'csv-stringify', ...node('crypto', 'fs', 'path', 'url', 'util')],
    ['**/server/**', '**/renderer/**', ...faces],
    'main/till/, main/devices/ and main/sync/ serve the faces (command line, kiosk, Electron) and never import one.',
  ),
);
