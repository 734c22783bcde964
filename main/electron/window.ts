/**
 * The till's one window. The page runs sandboxed in its own world with no Node: all it holds of
 * the machine is `window.till` from the preload. In kiosk mode it fills the screen and cannot be
 * left by the usual shortcuts. The caller loads app://till/ once the IPC handlers are in place.
 */
import { BrowserWindow } from 'electron';

export interface TillWindowOptions {
  /** The bundled preload (one CommonJS file). */
  preload: string;
  kiosk: boolean;
}

export function createTillWindow(options: TillWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    autoHideMenuBar: true,
    ...(options.kiosk ? { kiosk: true, fullscreen: true } : {}),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !options.kiosk,
    },
  });
  window.once('ready-to-show', () => window.show());
  return window;
}
