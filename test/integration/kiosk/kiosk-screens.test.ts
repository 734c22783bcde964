import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKiosk, type KioskHost } from '../../../main/kiosk/host';
import { launchChromium } from '../../e2e/support/browser';

/**
 * The kiosk host serves the built screens: the page with the token and a strict CSP, its assets
 * without one but only to its own address, nothing outside the build; and a real Chromium runs
 * the page, reaching the API and the events under that CSP.
 */

let dir: string;
let rendererDir: string;
let kiosk: KioskHost | undefined;

/** A stand-in for the renderer's Vite build: a page, a script and a style under assets/. */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Till</title>
<link rel="stylesheet" href="./assets/app.css">
<script type="module" src="./assets/app.js"></script></head>
<body><p id="status">loading</p><p id="inline">inline did not run</p>
<script>document.getElementById('inline').textContent = 'inline ran';</script></body></html>`;
// Loaded from the address printed, the page holds the token as the host's HttpOnly cookie, which
// the browser sends with the socket and the calls by itself.
const SCRIPT = `
const socket = new WebSocket(\`ws://\${location.host}/events\`);
socket.addEventListener('open', async () => {
  const response = await fetch('/api/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const users = await response.json();
  document.getElementById('status').textContent = 'users ' + users.value.map((u) => u.name).join(',');
});
`;

function writeBuild(): void {
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), PAGE);
  writeFileSync(join(rendererDir, 'assets', 'app.js'), SCRIPT);
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body { color: #123456; }\n');
  writeFileSync(join(rendererDir, '.env'), 'SECRET=dotfile\n');
  writeFileSync(join(dir, 'secret.txt'), 'SECRET=outside\n');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emm-kiosk-screens-'));
  rendererDir = join(dir, 'renderer');
});
afterEach(async () => {
  await kiosk?.stop();
  kiosk = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<KioskHost> {
  kiosk = await startKiosk({
    dbPath: join(dir, 'till.db'),
    port: 0,
    rendererDir,
    till: { devices: false },
  });
  return kiosk;
}

/** A raw request: the path as written (fetch would resolve its dots), the headers as given. */
function raw(
  host: KioskHost,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method,
        headers: { host: `127.0.0.1:${host.port}`, ...headers },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the built screens', () => {
  beforeEach(writeBuild);

  it('serves the page with the token, under a strict CSP that names its own socket', async () => {
    const host = await start();
    // The address printed: its token becomes an HttpOnly cookie and leaves the address.
    const first = await raw(host, `/?token=${host.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['set-cookie']).toEqual([
      `emm_till=${host.token}; HttpOnly; SameSite=Strict; Path=/`,
    ]);
    const cookie = { cookie: `other=1; emm_till=${host.token}` };
    const page = await raw(host, '/', cookie);
    expect(page.status).toBe(200);
    expect(page.body).toBe(PAGE);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(
      [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        `connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port}`,
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    for (const path of ['/', '/index.html', `/?token=${'x'.repeat(32)}`]) {
      expect((await raw(host, path)).status).toBe(401);
    }
    // The cookie opens the API too; a wrong one opens nothing.
    expect((await raw(host, '/api/users', cookie, 'POST')).status).toBe(200);
    const wrong = { cookie: `emm_till=${'x'.repeat(32)}` };
    expect((await raw(host, '/', wrong)).status).toBe(401);
    expect((await raw(host, '/api/users', wrong, 'POST')).status).toBe(401);
  });

  it('refuses the page with an old token in words in the till’s language, never raw JSON', async () => {
    const host = await start();
    const refused = await raw(host, `/?token=${'x'.repeat(32)}`);
    expect(refused.status).toBe(401);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    // The demo till speaks French; the page tries again by itself.
    expect(refused.body).toContain('<html lang="fr-BE">');
    expect(refused.body).toContain('Cette adresse n&#39;ouvre pas la caisse');
    expect(refused.body).toContain('<meta http-equiv="refresh" content="5">');
    expect(refused.body).not.toContain('"ok"');
    expect(refused.body).not.toContain('SCRIPT');
  });

  it('serves the assets without the token, to its own address only', async () => {
    const host = await start();
    const script = await raw(host, '/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.body).toBe(SCRIPT);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    const style = await raw(host, '/assets/app.css', { host: `localhost:${host.port}` });
    expect(style.status).toBe(200);
    expect(style.headers['content-type']).toMatch(/^text\/css/);

    const rebound = await raw(host, '/assets/app.js', { host: `evil.example:${host.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain('WebSocket');
    const foreign = await raw(host, '/assets/app.js', { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    // The API still needs the token.
    const api = await raw(host, '/assets/../api/users', {}, 'POST');
    expect(api.status).toBe(401);
    expect(api.body).toContain('kiosk.token');
  });

  it.each([
    '/assets/../../secret.txt',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/.env',
    '/assets/../.env',
    '/assets/',
  ])('refuses %s, which leaves the build or is no asset', async (path) => {
    const host = await start();
    const response = await raw(host, path);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.body).not.toContain('SECRET');
  });

  it('runs in Chromium: the module script loads, inline script is blocked, API and socket answer', async () => {
    const host = await start();
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(host.url);
      // The token left the address for the cookie.
      expect(page.url()).toBe(`http://127.0.0.1:${host.port}/`);
      // A locator, not waitForFunction: Playwright polls a string predicate by evaluating it in
      // the page, which the page's CSP (no 'unsafe-eval') refuses whenever the first look is too
      // early. The deadline is only a last guard: the wait ends on the text.
      await page.locator('#status', { hasText: /^users/ }).waitFor({ timeout: 60_000 });
      expect(await page.textContent('#status')).toBe('users Camille,Manon');
      expect(await page.textContent('#inline')).toBe('inline did not run');
      expect(await page.evaluate('getComputedStyle(document.body).color')).toBe('rgb(18, 52, 86)');
      // Only the inline script was refused: the page's own files and connections were allowed.
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatch(/inline script/i);
    } finally {
      await browser?.close();
    }
  }, 120_000);
});

describe('screens not built', () => {
  it('says, with the token, how to build them', async () => {
    const host = await start();
    // The address printed: its token becomes an HttpOnly cookie and leaves the address.
    const first = await raw(host, `/?token=${host.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['set-cookie']).toEqual([
      `emm_till=${host.token}; HttpOnly; SameSite=Strict; Path=/`,
    ]);
    const cookie = { cookie: `other=1; emm_till=${host.token}` };
    const page = await raw(host, '/', cookie);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/screens are not built yet/);
    expect(page.body).toContain('npm run build:renderer');
    expect((await raw(host, '/assets/app.js')).status).toBe(404);
  });
});
