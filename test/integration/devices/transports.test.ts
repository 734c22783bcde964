import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TillError } from '../../../domain/errors';
import { ReconnectingLink, backoffDelay, type LinkStatus } from '../../../drivers/reconnect';
import {
  FileTransport,
  HidTransport,
  SerialTransport,
  SimLine,
  SimTransport,
  TcpTransport,
  createTransport,
  openNodeHidDevice,
  type HidDeviceHandle,
} from '../../../drivers/transports';
import type { Transport } from '../../../drivers/types';
import { parseDeviceUri, type SerialOptions } from '../../../drivers/uri';
import { ManualTimers, guardEscapes, unplug } from '../../support/device-harness';
import { createPtyPair, createPtyPairAt, type PtyPair } from '../../support/pty';

// ---------------------------------------------------------------------------------------------
// Helpers

const { listenerErrors } = guardEscapes();

function serialOptions(path: string): SerialOptions {
  return { path, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };
}

/** Resolves when `predicate` holds, checking at each event and every 10 ms. */
async function waitUntil(
  predicate: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function collectData(transport: { onData(l: (c: Uint8Array) => void): unknown }) {
  let received = Buffer.alloc(0);
  transport.onData((chunk) => {
    received = Buffer.concat([received, chunk]);
  });
  return () => received;
}

function statusLog(link: ReconnectingLink): LinkStatus[] {
  const log: LinkStatus[] = [];
  link.onStatus((status) => log.push(status));
  return log;
}

async function rejection(promise: Promise<unknown>): Promise<TillError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TillError);
    return error as TillError;
  }
  throw new Error('expected a rejection');
}

