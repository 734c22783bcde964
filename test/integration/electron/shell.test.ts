import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TillResult } from '../../../main/api';
import { registerAppScheme } from '../../../main/electron/app-protocol';
import { runDesktopTill } from '../../../main/electron/desktop';
import { secureEveryContents } from '../../../main/electron/every-contents';
import type { Shell } from '../../../main/electron/shell';
import {
  FakeBrowserWindow,
  FakeWebContents,
  app,
  defaultSession,
  ipcMain,
  protocol,
  type FakeFrame,
} from '../../support/electron-stand-in';
import { tableSnapshot } from '../../support/snapshot';

vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);

/**
 * The desktop till as Electron's entry starts it, on a real SQLite file, with the stand-in
 * `electron` playing Chromium: each security rule, the app:// protocol, and the TillApi over IPC
 * from our page and from pages that are not ours.
 */

const dir = mkdtempSync(join(tmpdir(), 'emm-electron-'));
const dbPath = join(dir, 'user-data', 'till.db');
const rendererDir = join(dir, 'renderer');
const preload = join(dir, 'electron', 'preload.cjs');
let shell: Shell;

beforeAll(async () => {
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><script src="/assets/index.js">');
  writeFileSync(join(rendererDir, 'assets', 'index.js'), 'window.till.subscribe(() => {});');
  writeFileSync(join(dir, 'secret.txt'), 'SECRET');
  registerAppScheme();
  secureEveryContents();
  shell = await runDesktopTill({ rendererDir, preload, argv: [], env: { EMM_DB: dbPath } });
});
afterAll(async () => {
  await shell.stop();
  rmSync(dir, { recursive: true, force: true });
});

function ourWindow(): FakeBrowserWindow {
  const window = FakeBrowserWindow.created[0];
  if (!window) throw new Error('the shell made no window');
  return window;
}

function call(
  name: unknown,
  input: unknown,
  from: { frame?: FakeFrame | null; sender?: FakeWebContents } = {},
): Promise<TillResult<unknown>> {
  const handler = ipcMain.handlers.get('till:call');
  if (!handler) throw new Error('no till:call handler');
  const sender = from.sender ?? ourWindow().webContents;
  const senderFrame = from.frame === undefined ? sender.mainFrame : from.frame;
  return handler({ sender, senderFrame }, name, input) as Promise<TillResult<unknown>>;
}

function snapshot() {
  const db = new Database(dbPath, { readonly: true });
  try {
    return tableSnapshot(db);
  } finally {
    db.close();
  }
}

