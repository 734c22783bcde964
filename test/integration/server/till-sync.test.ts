/**
 * The sync inside the running till, as the kiosk and Electron start it: on whenever the till is
 * enrolled, off otherwise; enrolling and un-enrolling from the screens' door (`invoke`), each a
 * manager's act that the journal keeps; a price the server changes reaches the search and the
 * next scan without a restart, and a line already rung keeps its price.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getSetting } from '../../../db/settings';
import { createTill } from '../../../server/tills';
import { invoke, type TillEventMessage, type TillResult } from '../../../main/api';
import { startTill, type RunningTill } from '../../../main/index';
import type { SyncStatus } from '../../../main/sync/client';
import { createTestTill, ean13, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { pointTillAt } from '../../support/sync';
import { selfSignedCertificate } from '../../support/tls';

const BREAD = { id: 500, code: ean13('549000000500'), price: 200 };

/** Follows a till's sink: every message kept, and a wait for the first one that matches. */
function sink() {
  const messages: TillEventMessage[] = [];
  const waiters = new Set<() => void>();
  return {
    messages,
    send(message: TillEventMessage) {
      messages.push(message);
      for (const waiter of [...waiters]) waiter();
    },
    /** Resolves at the first sync status (from now on) that passes `check`. */
    syncStatus(check: (status: SyncStatus) => boolean, timeoutMs = 10_000): Promise<SyncStatus> {
      return new Promise((resolve, reject) => {
        const from = messages.length;
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`No such sync status within ${timeoutMs} ms`));
        }, timeoutMs);
        function look() {
          for (const message of messages.slice(from)) {
            if (message.event === 'sync_status' && check(message.payload)) {
              clearTimeout(timer);
              waiters.delete(look);
              resolve(message.payload);
              return;
            }
          }
        }
        waiters.add(look);
      });
    },
  };
}

