/**
 * A stand-in for the `electron` module (its binary cannot be downloaded here), for
 * `vi.mock('electron', …)`. It records what the shell asks for — window options, handlers, sent
 * messages — and lets a test play Chromium's part: navigate, open a window, ask a permission,
 * invoke an IPC channel, request an app:// URL. It knows only what the shell uses.
 */
import { EventEmitter } from 'node:events';

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: unknown,
) => void;
type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };
type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;
type ProtocolHandler = (request: Request) => Response | Promise<Response>;

export class FakeSession {
  permissionRequest: PermissionRequestHandler | null = null;
  permissionCheck: ((contents: unknown, permission: string) => boolean) | null = null;
  devicePermission: ((details: unknown) => boolean) | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheck']): void {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermission']): void {
    this.devicePermission = handler;
  }
}

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly session = defaultSession;
  readonly mainFrame: FakeFrame = { url: '', parent: null };
  readonly sent: { channel: string; message: unknown }[] = [];
  windowOpen: WindowOpenHandler | null = null;
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpen = handler;
  }
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message });
  }
  /** Chromium about to go to `url` (will-navigate, will-redirect…): was it stopped? */
  attempt(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, {
      url,
      preventDefault: () => {
        prevented = true;
      },
    });
    return prevented;
  }
}

export const defaultSession = new FakeSession();

class FakeApp extends EventEmitter {
  readonly calls: string[] = [];
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  /** Electron's folders by name (a test gives userData a temporary folder). */
  readonly paths = new Map<string, string>();
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`the stand-in has no path ${name}`);
    return path;
  }
  quit(): void {
    this.calls.push('quit');
    // As Electron does, a quit asks will-quit first; a listener may hold it.
    let held = false;
    this.emit('will-quit', {
      preventDefault: () => {
        held = true;
      },
    });
    if (!held) this.calls.push('quit:done');
  }
  exit(code: number): void {
    this.calls.push(`exit:${code}`);
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
}

export const app = new FakeApp();

export class FakeBrowserWindow extends EventEmitter {
  static readonly created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  destroyed = false;
  constructor(readonly options: Record<string, unknown> & { webPreferences?: object }) {
    super();
    FakeBrowserWindow.created.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.created.filter((window) => !window.destroyed);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  show(): void {}
  focus(): void {}
}

export const ipcMain = {
  handlers: new Map<string, IpcHandler>(),
  handle(channel: string, handler: IpcHandler): void {
    if (this.handlers.has(channel)) throw new Error(`a second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    this.handlers.set(scheme, handler);
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

class FakeIpcRenderer extends EventEmitter {
  readonly invoked: unknown[][] = [];
  answer: unknown = undefined;
  invoke(...args: unknown[]): Promise<unknown> {
    this.invoked.push(args);
    return Promise.resolve(this.answer);
  }
}

export const ipcRenderer = new FakeIpcRenderer();

export const dialog = {
  errors: [] as string[],
  showErrorBox(_title: string, content: string): void {
    this.errors.push(content);
  },
};

export const electron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  protocol,
  session: { defaultSession },
};
