/**
 * Electron's entry (bundled to dist/electron/main.js): the till in one window. `--kiosk` or
 * EMM_KIOSK=1 fills the screen; EMM_DB names the database (till.db in the app's user data
 * folder otherwise); EMM_SCANNER … EMM_DISPLAY the devices, as for the kiosk host. Quitting stops
 * the till cleanly before the process ends.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import { errorMessage } from '../../domain/errors';
import { registerAppScheme } from './app-protocol';
import { secureEveryContents } from './every-contents';
import { startShell, type Shell } from './shell';

const here = dirname(fileURLToPath(import.meta.url));

registerAppScheme();
secureEveryContents();

function fail(error: unknown): void {
  const text = `The till could not start: ${errorMessage(error)}`;
  process.stderr.write(`${text}\n`);
  dialog.showErrorBox('EasyMyMarket', text);
  app.exit(1);
}

async function start(): Promise<void> {
  await app.whenReady();
  const dbPath = process.env.EMM_DB ?? join(app.getPath('userData'), 'till.db');
  mkdirSync(dirname(dbPath), { recursive: true });
  const shell: Shell = await startShell({
    dbPath,
    rendererDir: join(here, '../renderer'),
    preload: join(here, 'preload.cjs'),
    kiosk: process.argv.includes('--kiosk') || process.env.EMM_KIOSK === '1',
  });
  app.on('window-all-closed', () => app.quit());
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    // The till closes its devices and database first; quitting resumes once it has.
    event.preventDefault();
    stopped = true;
    shell.stop().then(
      () => app.quit(),
      (error: unknown) => {
        process.stderr.write(`The till did not stop cleanly: ${errorMessage(error)}\n`);
        app.exit(1);
      },
    );
  });
}

// A second copy would find the database locked: it brings the first forward and leaves.
if (app.requestSingleInstanceLock()) {
  app.on('second-instance', () => {
    for (const window of BrowserWindow.getAllWindows()) window.focus();
  });
  // Ctrl-C in the terminal of `npm start`, or a service manager stopping it: a clean quit too.
  process.on('SIGINT', () => app.quit());
  process.on('SIGTERM', () => app.quit());
  start().catch(fail);
} else {
  app.quit();
}
