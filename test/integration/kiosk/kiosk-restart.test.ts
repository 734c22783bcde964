import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKiosk, type KioskHost } from '../../../main/kiosk/host';
import { createKioskBridge } from '../../../renderer/bridge/kiosk';
import type { TillEventMessage } from '../../../main/api';

/**
 * A kiosk host restarted (an update, a crash, the machine rebooted) answers at the address it
 * printed before, token included, so that the page left open carries on by itself.
 */
let dir: string;
let dbPath: string;
const hosts: KioskHost[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emm-kiosk-restart-'));
  dbPath = join(dir, 'till.db');
});
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<KioskHost> {
  const host = await startKiosk({ dbPath, port: 0, till: { devices: false } });
  hosts.push(host);
  return host;
}

async function stop(host: KioskHost): Promise<void> {
  hosts.splice(hosts.indexOf(host), 1);
  await host.stop();
}

describe('a kiosk host restarted', () => {
  it('keeps its token and port in a 0600 file, and answers at the same address', async () => {
    const first = await start();
    expect(statSync(`${dbPath}-kiosk`).mode & 0o777).toBe(0o600);
    await stop(first);
    const second = await start();
    expect(second.url).toBe(first.url);
  });

  it('reconnects the open page: its calls and its events go on with no new address', async () => {
    const first = await start();
    const bridge = createKioskBridge({
      pageUrl: first.url,
      fetch,
      openSocket: (url) => new WebSocket(url) as unknown as globalThis.WebSocket,
      reconnectDelayMs: 50,
    });
    const events: TillEventMessage[] = [];
    const stopFollowing = bridge.subscribe((message) => events.push(message));
    try {
      expect((await bridge.call('users', {})).ok).toBe(true);
      await stop(first);
      expect(await bridge.call('users', {})).toMatchObject({
        ok: false,
        error: { code: 'kiosk.unreachable' },
      });
      const second = await start();
      expect((await bridge.call('users', {})).ok).toBe(true);
      // The events' socket came back by itself: a sign-out made elsewhere reaches the page.
      await expect
        .poll(async () => {
          await fetch(new URL('/api/signOut', second.url), {
            method: 'POST',
            headers: {
              authorization: `Bearer ${second.token}`,
              'content-type': 'application/json',
            },
            body: '{}',
          });
          return events.some((event) => event.event === 'signed_in');
        })
        .toBe(true);
    } finally {
      stopFollowing();
    }
  });

  it('takes another port when its own was taken meanwhile, with the same token', async () => {
    const first = await start();
    await stop(first);
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(first.port, '127.0.0.1', resolve));
    try {
      const second = await start();
      expect(second.port).not.toBe(first.port);
      expect(second.token).toBe(first.token);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('makes a new token when the file is not one it wrote', async () => {
    writeFileSync(`${dbPath}-kiosk`, 'not json');
    const host = await start();
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(`${dbPath}-kiosk`).mode & 0o777).toBe(0o600);
  });
});
