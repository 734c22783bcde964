/**
 * The desktop till once Electron is ready: the till (devices on, demo data in an empty database),
 * the renderer on app://till/, one window, the TillApi over IPC. Stopping undoes it in reverse,
 * as the kiosk host does: the IPC, then the devices, then the database.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import { startTill, type RunningTill } from '../index';
import type { TillEventMessage } from '../api';
import { serveRenderer } from './app-protocol';
import { serveTillIpc, type TillIpc } from './ipc';
import { APP_URL } from './trusted-url';
import { createTillWindow } from './window';

export interface ShellOptions {
  dbPath: string;
  /** The built renderer (index.html and assets/). */
  rendererDir: string;
  preload: string;
  kiosk: boolean;
}

export interface Shell {
  running: RunningTill;
  window: BrowserWindow;
  stop(): Promise<void>;
}

export async function startShell(options: ShellOptions): Promise<Shell> {
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    throw new Error(
      `the screens are not built (no ${join(options.rendererDir, 'index.html')}): run npm run build:renderer`,
    );
  }
  // The window exists only once the till has started: events wait for it by this indirection.
  let send: (message: TillEventMessage) => void = () => {};
  const running = startTill({
    devices: true,
    demo: true,
    dbPath: options.dbPath,
    send: (message) => send(message),
  });
  let ipc: TillIpc | null = null;
  try {
    serveRenderer(options.rendererDir);
    const window = createTillWindow({ preload: options.preload, kiosk: options.kiosk });
    const served = serveTillIpc(running, window);
    ipc = served;
    send = served.send;
    await window.loadURL(APP_URL);
    return {
      running,
      window,
      async stop() {
        send = () => {};
        served.stop();
        await running.stop();
      },
    };
  } catch (error) {
    ipc?.stop();
    await running.stop();
    throw error;
  }
}
