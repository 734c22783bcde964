import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it, vi } from 'vitest';
import { startTill } from '../../../main/index';
import { runDesktopTill } from '../../../main/electron/desktop';
import { FakeBrowserWindow, app, ipcMain } from '../../support/electron-stand-in';

vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);

/** The desktop till's life on a real SQLite file: kiosk mode, a clean quit, screens not built. */

/** vi.waitFor's own deadline is 1 s, which a busy machine overruns: a last guard only. */
const WAIT_GUARD = { timeout: 60_000 };

let dir: string;
afterEach(() => {
  app.removeAllListeners('will-quit');
  app.removeAllListeners('window-all-closed');
  rmSync(dir, { recursive: true, force: true });
});

function rendererIn(folder: string): string {
  const renderer = join(folder, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
  return renderer;
}

it('fills the screen with --kiosk (no devtools), and with EMM_KIOSK=1', async () => {
  dir = mkdtempSync(join(tmpdir(), 'emm-desktop-'));
  const rendererDir = rendererIn(dir);
  for (const [argv, env] of [
    [['electron', 'main.js', '--kiosk'], {}],
    [[], { EMM_KIOSK: '1' }],
  ] as const) {
    const shell = await runDesktopTill({
      rendererDir,
      preload: join(dir, 'preload.cjs'),
      argv,
      env: { ...env, EMM_DB: join(dir, 'till.db') },
    });
    const window = FakeBrowserWindow.created.at(-1);
    expect(window?.options).toMatchObject({ kiosk: true, fullscreen: true });
    expect(window?.options.webPreferences).toMatchObject({ devTools: false, sandbox: true });
    await shell.stop();
  }
});

it('keeps its database in the user data folder, with the demo cashiers on first start', async () => {
  dir = mkdtempSync(join(tmpdir(), 'emm-desktop-'));
  app.paths.set('userData', join(dir, 'EasyMyMarket'));
  const shell = await runDesktopTill({
    rendererDir: rendererIn(dir),
    preload: join(dir, 'preload.cjs'),
    argv: [],
    env: {},
  });
  await shell.stop();
  const db = new Database(join(dir, 'EasyMyMarket', 'till.db'), { readonly: true });
  try {
    expect(db.prepare('SELECT name FROM users WHERE id = 1').get()).toEqual({ name: 'Camille' });
  } finally {
    db.close();
  }
});

it('quitting waits for the till to stop: IPC gone, database closed and its lock released', async () => {
  dir = mkdtempSync(join(tmpdir(), 'emm-desktop-'));
  const dbPath = join(dir, 'user-data', 'till.db');
  const shell = await runDesktopTill({
    rendererDir: rendererIn(dir),
    preload: join(dir, 'preload.cjs'),
    argv: [],
    env: { EMM_DB: dbPath },
  });
  expect(ipcMain.handlers.has('till:call')).toBe(true);
  app.calls.length = 0;

  app.emit('window-all-closed');
  // The first quit is held while the till stops; the second goes through.
  await vi.waitFor(() => expect(app.calls).toEqual(['quit', 'quit', 'quit:done']), WAIT_GUARD);
  expect(ipcMain.handlers.has('till:call')).toBe(false);
  expect(shell.running.db.open).toBe(false);
  const again = startTill({ dbPath, devices: true, exclusive: true });
  await again.stop();
});

it('says in words that the screens are not built, before touching the database', async () => {
  dir = mkdtempSync(join(tmpdir(), 'emm-desktop-'));
  const attempt = runDesktopTill({
    rendererDir: join(dir, 'renderer'),
    preload: join(dir, 'preload.cjs'),
    argv: [],
    env: { EMM_DB: join(dir, 'till.db') },
  });
  await expect(attempt).rejects.toThrow(/screens are not built .*npm run build:renderer/);
  expect(existsSync(join(dir, 'till.db'))).toBe(false);
});
