import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message } from '../../../domain/i18n';
import type { ErrorView, TillEventMessage, TillEvents } from '../../../main/api';
import type { TicketView } from '../../../main/till/ticket-view';
import { startKiosk, type KioskHost } from '../../../main/kiosk/host';
import { tableSnapshot } from '../../support/snapshot';

/**
 * The kiosk host on a real SQLite file: a sale over HTTP with its event on the WebSocket, a
 * refusal crossing in words, and every request the host must refuse refused with nothing changed.
 */

let dir: string;
let dbPath: string;
let kiosk: KioskHost;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'emm-kiosk-'));
  dbPath = join(dir, 'till.db');
  kiosk = await startKiosk({ dbPath, port: 0, till: { devices: false } });
});
afterEach(async () => {
  await kiosk.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row of the tables a request may write, read through a second connection. */
function snapshot(): Record<string, unknown[]> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return tableSnapshot(db);
  } finally {
    db.close();
  }
}

function pieceBarcode(): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const row = db
      .prepare(
        `SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id
         WHERE p.unit = 'piece' AND p.price > 0 ORDER BY b.code LIMIT 1`,
      )
      .get() as { code: string };
    return row.code;
  } finally {
    db.close();
  }
}

interface Envelope {
  ok: boolean;
  value?: unknown;
  error: ErrorView;
}

interface Call {
  body?: string | Buffer;
  headers?: Record<string, string>;
  token?: string | null;
}

async function post(
  operation: string,
  call: Call = {},
): Promise<{ status: number; body: Envelope }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...call.headers };
  const token = call.token === undefined ? kiosk.token : call.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`http://127.0.0.1:${kiosk.port}/api/${operation}`, {
    method: 'POST',
    headers,
    ...(call.body === undefined ? {} : { body: call.body }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Envelope };
}

/** A request naming another host, as a page whose name was rebound to 127.0.0.1 sends it. */
function postAs(
  host: string,
  operation: string,
  body: string,
): Promise<{ status: number; body: Envelope }> {
  // fetch sets the Host header itself: node:http lets a test send the one a browser would.
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: kiosk.port,
        method: 'POST',
        path: `/api/${operation}`,
        headers: {
          host,
          'content-type': 'application/json',
          authorization: `Bearer ${kiosk.token}`,
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Envelope }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const call = (operation: string, input: unknown) =>
  post(operation, { body: JSON.stringify(input) });

async function openSocket(
  token = kiosk.token,
  origin?: string,
): Promise<{ socket: WebSocket; messages: TillEventMessage[] }> {
  const socket = new WebSocket(
    `ws://127.0.0.1:${kiosk.port}/events?token=${token}`,
    origin === undefined ? {} : { origin },
  );
  const messages: TillEventMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as TillEventMessage));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, messages };
}