/** A clock for the link's timers, advanced by hand, letting promises settle around each timer. */
class FakeClock extends ManualTimers {
  override async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    await settle();
    while (this.runNextDue(end)) await settle();
    this.now = end;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

// ---------------------------------------------------------------------------------------------
// Serial

describe('serial transport over a real pty', () => {
  let pair: PtyPair | null = null;
  afterEach(async () => {
    await pair?.kill();
    pair = null;
  });

  it('writes to the device, reads from it, and closes without a close event', async () => {
    pair = await createPtyPair();
    const transport = new SerialTransport(serialOptions(pair.device));
    const closes: (Error | null)[] = [];
    transport.onClose((error) => closes.push(error));
    const received = collectData(transport);
    await transport.open();
    expect(transport.name).toBe(`serial:${pair.device}`);

    const reader = pair.peerReader();
    await transport.write(Buffer.from('\x1b@Bonjour\n', 'latin1'));
    await reader.waitFor((b) => b.toString('latin1') === '\x1b@Bonjour\n');

    pair.peerWrite('4006381333931\r');
    await waitUntil(() => received().toString() === '4006381333931\r', 'the device bytes');

    await transport.close();
    await transport.close();
    expect(closes).toEqual([]);
    expect((await rejection(transport.write(Buffer.from('x')))).code).toBe('device.not_open');
  });

  it('says once that the line dropped when the device vanishes, and refuses writes after', async () => {
    pair = await createPtyPair();
    const transport = new SerialTransport(serialOptions(pair.device));
    const closes: (Error | null)[] = [];
    transport.onClose((error) => closes.push(error));
    await transport.open();
    await unplug(pair);
    pair = null;
    await waitUntil(() => closes.length > 0, 'the close event');
    expect(closes).toHaveLength(1);
    expect(closes[0]).toBeInstanceOf(Error);
    const refused = await rejection(transport.write(Buffer.from('x')));
    expect(refused.code).toBe('device.not_open');
    expect(refused.message).toContain('closed');
    await transport.close();
    expect(closes).toHaveLength(1);
  });

  it('notices a device node that vanished even when the line itself says nothing', async () => {
    pair = await createPtyPair();
    const transport = new SerialTransport(serialOptions(pair.device), { presenceCheckMs: 50 });
    const closes: (Error | null)[] = [];
    transport.onClose((error) => closes.push(error));
    await transport.open();
    // The node goes (as udev removes /dev/ttyACM0) while the pty itself stays up.
    rmSync(pair.device);
    await waitUntil(() => closes.length === 1, 'the drop');
    expect(closes[0]?.message).toContain('is gone (the device was unplugged)');
    await transport.close();
  });

  it('refuses to open a missing port, naming it', async () => {
    const transport = new SerialTransport(serialOptions('/dev/ttyNOPE-emm-test'));
    const refused = await rejection(transport.open());
    expect(refused.code).toBe('device.open_failed');
    expect(refused.message).toContain('serial:/dev/ttyNOPE-emm-test');
    // A transport opens once.
    expect((await rejection(transport.open())).code).toBe('device.already_open');
  });

  it('reconnects through a ReconnectingLink when the port vanishes and comes back', async () => {
    pair = await createPtyPair();
    const { device, peer } = pair;
    const link = new ReconnectingLink(() => new SerialTransport(serialOptions(device)), {
      initialDelayMs: 30,
      maxDelayMs: 150,
    });
    const log = statusLog(link);
    const received = collectData(link);
    link.start();
    await link.whenConnected(5000);
    pair.peerWrite('one\r');
    await waitUntil(() => received().toString() === 'one\r', 'the first bytes');

    await unplug(pair);
    pair = null;
    await waitUntil(() => log.some((s) => s.state === 'offline'), 'offline');
    const offline = log.find((s) => s.state === 'offline');
    expect(offline?.detail).toContain(`serial:${device}`);
    expect(offline?.detail).toMatch(/retrying in/);

    // Let it fail to reopen at least once, then plug the device back in.
    await waitUntil(() => log.some((s) => s.state === 'offline' && s.failures >= 2), 'a retry');
    expect((await rejection(link.write(Buffer.from('lost')))).code).toBe('device.offline');
    const back = await createPtyPairAt(device, peer);
    pair = back;
    await link.whenConnected(5000);
    const reader = back.peerReader();
    await link.write(Buffer.from('again'));
    await reader.waitFor((b) => b.toString() === 'again');
    back.peerWrite('two\r');
    await waitUntil(() => received().toString() === 'one\rtwo\r', 'bytes after reconnecting');

    await link.close();
    expect(link.status.state).toBe('closed');
    const states = log.map((s) => s.state);
    expect(states[0]).toBe('connecting');
    expect(states).toContain('offline');
    expect(states.filter((s) => s === 'connected').length).toBeGreaterThanOrEqual(2);
    back.removeDir();
  });
});

// ---------------------------------------------------------------------------------------------
// TCP

describe('tcp transport against a local server', () => {
  let server: Server;
  let port: number;
  const sockets: Socket[] = [];
  let serverReceived = Buffer.alloc(0);

  function listen(atPort = 0): Promise<void> {
    server = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (chunk) => {
        serverReceived = Buffer.concat([serverReceived, chunk]);
      });
      socket.on('error', () => undefined);
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(atPort, '127.0.0.1', () => {
        const address = server.address();
        if (address && typeof address === 'object') port = address.port;
        resolve();
      });
    });
  }

  function stopListening(): Promise<void> {
    for (const socket of sockets.splice(0)) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  beforeEach(async () => {
    serverReceived = Buffer.alloc(0);
    await listen();
  });
  afterEach(async () => {
    await stopListening();
  });

  it('connects, writes, reads and closes', async () => {
    const transport = createTransport(parseDeviceUri('printer', `tcp:127.0.0.1:${port}`) as never);
    expect(transport).toBeInstanceOf(TcpTransport);
    expect(transport.name).toBe(`tcp:127.0.0.1:${port}`);
    const received = collectData(transport);
    const closes: (Error | null)[] = [];
    transport.onClose((error) => closes.push(error));
    await transport.open();
    await transport.write(Buffer.from('\x1b@hello'));
    await waitUntil(() => serverReceived.toString() === '\x1b@hello', 'the server to read');
    await waitUntil(() => sockets.length === 1, 'the server socket');
    sockets[0]?.write(Buffer.from([0x10, 0x04, 0x01]));
    await waitUntil(() => received().length === 3, 'the status byte');
    await transport.close();
    expect(closes).toEqual([]);
  });

  it('drops when the server closes the connection mid-way', async () => {
    const transport = new TcpTransport('127.0.0.1', port);
    const closes: (Error | null)[] = [];
    transport.onClose((error) => closes.push(error));
    await transport.open();
    await waitUntil(() => sockets.length === 1, 'the server socket');
    sockets[0]?.end();
    await waitUntil(() => closes.length === 1, 'the drop');
    expect(closes[0]?.message).toMatch(/closed/);
    expect((await rejection(transport.write(Buffer.from('x')))).code).toBe('device.not_open');
  });

  it('refuses a port nobody listens on, and gives up connecting after its timeout', async () => {
    await stopListening();
    const refused = await rejection(new TcpTransport('127.0.0.1', port).open());
    expect(refused.code).toBe('device.open_failed');
    expect(refused.message).toContain(`tcp:127.0.0.1:${port}`);
    expect(refused.message).toMatch(/ECONNREFUSED/);
    // TEST-NET-1 is never routed: either no answer (the timeout) or unreachable at once.
    const started = Date.now();
    const timedOut = await rejection(
      new TcpTransport('192.0.2.1', 9100, { connectTimeoutMs: 200 }).open(),
    );
    expect(timedOut.code).toBe('device.open_failed');
    // The 200 ms timeout, not the system's own (minutes): far from both on a busy machine.
    expect(Date.now() - started).toBeLessThan(10_000);
    await listen(port);
  });

  it('reconnects by itself when the server drops it, or stops and comes back', async () => {
    const link = new ReconnectingLink(() => new TcpTransport('127.0.0.1', port), {
      initialDelayMs: 20,
      maxDelayMs: 100,
    });
    const log = statusLog(link);
    link.start();
    await link.whenConnected(3000);
    await link.write(Buffer.from('A'));
    await waitUntil(() => serverReceived.toString() === 'A', 'A');

    // The server drops the connection: the link comes back on its own.
    await waitUntil(() => sockets.length === 1, 'the first connection');
    sockets[0]?.destroy();
    await waitUntil(() => log.some((s) => s.state === 'offline'), 'offline');
    await link.whenConnected(3000);
    await waitUntil(() => sockets.length === 2, 'the second connection');
    await link.write(Buffer.from('B'));
    await waitUntil(() => serverReceived.toString() === 'AB', 'B');

    // The server goes away for a while, then listens again on the same port.
    const offlineBefore = log.filter((s) => s.state === 'offline').length;
    await stopListening();
    await waitUntil(
      () => log.filter((s) => s.state === 'offline').length >= offlineBefore + 2,
      'failed reconnections',
    );
    expect(link.status.detail).toMatch(/ECONNREFUSED|closed/);
    await listen(port);
    await link.whenConnected(3000);
    await link.write(Buffer.from('C'));
    await waitUntil(() => serverReceived.toString() === 'ABC', 'C');
    await link.close();
  });
});

