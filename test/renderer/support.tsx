import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { tsImport } from 'tsx/esm/api';
import type {
  OperationName,
  TillBridge,
  TillEventMessage,
  TillHandlers,
  TillResult,
} from '../../main/api';
import type { RunningTill } from '../../main/index';
import { App } from '../../renderer/App';
import { createI18n } from '../../renderer/i18n';
import { createStores, type Stores } from '../../renderer/store';
import { StoresProvider } from '../../renderer/store/context';

/** The demo's users (main/till/first-run.ts). */
export const CASHIER = { name: 'Camille', pin: '1234' };
export const MANAGER = { name: 'Manon', pin: '9876' };

export interface RealTill {
  running: RunningTill;
  bridge: TillBridge;
  /** Until every call made so far has its answer (a loaded machine takes its time). */
  idle(): Promise<void>;
  userId(name: string): number;
  close(): Promise<void>;
}

/**
 * The till's own modules, loaded by Node (tsx) rather than by Vite: the DOM environment's
 * transform would take db/migrate.ts's `new URL(`../migrations/${kind}/`, import.meta.url)` for
 * a browser asset.
 */
let modules: Promise<typeof import('./real-till')> | null = null;

function tillModules(): Promise<typeof import('./real-till')> {
  modules ??= tsImport('./real-till.ts', import.meta.url) as Promise<typeof import('./real-till')>;
  return modules;
}

/**
 * A real till (its SQLite file, the demo catalogue and users) behind a bridge that calls the
 * TillApi in process, as the kiosk host does over HTTP: only the wire is left out.
 */
export async function startRealTill(): Promise<RealTill> {
  const { startTill, invoke, findUserByName } = await tillModules();
  const dir = mkdtempSync(join(tmpdir(), 'emm-renderer-'));
  const listeners = new Set<(message: TillEventMessage) => void>();
  const emit = (message: TillEventMessage) => {
    for (const listener of listeners) listener(message);
  };
  const running = startTill({
    dbPath: join(dir, 'till.db'),
    devices: false,
    send: emit,
  });
  let unanswered = 0;
  const bridge: TillBridge = {
    async call<K extends OperationName>(name: K, input: TillHandlers[K]['input']) {
      unanswered++;
      try {
        return (await invoke(running, name, input)) as TillResult<TillHandlers[K]['result']>;
      } finally {
        unanswered--;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    running,
    bridge,
    async idle() {
      // A call may start from what the answer before it drew: wait for two quiet turns in a row.
      for (let quiet = 0; quiet < 2;) {
        await sleep(5);
        quiet = unanswered === 0 ? quiet + 1 : 0;
      }
    },
    userId(name) {
      const user = findUserByName(running.db, name);
      if (!user) throw new Error(`The demo has no user ${name}`);
      return user.id;
    },
    async close() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The whole app over a bridge, as main.tsx mounts it. */
export async function renderApp(
  bridge: TillBridge,
  settle: () => Promise<unknown> = () => sleep(20),
) {
  const stores: Stores = createStores(bridge);
  // The language is the till's until the first answers say otherwise, as in main.tsx.
  const i18n = createI18n(stores.auth.getState().locale);
  const stop = stores.start();
  const view = render(
    <I18nextProvider i18n={i18n}>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </I18nextProvider>,
  );
  // The first answers of the till (settings, who is signed in) before anything is asserted.
  await act(settle);
  return { stores, view, stop, screen };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Signs the demo cashier in and opens the session, as if done on the screens before. */
export async function readyToSell(till: RealTill, who = CASHIER): Promise<void> {
  const signedIn = await till.bridge.call('signIn', {
    userId: till.userId(who.name),
    pin: who.pin,
  });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  const opened = await till.bridge.call('openSession', { counts: { '1000': 5 } });
  if (!opened.ok) throw new Error(opened.error.message);
}

/**
 * A key struck as a browser delivers it: keydown to the focused element, then, unless a handler
 * refused it, its character typed into the text field focused by then (a handler may have moved
 * the focus), as the native setter and the input event do. Happy-dom types nothing by itself.
 * `time` stamps the event (KeyboardEvent.timeStamp), as the moment the key was struck.
 */
export function strike(key: string, time?: number, target?: Element): void {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  if (time !== undefined) Object.defineProperty(event, 'timeStamp', { value: time });
  const proceed = (target ?? document.activeElement ?? document.body).dispatchEvent(event);
  const field = document.activeElement;
  if (!proceed || key.length !== 1 || !(field instanceof HTMLInputElement)) return;
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? field.value.length;
  const value = field.value.slice(0, start) + key + field.value.slice(end);
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(field, value);
  if (field.type === 'text' || field.type === 'search') {
    field.setSelectionRange(start + 1, start + 1);
  }
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * A keyboard-wedge scanner: the code's keys and Enter, 2 ms apart. Each event carries the time
 * the key was struck (the screens read `timeStamp`), ending now, as in the end-to-end tests: a
 * busy machine that pauses this loop for more than the detector's 30 ms would otherwise make the
 * scan look like a person typing.
 */
export function scanWithWedge(code: string, target?: Element) {
  const keys = [...code, 'Enter'];
  const now = performance.now();
  keys.forEach((key, index) => strike(key, now - (keys.length - 1 - index) * 2, target));
}

/** A person typing: each key well after the previous one, as the detector tells them apart. */
export async function typeSlowly(field: HTMLElement, text: string) {
  for (const key of text) {
    strike(key, undefined, field);
    await act(() => sleep(150));
  }
}
