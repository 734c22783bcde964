/**
 * The desktop till's life: started once Electron is ready, with its database in the app's user
 * data folder (or EMM_DB), full screen with `--kiosk` or EMM_KIOSK=1; closing the window quits,
 * and quitting waits for the till to stop (IPC, devices, database) before the process ends.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { app } from 'electron';
import { errorMessage } from '../../domain/errors';
import { startShell, type Shell } from './shell';

export interface DesktopOptions {
  rendererDir: string;
  preload: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
}

export async function runDesktopTill(options: DesktopOptions): Promise<Shell> {
  await app.whenReady();
  const dbPath = options.env.EMM_DB ?? join(app.getPath('userData'), 'till.db');
  mkdirSync(dirname(dbPath), { recursive: true });
  const shell = await startShell({
    dbPath,
    rendererDir: options.rendererDir,
    preload: options.preload,
    kiosk: options.argv.includes('--kiosk') || options.env.EMM_KIOSK === '1',
  });
  app.on('window-all-closed', () => app.quit());
  let stopping = false;
  app.on('will-quit', (event) => {
    if (stopping) return;
    event.preventDefault();
    stopping = true;
    shell.stop().then(
      () => app.quit(),
      (error: unknown) => {
        process.stderr.write(`The till did not stop cleanly: ${errorMessage(error)}\n`);
        app.exit(1);
      },
    );
  });
  return shell;
}