// ---------------------------------------------------------------------------------------------
// File

describe('file transport', () => {
  /** The test-only switch (EMM_TEST_DEVICE_FILES=1): a plain file stands in for the printer. */
  const paths = { testDeviceFiles: true, allowListFile: '/nonexistent' };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'emm-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends what it writes to the device file', async () => {
    const path = join(dir, 'lp0');
    writeFileSync(path, '');
    const transport = createTransport({ transport: 'file', path }, { paths });
    expect(transport).toBeInstanceOf(FileTransport);
    const received = collectData(transport);
    await transport.open();
    await transport.write(Buffer.from('\x1b@'));
    await transport.write(Buffer.from('Receipt\n\x1dV\x00', 'latin1'));
    expect(readFileSync(path, 'latin1')).toBe('\x1b@Receipt\n\x1dV\x00');
    expect(received().length).toBe(0);
    await transport.close();
    expect((await rejection(transport.write(Buffer.from('x')))).code).toBe('device.not_open');
  });

  it('refuses a device that is not there, without creating a file in its place', async () => {
    const path = join(dir, 'usb', 'lp0');
    const refused = await rejection(new FileTransport(path, { paths }).open());
    expect(refused.code).toBe('device.open_failed');
    expect(refused.message).toContain(`file:${path}`);
    expect(existsSync(path)).toBe(false);
  });

  it('drops the line when a write fails', async () => {
    // /dev/full refuses every write with ENOSPC, as a broken device would.
    if (!existsSync('/dev/full')) return;
    const transport = new FileTransport('/dev/full', { paths });
    const closes: (Error | null)[] = [];
    transport.onClose((error) => closes.push(error));
    await transport.open();
    const refused = await rejection(transport.write(Buffer.from('x')));
    expect(refused.code).toBe('device.write_failed');
    expect(refused.message).toContain('file:/dev/full');
    await waitUntil(() => closes.length === 1, 'the drop');
  });
});

// ---------------------------------------------------------------------------------------------
// HID

class FakeHidDevice extends EventEmitter implements HidDeviceHandle {
  written: Buffer[] = [];
  closed = false;
  write(data: number[] | Buffer): number {
    this.written.push(Buffer.from(data));
    return data.length;
  }
  close(): void {
    this.closed = true;
  }
}