describe('the window', () => {
  it('is one sandboxed, isolated window with no Node, our preload, showing app://till/', () => {
    expect(FakeBrowserWindow.created).toHaveLength(1);
    const { options, loaded } = ourWindow();
    expect(options.webPreferences).toMatchObject({
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(options.kiosk).toBeUndefined();
    expect(loaded).toEqual(['app://till/']);
  });

  it('registers app: as a standard, secure scheme before anything loads', () => {
    expect(protocol.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
  });
});

describe('navigation, windows, webviews and permissions', () => {
  it('stops navigation and redirects to another origin, in any frame; app://till/ may go on', () => {
    const contents = ourWindow().webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(contents.attempt(event, 'https://evil.example/?next=app://till/')).toBe(true);
      expect(contents.attempt(event, 'file:///etc/passwd')).toBe(true);
      expect(contents.attempt(event, 'app://evil/')).toBe(true);
      expect(contents.attempt(event, 'app://till/index.html')).toBe(false);
    }
  });

  it('denies window.open and links to new windows', () => {
    const open = ourWindow().webContents.windowOpen;
    expect(open?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'app://till/' })).toEqual({ action: 'deny' });
  });

  it('refuses a webview before it attaches', () => {
    expect(ourWindow().webContents.attempt('will-attach-webview', 'https://evil.example/')).toBe(
      true,
    );
  });

  it('denies every permission request and check (camera, HID, serial…)', () => {
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'hid', 'serial']) {
      defaultSession.permissionRequest?.(
        ourWindow().webContents,
        permission,
        (granted) => {
          answers.push(granted);
        },
        {},
      );
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(defaultSession.permissionCheck?.(ourWindow().webContents, 'clipboard-read')).toBe(false);
    expect(defaultSession.devicePermission?.({ deviceType: 'hid' })).toBe(false);
  });

  it('applies the rules to any web contents created later, not only our window', () => {
    const stray = new FakeWebContents();
    app.emit('web-contents-created', {}, stray);
    expect(stray.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(stray.windowOpen?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(stray.attempt('will-attach-webview', 'https://evil.example/')).toBe(true);
  });
});

describe('app://till/', () => {
  const request = (url: string) => {
    const handler = protocol.handlers.get('app');
    if (!handler) throw new Error('app: is not handled');
    return handler(new Request(url));
  };

  it('serves the built renderer with the CSP on every response', async () => {
    const index = await request('app://till/');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('/assets/index.js');
    for (const url of ['app://till/', 'app://till/assets/index.js', 'app://till/missing']) {
      const csp = (await request(url)).headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'none'");
    }
  });

  it.each([
    'app://till/../../etc/passwd',
    'app://till/../secret.txt',
    'app://till/%2e%2e/secret.txt',
    'app://till/..%2fsecret.txt',
    'app://till/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://evil/index.html',
  ])('serves nothing outside the renderer for %s', async (url) => {
    const response = await request(url);
    expect([403, 404]).toContain(response.status);
    expect(await response.text()).not.toMatch(/SECRET|root:/);
  });
});

describe('the TillApi over IPC', () => {
  it('runs a real operation from our page and answers with the envelope; the event follows', async () => {
    const result = await call('signIn', { userId: 1, pin: '1234' });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ id: 1, name: 'Camille', role: 'cashier' }),
    });
    expect(ourWindow().webContents.sent.at(-1)).toEqual({
      channel: 'till:event',
      message: { event: 'signed_in', payload: { userId: 1 } },
    });
    await call('signOut', {});
  });

  const forged: [string, () => Parameters<typeof call>[2]][] = [
    [
      'a page navigated elsewhere',
      () => ({ frame: { url: 'https://evil.example/', parent: null } }),
    ],
    [
      'a URL that only mentions ours',
      () => ({ frame: { url: 'https://evil.example/?next=app://till/', parent: null } }),
    ],
    [
      'an iframe of our page',
      () => ({ frame: { url: 'app://till/', parent: ourWindow().webContents.mainFrame } }),
    ],
    ['a frame already gone', () => ({ frame: null })],
    [
      'another window',
      () => {
        const other = new FakeWebContents();
        other.mainFrame.url = 'app://till/';
        return { sender: other };
      },
    ],
  ];

  it.each(forged)('refuses %s, and nothing runs', async (_name, from) => {
    const before = snapshot();
    const sent = ourWindow().webContents.sent.length;
    const result = await call('signIn', { userId: 1, pin: '1234' }, from());
    expect(result).toEqual({
      ok: false,
      error: { code: 'ipc.sender', message: expect.stringMatching(/own screen/), values: {} },
    });
    expect(shell.running.till.signedIn()).toBeNull();
    expect(snapshot()).toEqual(before);
    expect(ourWindow().webContents.sent).toHaveLength(sent);
  });

  it('refuses an operation the till does not have, in words', async () => {
    for (const name of ['dropTables', 'constructor', '__proto__', 42]) {
      const result = await call(name, {});
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'ipc.unknown_operation',
          message: `The till has no operation ${String(name)}.`,
          values: {},
        },
      });
    }
  });

  it('refuses a malformed input in words and changes nothing', async () => {
    const before = snapshot();
    const result = await call('signIn', { userId: 'Camille', pin: 1234, admin: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('input.invalid');
    expect(result.error.message).toMatch(/userId/);
    expect(shell.running.till.signedIn()).toBeNull();
    expect(snapshot()).toEqual(before);
  });

  it('refuses a wrong PIN with the till’s own words', async () => {
    const result = await call('signIn', { userId: 1, pin: '0000' });
    expect(result).toMatchObject({ ok: false, error: { code: 'auth.wrong_pin' } });
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(5);
  });
});
