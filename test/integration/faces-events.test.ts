/**
 * One sink for both faces: the kiosk (its WebSocket) and the desktop app (Electron's IPC, played
 * by the stand-in) each carry every event the contract names, from one day driven through the
 * face itself: a badge and products scanned on the simulated scanner, a session opened and
 * closed, a ticket cancelled and one paid and printed, the drawer opened, the clock set back,
 * the till enrolled with a real server.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OperationName, TillEventMessage, TillEventName, TillResult } from '../../main/api';
import { startKiosk } from '../../main/kiosk/host';
import type { RunningTill } from '../../main/index';
import { openDatabase } from '../../db/open';
import { setSetting } from '../../db/settings';
import { DEMO_BARCODES } from '../../db/demo-catalog';
import { DEMO_USERS, seedDemoIfEmpty } from '../../main/till/first-run';
import { createTill } from '../../server/tills';
import { runDesktopTill } from '../../main/electron/desktop';
import { registerAppScheme } from '../../main/electron/app-protocol';
import { secureEveryContents } from '../../main/electron/every-contents';
import { FakeBrowserWindow, ipcMain } from '../support/electron-stand-in';
import { startTestServer, type TestServer } from '../support/server';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electron);

/** Every event of the contract: the compiler refuses this list if one is added and not here. */
const EVERY_EVENT = {
  ticket_changed: true,
  ticket_paid: true,
  ticket_cancelled: true,
  drawer_opened: true,
  session_closed: true,
  clock_stepped_back: true,
  session_opened: true,
  signed_in: true,
  scan: true,
  scan_refused: true,
  print_queue: true,
  device_status: true,
  sync_status: true,
  training_changed: true,
} satisfies Record<TillEventName, true>;

const SIM_DEVICES = { scanner: 'sim', printer: 'sim', drawer: 'sim', scale: 'sim', display: 'sim' };
const MANON = DEMO_USERS[1];

interface Face {
  running: RunningTill;
  call(name: OperationName, input: unknown): Promise<TillResult<unknown>>;
  /** Every event the face delivered to its screen, in order. */
  messages: TillEventMessage[];
  /** Resolves once the screen has received an event of this name (from the start). */
  received(name: TillEventName): Promise<void>;
}

/** A list of messages that can be waited on: each arrival wakes the waiters. */
function inbox() {
  const messages: TillEventMessage[] = [];
  const waiters = new Set<() => void>();
  return {
    messages,
    push(message: TillEventMessage) {
      messages.push(message);
      for (const waiter of [...waiters]) waiter();
    },
    received(name: TillEventName, timeoutMs = 10_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`The screen never received ${name}`));
        }, timeoutMs);
        function look() {
          if (!messages.some((message) => message.event === name)) return;
          clearTimeout(timer);
          waiters.delete(look);
          resolve();
        }
        waiters.add(look);
        look();
      });
    },
  };
}

let server: TestServer;
let tills = 0;
const dirs: string[] = [];
beforeAll(async () => {
  server = await startTestServer('pglite');
});
afterAll(async () => {
  await server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A till database with the demo and simulated devices, as a technician leaves it. */
function tillDatabase(): { dir: string; dbPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'emm-faces-'));
  dirs.push(dir);
  const dbPath = join(dir, 'till.db');
  const db = openDatabase(dbPath);
  seedDemoIfEmpty(db, new Date().toISOString());
  setSetting(db, 'devices', SIM_DEVICES);
  db.close();
  return { dir, dbPath };
}

async function value(face: Face, name: OperationName, input: unknown = {}): Promise<unknown> {
  const result = await face.call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** One short day through the face; every event of the contract must reach its screen. */
async function dayThrough(face: Face): Promise<void> {
  const { running } = face;
  const scanner = running.devices?.scanner;
  if (!scanner) throw new Error('the simulated scanner did not start');
  await running.devices?.whenReady('scanner');

  scanner.simulateScan(MANON.badge);
  await face.received('signed_in');
  await face.received('scan');
  await value(face, 'openSession', { counts: { '1000': 5 } });
  scanner.simulateScan(DEMO_BARCODES.piece.code);
  await face.received('ticket_changed');
  scanner.simulateScan('12345');
  await face.received('scan_refused');
  await value(face, 'cancelTicket');
  await value(face, 'addProduct', { productId: DEMO_BARCODES.piece.id });
  await value(face, 'pay', { payments: [{ method: 'cash', amount: 5000 }] });
  await face.received('print_queue');
  await value(face, 'openDrawer', { reason: 'change for the float' });
  await face.received('device_status');
  await value(face, 'startTraining');
  await face.received('training_changed');
  await value(face, 'endTraining');

  const { enrolmentCode } = await createTill(server.store, `faces ${++tills}`, new Date());
  await value(face, 'enrol', { server: server.url, code: enrolmentCode });
  await face.received('sync_status');

  // The machine's clock set back an hour before the session closes.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() - 3_600_000);
  await value(face, 'closeSession', { counts: { '1000': 5 } });
  vi.useRealTimers();

  const names = new Set(face.messages.map((message) => message.event));
  expect(Object.keys(EVERY_EVENT).filter((name) => !names.has(name as TillEventName))).toEqual([]);
}

describe('every event reaches the screen', () => {
  it('through the kiosk host (its WebSocket)', async () => {
    const { dbPath } = tillDatabase();
    const kiosk = await startKiosk({ dbPath, port: 0, till: { devices: true } });
    const socket = new WebSocket(`ws://127.0.0.1:${kiosk.port}/events?token=${kiosk.token}`);
    const box = inbox();
    socket.on('message', (data) => box.push(JSON.parse(String(data)) as TillEventMessage));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    try {
      await dayThrough({
        running: kiosk.running,
        messages: box.messages,
        received: (name) => box.received(name),
        async call(name, input) {
          const response = await fetch(`http://127.0.0.1:${kiosk.port}/api/${name}`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${kiosk.token}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify(input),
          });
          return (await response.json()) as TillResult<unknown>;
        },
      });
    } finally {
      socket.close();
      await kiosk.stop();
    }
  });

  it('through the desktop app (Electron IPC, the stand-in)', async () => {
    const { dir, dbPath } = tillDatabase();
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    registerAppScheme();
    secureEveryContents();
    const shell = await runDesktopTill({
      rendererDir,
      preload: join(dir, 'preload.cjs'),
      argv: [],
      env: { EMM_DB: dbPath },
    });
    const window = FakeBrowserWindow.created.at(-1);
    if (!window) throw new Error('the shell made no window');
    const box = inbox();
    // What the shell sent before this test listened, then each message as the page gets it.
    const contents = window.webContents;
    for (const sent of contents.sent) box.push(sent.message as TillEventMessage);
    const send = contents.send.bind(contents);
    contents.send = (channel: string, message: unknown) => {
      send(channel, message);
      if (channel === 'till:event') box.push(message as TillEventMessage);
    };
    try {
      await dayThrough({
        running: shell.running,
        messages: box.messages,
        received: (name) => box.received(name),
        async call(name, input) {
          const handler = ipcMain.handlers.get('till:call');
          if (!handler) throw new Error('no till:call handler');
          return (await handler(
            { sender: contents, senderFrame: contents.mainFrame },
            name,
            input,
          )) as TillResult<unknown>;
        },
      });
    } finally {
      await shell.stop();
    }
  });
});