describe('hid transport', () => {
  it('reads reports from the device opened by the injected factory, and drops on a read error', async () => {
    const device = new FakeHidDevice();
    const opened: [number, number][] = [];
    const transport = new HidTransport(0x05e0, 0x1200, {
      openHidDevice: async (vendorId, productId) => {
        opened.push([vendorId, productId]);
        return device;
      },
    });
    expect(transport.name).toBe('hid:05e0:1200');
    const reports: Uint8Array[] = [];
    transport.onData((report) => reports.push(report));
    const closes: (Error | null)[] = [];
    transport.onClose((error) => closes.push(error));
    await transport.open();
    expect(opened).toEqual([[0x05e0, 0x1200]]);

    device.emit('data', Buffer.from([2, 3, 0x5d, 0x45, 0x30, 0x31, 0x32, 0x33]));
    expect(reports).toHaveLength(1);
    await transport.write(Buffer.from([0xfd, 1, 0x07]));
    expect(device.written).toEqual([Buffer.from([0xfd, 1, 0x07])]);

    device.emit('error', new Error('could not read from HID device'));
    expect(closes).toHaveLength(1);
    expect(closes[0]?.message).toContain('could not read');
    await waitUntil(() => device.closed, 'the device to be closed');
    // A late error from the native read loop must not crash anything.
    device.emit('error', new Error('late'));
  });

  it('refuses to open when the factory fails, in words', async () => {
    const transport = new HidTransport(0x05e0, 0x1200, {
      openHidDevice: () =>
        Promise.reject(new Error('no USB HID device hid:05e0:1200 is plugged in')),
    });
    const refused = await rejection(transport.open());
    expect(refused.code).toBe('device.open_failed');
    expect(refused.message).toContain('plugged in');
  });

  it('loads node-hid only when asked, and fails cleanly where it cannot work', async () => {
    // No HID device exists here, and libusb may be missing: either way a clear rejection.
    await expect(openNodeHidDevice(0x05e0, 0x1200)).rejects.toThrow(/HID|hid/);
  });
});

// ---------------------------------------------------------------------------------------------
// Sim and the reconnecting link

describe('sim line', () => {
  it('records writes, injects data, and can be unplugged and fail', async () => {
    const line = new SimLine('sim:printer');
    const transport = line.createTransport();
    const received = collectData(transport);
    const closes: (Error | null)[] = [];
    transport.onClose((error) => closes.push(error));
    expect(line.inject('early')).toBe(false);
    await transport.open();
    const heard: string[] = [];
    line.onWrite((bytes) => heard.push(Buffer.from(bytes).toString()));
    await transport.write(Buffer.from('ab'));
    await transport.write(Buffer.from('c'));
    expect(line.written().toString()).toBe('abc');
    expect(line.writes().map(String)).toEqual(['ab', 'c']);
    expect(heard).toEqual(['ab', 'c']);
    expect(line.inject('xyz')).toBe(true);
    expect(received().toString()).toBe('xyz');

    line.failWrites(new Error('paper jam'));
    expect((await rejection(transport.write(Buffer.from('d')))).message).toContain('paper jam');
    line.failWrites(null);

    line.unplug();
    expect(closes).toHaveLength(1);
    expect(line.isConnected).toBe(false);
    const again = line.createTransport();
    expect((await rejection(again.open())).message).toContain('unplugged');
    line.plug();
    await line.createTransport().open();
    expect(line.isConnected).toBe(true);
    expect(line.opens).toBe(2);
    expect(new SimTransport().name).toBe('sim');
  });
});