/** Waits for `check` to hold; the deadline is a last guard for a busy machine, not a premise. */
async function until(check: () => boolean): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('Timed out waiting for the event');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('kiosk host', () => {
  it('rings up a sale over HTTP and tells the WebSocket it was paid', async () => {
    const { socket, messages } = await openSocket();
    expect((await call('signIn', { userId: 1, pin: '1234' })).body).toEqual({
      ok: true,
      value: { id: 1, name: 'Camille', role: 'cashier', locale: null },
    });
    expect((await call('openSession', { counts: { '1000': 5 } })).body.ok).toBe(true);
    const added = await call('addByBarcode', { code: pieceBarcode() });
    expect(added.status).toBe(200);
    const total = (added.body.value as TicketView).totals.total;
    expect(total).toBeGreaterThan(0);
    const paid = await call('pay', {
      payments: [{ method: 'cash', amount: 2000 }],
      acknowledged: true,
    });
    expect(paid.body.ok).toBe(true);
    expect((paid.body.value as TicketView).status).toBe('paid');

    await until(() => messages.some((m) => m.event === 'ticket_paid'));
    const events = messages.map((m) => m.event);
    expect(events).toEqual(
      expect.arrayContaining(['signed_in', 'session_opened', 'ticket_changed', 'ticket_paid']),
    );
    const paidEvent = messages.find((m) => m.event === 'ticket_paid')
      ?.payload as TillEvents['ticket_paid'];
    expect(paidEvent.cashPaid).toBe(true);
    expect(paidEvent.ticket.totals.total).toBe(total);
    socket.close();

    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare(`SELECT count(*) AS n FROM tickets WHERE status = 'paid'`).get()).toEqual({
      n: 1,
    });
    db.close();
  });

  it('stops within seconds while a page never answers the closing of its event socket', async () => {
    // A page that is frozen or busy: upgraded to a WebSocket, then silent.
    const page = connect(kiosk.port, '127.0.0.1');
    const upgraded = new Promise<string>((resolve) =>
      page.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    const cut = new Promise<void>((resolve) => page.once('close', () => resolve()));
    page.write(
      [
        `GET /events?token=${kiosk.token} HTTP/1.1`,
        `Host: 127.0.0.1:${kiosk.port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
    expect(await upgraded).toMatch(/^HTTP\/1.1 101/);
    const started = performance.now();
    await kiosk.stop();
    // ws waits 30 s for a close answer by default: the till waited with it before.
    expect(performance.now() - started).toBeLessThan(10_000);
    await cut;
    kiosk = await startKiosk({ dbPath, port: 0, till: { devices: false } });
  }, 40_000);

  it('carries a TillError as its code, its message in words and its values', async () => {
    await call('signIn', { userId: 1, pin: '1234' });
    await call('openSession', { counts: {} });
    const response = await call('addByBarcode', { code: '5400000000000' });
    expect(response.status).toBe(200);
    expect(response.body.ok).toBe(false);
    const error = response.body.error;
    expect(error.code).toBe('scan.unrecognised');
    // The demo till speaks French: the message is the catalogue's, with the error's values.
    expect(error.message).toBe(message('fr-BE', 'error', 'scan.unrecognised', error.values));
    expect(error.message).toMatch(/\p{L}{3,}/u);
    expect(error.message).not.toMatch(/at .*\.ts|Error:/);
    expect(typeof error.values).toBe('object');
  });

  it('answers the plain page only with the token', async () => {
    const first = await fetch(kiosk.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
    const page = await fetch(`http://127.0.0.1:${kiosk.port}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/screens are not built yet/);
    expect((await fetch(`http://127.0.0.1:${kiosk.port}/`)).status).toBe(401);
  });

  describe('refuses, changing nothing', () => {
    const signInBody = JSON.stringify({ userId: 1, pin: '1234' });
    const cases: [string, () => Promise<{ status: number; body: Envelope }>, number][] = [
      ['a missing token', () => post('signIn', { body: signInBody, token: null }), 401],
      ['a wrong token', () => post('signIn', { body: signInBody, token: 'x'.repeat(32) }), 401],
      [
        'another origin',
        () => post('signIn', { body: signInBody, headers: { origin: 'http://evil.example' } }),
        403,
      ],
      [
        'a host name rebound to the till (DNS rebinding)',
        () => postAs(`evil.example:${kiosk.port}`, 'signIn', signInBody),
        403,
      ],
      ['a body that is not JSON', () => post('signIn', { body: '{"userId": 1, pin' }), 400],
      [
        'a body of another type',
        () => post('signIn', { body: 'userId=1', headers: { 'content-type': 'text/plain' } }),
        415,
      ],
      [
        'a body of 10 MB',
        () =>
          post('signIn', {
            body: JSON.stringify({ userId: 1, pin: '1234', pad: 'x'.repeat(10 * 1024 * 1024) }),
          }),
        413,
      ],
      ['an unknown operation', () => post('dropTables', { body: '{}' }), 404],
      ['a malformed input', () => call('signIn', { userId: 'one', pin: 12 }), 400],
    ];

    it.each(cases)('%s', async (_name, request, status) => {
      // A signed-in cashier with an open session and a line: the refused request could harm it.
      await call('signIn', { userId: 1, pin: '1234' });
      await call('openSession', { counts: {} });
      await call('addByBarcode', { code: pieceBarcode() });
      await call('signOut', {});
      const before = snapshot();
      const response = await request();
      expect(response.status).toBe(status);
      expect(response.body.ok).toBe(false);
      expect(response.body.error.message).toMatch(/\p{L}{3,}/u);
      expect(snapshot()).toEqual(before);
      // Nobody got signed in either.
      expect((await call('signedIn', {})).body.value).toBeNull();
    });

    it('names the problems of a malformed input', async () => {
      const response = await call('signIn', { userId: 'one' });
      expect(response.body.error.code).toBe('input.invalid');
      expect(response.body.error.message).toMatch(/userId/);
      expect(response.body.error.message).toMatch(/pin/);
    });

    it('refuses the WebSocket without the token', async () => {
      await expect(openSocket('wrong')).rejects.toThrow(/401/);
    });

    it("refuses the WebSocket to another site's page, even with the token", async () => {
      await expect(openSocket(kiosk.token, 'http://evil.example')).rejects.toThrow(/403/);
    });
  });
});
