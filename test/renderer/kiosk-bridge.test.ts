import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TillEventMessage } from '../../main/api';
import { startKiosk, type KioskHost } from '../../main/kiosk/host';
import { createKioskBridge } from '../../renderer/bridge/kiosk';

/** The screens' kiosk transport against the real kiosk host: HTTP with the token, the events' socket. */

/** vi.waitFor's own deadline is 1 s, which a busy machine overruns: a last guard only. */
const WAIT_GUARD = { timeout: 60_000 };

let dir: string;
let kiosk: KioskHost;
let sockets: WebSocket[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'emm-kiosk-bridge-'));
  kiosk = await startKiosk({ dbPath: join(dir, 'till.db'), port: 0, till: { devices: false } });
  sockets = [];
});
afterEach(async () => {
  await kiosk.stop();
  rmSync(dir, { recursive: true, force: true });
});

function bridgeFor(pageUrl: string) {
  return createKioskBridge({
    pageUrl,
    fetch,
    openSocket: (url) => {
      const socket = new WebSocket(url);
      sockets.push(socket);
      return socket as unknown as globalThis.WebSocket;
    },
    reconnectDelayMs: 20,
  });
}

describe('the kiosk bridge', () => {
  it('calls the till with the page’s token, and brings a refusal back in words', async () => {
    const bridge = bridgeFor(kiosk.url);
    const users = await bridge.call('users', {});
    expect(users.ok && users.value.map((user) => user.name)).toEqual(['Camille', 'Manon']);
    const wrong = await bridge.call('signIn', { userId: 1, pin: '0000' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'auth.wrong_pin' } });

    const stranger = bridgeFor(kiosk.url.replace(/token=.*/, 'token=not-the-token'));
    expect(await stranger.call('users', {})).toMatchObject({
      ok: false,
      error: { code: 'kiosk.token' },
    });
  });

  it('follows the events, and opens the socket again when it drops', async () => {
    const bridge = bridgeFor(kiosk.url);
    const events: TillEventMessage[] = [];
    const stop = bridge.subscribe((message) => events.push(message));
    await vi.waitFor(() => expect(sockets[0]?.readyState).toBe(WebSocket.OPEN), WAIT_GUARD);

    await bridge.call('signIn', { userId: 1, pin: '1234' });
    await vi.waitFor(() => expect(events.map((e) => e.event)).toEqual(['signed_in']), WAIT_GUARD);

    sockets[0]?.terminate();
    await vi.waitFor(() => expect(sockets[1]?.readyState).toBe(WebSocket.OPEN), WAIT_GUARD);
    await bridge.call('signOut', {});
    await vi.waitFor(
      () => expect(events.map((e) => e.event)).toEqual(['signed_in', 'signed_in']),
      WAIT_GUARD,
    );

    stop();
    await vi.waitFor(() => expect(sockets[1]?.readyState).toBe(WebSocket.CLOSED), WAIT_GUARD);
    expect(sockets).toHaveLength(2);
  });

  it('says the till does not answer when it is gone, without throwing', async () => {
    const bridge = bridgeFor(kiosk.url);
    await kiosk.stop();
    expect(await bridge.call('users', {})).toMatchObject({
      ok: false,
      error: { code: 'kiosk.unreachable' },
    });
    kiosk = await startKiosk({ dbPath: join(dir, 'till.db'), port: 0, till: { devices: false } });
  });
});
