/**
 * Electron's entry, bundled to dist/electron/main.js beside preload.cjs, with the screens in
 * dist/renderer/. The scheme and the security rules are set before anything is ready; a second
 * copy brings the first forward and leaves (it would find the database locked anyway).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import { errorMessage } from '../../domain/errors';
import { registerAppScheme } from './app-protocol';
import { runDesktopTill } from './desktop';
import { secureEveryContents } from './every-contents';

const here = dirname(fileURLToPath(import.meta.url));

registerAppScheme();
secureEveryContents();

if (app.requestSingleInstanceLock()) {
  app.on('second-instance', () => {
    for (const window of BrowserWindow.getAllWindows()) window.focus();
  });
  // Ctrl-C in the terminal of `npm start`, or a service manager stopping it: a clean quit too.
  process.on('SIGINT', () => app.quit());
  process.on('SIGTERM', () => app.quit());
  runDesktopTill({
    rendererDir: join(here, '../renderer'),
    preload: join(here, 'preload.cjs'),
    argv: process.argv,
    env: process.env,
  }).catch((error: unknown) => {
    const text = `The till could not start: ${errorMessage(error)}`;
    process.stderr.write(`${text}\n`);
    dialog.showErrorBox('EasyMyMarket', text);
    app.exit(1);
  });
} else {
  app.quit();
}