describe('reconnecting link', () => {
  it('backs off exponentially with jitter, up to the maximum', () => {
    const none = { jitter: 0 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, none))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(backoffDelay(1, { random: () => 0 })).toBe(200);
    expect(backoffDelay(1, { random: () => 0.999999 })).toBe(300);
    expect(backoffDelay(50, { random: () => 0.999999 })).toBe(10_000);
    expect(backoffDelay(3, { initialDelayMs: 10, factor: 3, maxDelayMs: 1000, jitter: 0 })).toBe(
      90,
    );
  });

  it('retries a device that is not there, reports why, and stops when closed', async () => {
    const clock = new FakeClock();
    const line = new SimLine('sim:scanner');
    line.unplug(new Error('no such device'));
    const link = new ReconnectingLink(() => line.createTransport(), {
      timers: clock,
      now: () => clock.now,
      random: () => 0.5,
    });
    const log = statusLog(link);
    link.start();
    link.start();
    await clock.advance(0);
    expect(log.map((s) => s.state)).toEqual(['connecting', 'offline']);
    expect(link.status.detail).toBe(
      'Could not open sim:scanner: no such device; retrying in 250 ms',
    );
    expect(link.status.retryInMs).toBe(250);
    expect(clock.pending()).toEqual([250]);
    await clock.advance(250);
    expect(clock.pending()).toEqual([500]);
    await clock.advance(500);
    expect(clock.pending()).toEqual([1000]);
    expect(link.status).toMatchObject({ state: 'offline', failures: 3 });

    const refused = await rejection(link.write(Buffer.from('x')));
    expect(refused.code).toBe('device.offline');
    expect(refused.message).toContain('no such device');

    line.plug();
    await clock.advance(1000);
    expect(link.status).toMatchObject({ state: 'connected', failures: 0 });
    expect(link.status.detail).toBe('sim:scanner is connected');

    await link.close();
    expect(link.status.state).toBe('closed');
    expect(clock.pending()).toEqual([]);
    expect(line.isConnected).toBe(false);
    expect((await rejection(link.write(Buffer.from('x')))).message).toContain('closed');
  });

  it('forwards data, writes while connected, and comes back after a drop', async () => {
    const clock = new FakeClock();
    const line = new SimLine('sim:display');
    const link = new ReconnectingLink(() => line.createTransport(), {
      timers: clock,
      now: () => clock.now,
      jitter: 0,
      initialDelayMs: 100,
    });
    const received = collectData(link);
    const log = statusLog(link);
    link.start();
    await clock.advance(0);
    expect(link.isConnected).toBe(true);
    line.inject('hello');
    await link.write(Buffer.from('text'));
    expect(received().toString()).toBe('hello');
    expect(line.written().toString()).toBe('text');

    // A line up for long (stable) drops: retry from the initial delay.
    await clock.advance(60_000);
    line.drop(new Error('cable pulled'));
    expect(link.status.state).toBe('offline');
    expect(link.status.detail).toBe('sim:display disconnected: cable pulled; retrying in 100 ms');
    await clock.advance(100);
    expect(link.isConnected).toBe(true);

    // A line that drops right after opening backs off further each time.
    line.drop(new Error('flaky'));
    expect(link.status.retryInMs).toBe(200);
    await clock.advance(200);
    line.drop(new Error('flaky'));
    expect(link.status.retryInMs).toBe(400);
    await clock.advance(400);
    expect(link.isConnected).toBe(true);
    line.inject('after');
    expect(received().toString()).toBe('helloafter');
    expect(log.filter((s) => s.state === 'connected')).toHaveLength(4);
    await link.close();
  });

  it('survives a factory that throws, an open that hangs, and listeners that throw', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const hanging: Transport = {
      name: 'hanging',
      open: () => new Promise<void>(() => undefined),
      write: () => Promise.resolve(),
      close: () => Promise.resolve(),
      onData: () => () => undefined,
      onClose: () => () => undefined,
    };
    const line = new SimLine('sim:scale');
    const link = new ReconnectingLink(
      () => {
        calls++;
        if (calls === 1) throw new Error('bad configuration');
        if (calls === 2) return hanging;
        return line.createTransport();
      },
      { timers: clock, now: () => clock.now, jitter: 0, openTimeoutMs: 1000, name: 'scale' },
    );
    link.onStatus(() => {
      throw new Error('a listener bug');
    });
    link.onData(() => {
      throw new Error('another listener bug');
    });
    link.start();
    await clock.advance(0);
    expect(link.status.detail).toBe('Could not open scale: bad configuration; retrying in 250 ms');
    await clock.advance(250);
    expect(link.status.state).toBe('connecting');
    await clock.advance(1000);
    expect(link.status.detail).toMatch(/opening took longer than 1 s; retrying in 500 ms/);
    await clock.advance(500);
    expect(link.status.state).toBe('connected');
    line.inject('data');
    expect(listenerErrors.length).toBeGreaterThan(3);
    await link.close();
  });

  it('closes while an open is in flight, and closes that transport when it lands', async () => {
    let finishOpen: () => void = () => undefined;
    let closed = 0;
    const slow: Transport = {
      name: 'slow',
      open: () => new Promise<void>((resolve) => (finishOpen = resolve)),
      write: () => Promise.resolve(),
      close: async () => {
        closed++;
      },
      onData: () => () => undefined,
      onClose: () => () => undefined,
    };
    const link = new ReconnectingLink(() => slow, { openTimeoutMs: 5000 });
    link.start();
    await settle();
    const closing = link.close();
    finishOpen();
    await closing;
    expect(closed).toBeGreaterThanOrEqual(1);
    expect(link.status.state).toBe('closed');
    await expect(link.whenConnected(10)).rejects.toThrow(/did not connect|closed/);
  });
});