/** An HTTPS server whose certificate nobody vouches for (made by openssl for this test). */
async function selfSignedServer(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'emm-cert-'));
  const { key, cert } = selfSignedCertificate(dir);
  const server = createServer({ key, cert }, (_request, response) => response.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function value<T>(result: TillResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe.each(STORES)('the running till syncs with a server on %s', (kind) => {
  let server: TestServer;
  const tills: TestTill[] = [];
  const running: RunningTill[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    const imported = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/import/products',
      headers: { ...server.admin, 'content-type': 'text/csv' },
      payload: `id;name;category;vat;price;unit;barcodes\r\n${BREAD.id};Pain gris;Boulangerie;6;2,00;piece;${BREAD.code}`,
    });
    expect(imported.json()).toEqual({ products: 1 });
  });
  afterAll(async () => {
    for (const r of running) await r.stop();
    for (const t of tills) t.close();
    await server.close();
  });

  /** A till file with the fixture, closed, for startTill to open as a face would. */
  function tillFile(): TestTill {
    const t = createTestTill();
    tills.push(t);
    t.db.close();
    return t;
  }
  function start(t: TestTill, options: Partial<Parameters<typeof startTill>[0]> = {}) {
    const events = sink();
    const till = startTill({
      dbPath: t.path,
      demo: false,
      exclusive: true,
      syncTiming: { intervalMs: 100 },
      send: events.send,
      ...options,
    });
    running.push(till);
    return { till, events };
  }
  async function stop(till: RunningTill) {
    running.splice(running.indexOf(till), 1);
    await till.stop();
  }
  const ticketsOf = async (tillId: number) =>
    server.store.query<{ number: number }>('SELECT number FROM tickets WHERE till_id = $1', [
      tillId,
    ]);

  it('does not sync a till that is not enrolled, and says so', async () => {
    const { till } = start(tillFile());
    expect(till.sync).toBeNull();
    expect(value(await invoke(till, 'syncStatus', {}))).toMatchObject({
      enrolled: false,
      online: false,
    });
    await stop(till);
  });

  it('never syncs from a second process beside the selling till, enrolled or not', async () => {
    const t = tillFile();
    const { token } = await server.enrolTill('beside');
    t.reopen();
    pointTillAt(t.db, server.url, token);
    t.db.close();
    const beside = startTill({ dbPath: t.path, demo: false });
    try {
      expect(beside.sync).toBeNull();
    } finally {
      await beside.stop();
    }
    const { till } = start(t);
    expect(till.sync).not.toBeNull();
    await stop(till);
  });

  it('enrols from the screens (a manager, journaled), then sells to the server by itself', async () => {
    const t = tillFile();
    const { till, events } = start(t);
    expect(till.sync).toBeNull();
    const { enrolmentCode, till: onServer } = await createTill(
      server.store,
      'Caisse 3',
      new Date(),
    );

    // A cashier may not, nor a cashier with a wrong approval.
    value(await invoke(till, 'signIn', { userId: t.cashierId, pin: FIXTURE.cashierPin }));
    const refused = await invoke(till, 'enrol', { server: server.url, code: enrolmentCode });
    expect(refused.ok || refused.error.code).toBe('auth.manager_required');
    expect(till.sync).toBeNull();

    const online = events.syncStatus((status) => status.enrolled && status.online);
    const enrolled = value(
      await invoke(till, 'enrol', {
        // Typed as a manager does, without the scheme.
        server: new URL(server.url).host,
        code: enrolmentCode,
        approval: { userId: t.managerId, pin: FIXTURE.managerPin },
      }),
    );
    expect(enrolled).toEqual({ tillId: onServer.id, name: 'Caisse 3' });
    await online;
    expect(till.sync).not.toBeNull();
    const journal = till.db
      .prepare("SELECT payload FROM journal WHERE doc_type = 'sync_enrolment'")
      .pluck()
      .all() as string[];
    expect(journal.map((payload) => JSON.parse(payload) as unknown)).toMatchObject([
      { act: 'enrol', server: new URL(server.url).origin, tillId: onServer.id, by: t.managerId },
    ]);

    // The same code twice, or any code while enrolled: refused in words, nothing changed.
    const again = await invoke(till, 'enrol', {
      server: server.url,
      code: enrolmentCode,
      approval: { userId: t.managerId, pin: FIXTURE.managerPin },
    });
    expect(again.ok || again.error.code).toBe('sync.already_enrolled');

    value(await invoke(till, 'openSession', { counts: { '2000': 5 } }));
    value(await invoke(till, 'addByBarcode', { code: FIXTURE.milk.code }));
    const sent = events.syncStatus((status) => status.online && status.pending === 0);
    value(
      await invoke(till, 'pay', { payments: [{ method: 'card', amount: FIXTURE.milk.price }] }),
    );
    await sent;
    expect(await ticketsOf(onServer.id)).toHaveLength(1);

    // Un-enrolled: the sync stops, the token is gone, the act is journaled.
    const standalone = events.syncStatus((status) => !status.enrolled);
    value(
      await invoke(till, 'unenrol', {
        approval: { userId: t.managerId, pin: FIXTURE.managerPin },
      }),
    );
    await standalone;
    expect(till.sync).toBeNull();
    expect(getSetting(till.db, 'sync.token', z.string())).toBeUndefined();
    const acts = till.db
      .prepare("SELECT payload FROM journal WHERE doc_type = 'sync_enrolment' ORDER BY seq")
      .pluck()
      .all() as string[];
    expect(acts.map((payload) => (JSON.parse(payload) as { act: string }).act)).toEqual([
      'enrol',
      'unenrol',
    ]);
    await stop(till);
  });

  it('tells a wrong code and an unreachable server apart, in words', async () => {
    const t = tillFile();
    const { till } = start(t);
    const approval = { userId: t.managerId, pin: FIXTURE.managerPin };
    value(await invoke(till, 'signIn', { userId: t.cashierId, pin: FIXTURE.cashierPin }));
    const wrong = await invoke(till, 'enrol', { server: server.url, code: 'NOPE-NOPE', approval });
    expect(wrong.ok || wrong.error.code).toBe('sync.enrol_refused');
    expect(wrong.ok || wrong.error.message).toMatch(/inconnu, déjà utilisé ou expiré/);
    const nobody = await invoke(till, 'enrol', {
      server: 'http://127.0.0.1:9',
      code: 'X',
      approval,
    });
    expect(nobody.ok || nobody.error.code).toBe('sync.unreachable');
    const notUrl = await invoke(till, 'enrol', { server: 'ftp://x', code: 'X', approval });
    expect(notUrl.ok || notUrl.error.code).toBe('sync.bad_url');
    const untrusted = await selfSignedServer();
    try {
      const refused = await invoke(till, 'enrol', { server: untrusted.url, code: 'X', approval });
      expect(refused.ok || refused.error.code).toBe('sync.certificate');
      expect(refused.ok || refused.error.message).toMatch(/certificat/);
    } finally {
      await untrusted.close();
    }
    expect(till.sync).toBeNull();
    expect(getSetting(till.db, 'sync.server')).toBeUndefined();
    await stop(till);
  });

  it('starts syncing by itself when enrolled; a new price reaches search and the next scan, a rung line keeps its own', async () => {
    const t = tillFile();
    const { token } = await server.enrolTill('prices');
    t.reopen();
    pointTillAt(t.db, server.url, token);
    t.db.close();
    const { till, events } = start(t);
    await events.syncStatus((status) => status.online);
    expect(till.sync).not.toBeNull();

    value(await invoke(till, 'signIn', { userId: t.cashierId, pin: FIXTURE.cashierPin }));
    value(await invoke(till, 'openSession', { counts: { '2000': 5 } }));
    const first = value(await invoke(till, 'addByBarcode', { code: BREAD.code }));
    expect(first.lines.map((line) => line.totals.unitPrice)).toEqual([BREAD.price]);

    const changed = await server.app.inject({
      method: 'PUT',
      url: `/v1/admin/products/${BREAD.id}/price`,
      headers: server.admin,
      payload: { price: 250 },
    });
    expect(changed.statusCode).toBe(200);
    const changedAt = new Date().toISOString();
    // A round that ends after the change may have pulled before it; the round after it cannot.
    // Asked of the till: a round that changes nothing on screen sends the screens no event.
    const roundEndedAfter = async (at: string): Promise<string> => {
      for (const start = Date.now(); Date.now() - start < 10_000;) {
        const status = value(await invoke(till, 'syncStatus', {}));
        if (status.online && (status.lastSyncAt ?? '') > at) return status.lastSyncAt ?? '';
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`No sync round ended after ${at} within 10 s`);
    };
    await roundEndedAfter(await roundEndedAfter(changedAt));
    const found = value(await invoke(till, 'searchProducts', { query: 'Pain gris', limit: 8 }));
    expect(found.map((product) => product.unitPrice)).toEqual([250]);

    const second = value(await invoke(till, 'addByBarcode', { code: BREAD.code }));
    expect(second.lines.map((line) => line.totals.unitPrice)).toEqual([BREAD.price, 250]);
    await stop(till);
  });
});
