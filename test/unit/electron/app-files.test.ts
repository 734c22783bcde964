import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appFileResponse } from '../../../main/electron/app-files';

/**
 * app://till/ on a real folder, with a secret file beside it (where a traversal would land), and
 * a link inside it to that secret.
 */

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const dir = mkdtempSync(join(tmpdir(), 'emm-app-files-'));
const renderer = join(dir, 'renderer');

beforeAll(() => {
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>till</title>');
  writeFileSync(join(renderer, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'SECRET');
  symlinkSync(join(dir, 'secret.txt'), join(renderer, 'assets', 'link.txt'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => appFileResponse(url, method, renderer);

it('serves index.html at app://till/ and the assets, each with the CSP', async () => {
  const index = await get('app://till/');
  expect(index.status).toBe(200);
  expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(index.headers.get('content-security-policy')).toBe(CSP);
  expect(index.headers.get('x-content-type-options')).toBe('nosniff');
  expect(await index.text()).toContain('<title>till</title>');
  const script = await get('app://till/assets/index.js?v=1');
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(script.headers.get('content-security-policy')).toBe(CSP);
});

it.each([
  'app://till/../../etc/passwd',
  'app://till/../secret.txt',
  'app://till/%2e%2e/secret.txt',
  'app://till/%2E%2E/%2e%2e/etc/passwd',
  'app://till/..%2fsecret.txt',
  'app://till/assets/..%2f..%2fsecret.txt',
  'app://till/%2e%2e%2fsecret.txt',
  'app://till/..%5csecret.txt',
  'app://till//etc/passwd',
  'app://till/%2fetc%2fpasswd',
  `app://till/${encodeURIComponent(join(dir, 'secret.txt'))}`,
  'app://till/assets/link.txt',
  'app://till/index.html%00.js',
  'app://till/%E0%A4%A',
  'app://till/assets',
  'app://till/missing.js',
])('does not serve %s, and says so with the CSP', async (url) => {
  const response = await get(url);
  expect(response.status).toBe(404);
  expect(response.headers.get('content-security-policy')).toBe(CSP);
  expect(await response.text()).not.toContain('SECRET');
});

it.each([
  'app://evil/index.html',
  'app://till.evil/index.html',
  'https://evil.example/?next=app://till/',
])('refuses another host: %s', async (url) => {
  const response = await get(url);
  expect(response.status).toBe(403);
  expect(response.headers.get('content-security-policy')).toBe(CSP);
});

it('answers only GET and HEAD', async () => {
  expect((await get('app://till/', 'POST')).status).toBe(405);
  const head = await get('app://till/', 'HEAD');
  expect(head.status).toBe(200);
  expect(await head.text()).toBe('');
});
