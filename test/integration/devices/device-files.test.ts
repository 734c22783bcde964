/**
 * Device paths and blocked device files. A `file:` or `serial:` URI opens only a character
 * device (a printer-like path for `file:`), and a device file that blocks (a printer off line
 * behind usblp, here a full FIFO) never holds libuv's thread pool nor leaks a descriptor.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TillError } from '../../../domain/errors';
import { devicePathPolicy } from '../../../drivers/device-path';
import { ReconnectingLink } from '../../../drivers/reconnect';
import { FileTransport, SerialTransport, createTransport } from '../../../drivers/transports';
import { parseDeviceUri } from '../../../drivers/uri';
import { createBlockableFifo, type BlockableFifo } from '../../support/fifo';
import { createPtyPair } from '../../support/pty';

async function rejection(promise: Promise<unknown>): Promise<TillError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TillError) return error;
    throw error;
  }
  throw new Error('did not reject');
}

const openDescriptors = () => readdirSync('/proc/self/fd').length;
const NO_ALLOW_LIST = { testDeviceFiles: false, allowListFile: '/nonexistent/device-paths' };
const TEST_FILES = { testDeviceFiles: true, allowListFile: '/nonexistent/device-paths' };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emm-devfile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a device path is a device', () => {
  it('refuses a path through ".." when the URI is read', () => {
    for (const uri of ['file:/dev/usb/../../etc/cron.d/x', 'serial:/dev/./ttyUSB0']) {
      const kind = uri.startsWith('file') ? 'printer' : 'scanner';
      expect(() => parseDeviceUri(kind, uri)).toThrow(/goes through "\." or "\.\."/);
    }
  });

  it('refuses file: paths that are not printer devices, writing nothing', async () => {
    const bashrc = join(dir, '.bashrc');
    writeFileSync(bashrc, 'echo hello\n');
    for (const path of ['/etc/passwd', bashrc, '/dev/sda', '/dev/null']) {
      const refused = await rejection(new FileTransport(path, { paths: NO_ALLOW_LIST }).open());
      expect(refused.code).toBe('device.path_not_allowed');
      expect(refused.message).toContain(`file:${path} is not allowed`);
      expect(refused.message).toContain('/dev/usb/lpN');
    }
    expect(readFileSync(bashrc, 'utf8')).toBe('echo hello\n');
  });

  it('refuses serial: on a file, naming what it is', async () => {
    const serial = {
      path: '/etc/passwd',
      baudRate: 9600,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
    } as const;
    const refused = await rejection(new SerialTransport(serial).open());
    expect(refused.message).toMatch(
      /serial:\/etc\/passwd is a regular file, not a character device/,
    );
  });

  it('opens a path the coop lists in its allow-list, if it is a character device', async () => {
    const pair = await createPtyPair();
    try {
      const plain = join(dir, 'lp-plain');
      writeFileSync(plain, '');
      const allowList = join(dir, 'device-paths');
      writeFileSync(allowList, `# the coop's printers\n${pair.device}\n${plain}  # not a device\n`);
      const paths = { testDeviceFiles: false, allowListFile: allowList };
      const printer = new FileTransport(pair.device, { paths });
      await printer.open();
      await printer.close();
      const refused = await rejection(new FileTransport(plain, { paths }).open());
      expect(refused.message).toContain('is a regular file, not a character device');
      // Not listed: refused.
      const other = await rejection(new FileTransport(pair.peer, { paths }).open());
      expect(other.message).toContain('is not allowed');
    } finally {
      await pair.kill();
    }
  });

  it('reads the test-only switch and the allow-list file from the environment, off by default', () => {
    expect(devicePathPolicy({})).toEqual({
      testDeviceFiles: false,
      allowListFile: '/etc/easymymarket/device-paths',
    });
    expect(
      devicePathPolicy({ EMM_TEST_DEVICE_FILES: '1', EMM_DEVICE_ALLOWLIST: '/srv/paths' }),
    ).toEqual({ testDeviceFiles: true, allowListFile: '/srv/paths' });
    expect(devicePathPolicy({ EMM_TEST_DEVICE_FILES: 'yes' }).testDeviceFiles).toBe(false);
  });
});

describe('a blocked device file', () => {
  let fifo: BlockableFifo | null = null;
  afterEach(() => {
    fifo?.drain();
    fifo?.close();
    fifo = null;
  });

  it('times out without holding the thread pool, releases its descriptor, and never writes late', async () => {
    fifo = createBlockableFifo(join(dir, 'lp0'));
    const before = openDescriptors();
    fifo.block();
    // Six attempts, each timing out: more than libuv's four pool threads.
    for (let attempt = 0; attempt < 6; attempt++) {
      const transport = createTransport(
        { transport: 'file', path: fifo.path },
        { paths: TEST_FILES, writeTimeoutMs: 150 },
      );
      await transport.open();
      const refused = await rejection(transport.write(Buffer.from(`receipt ${attempt}\n`)));
      expect(refused.code).toBe('device.write_timeout');
      expect(refused.details.written).toBe(0);
      await transport.close();
    }
    expect(openDescriptors()).toBe(before);
    // The pool is free: eight fs calls at once finish at once.
    const started = performance.now();
    await Promise.all(Array.from({ length: 8 }, () => stat(dir)));
    expect(performance.now() - started).toBeLessThan(1000);
    // The printer comes back: nothing of the timed-out attempts comes out of it late.
    fifo.drain();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fifo.drain().length).toBe(0);
  });

  it('writes what the device takes as it takes it, and tells how much went out on a timeout', async () => {
    fifo = createBlockableFifo(join(dir, 'lp0'));
    const transport = new FileTransport(fifo.path, { paths: TEST_FILES, writeTimeoutMs: 2000 });
    await transport.open();
    fifo.block();
    const job = Buffer.alloc(10_000, 0x41);
    const writing = transport.write(job);
    // The printer takes the filler and 10 000 bytes, a pipe-full at a time.
    const printed = (async () => {
      while (fifo && fifo.printed().length < job.length) {
        fifo.drain();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await writing;
    await printed;
    expect(fifo.printed().equals(job)).toBe(true);

    fifo.block();
    const stuck = await rejection(transport.write(Buffer.from('more')));
    expect(stuck.code).toBe('device.write_timeout');
    expect(stuck.details).toMatchObject({ written: 0 });
  });

  it('a write "at once" fails with device.busy on a full device and leaves nothing to go out later', async () => {
    fifo = createBlockableFifo(join(dir, 'lp0'));
    const link = new ReconnectingLink(
      () => new FileTransport(fifo?.path ?? '', { paths: TEST_FILES }),
    );
    link.start();
    await link.whenConnected();
    fifo.block();
    const refused = await rejection(
      link.write(Uint8Array.of(0x1b, 0x70, 0, 50, 250), { atOnce: true }),
    );
    expect(refused.code).toBe('device.busy');
    fifo.drain();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fifo.drain().length).toBe(0);
    await link.write(Uint8Array.of(0x1b, 0x70, 0, 50, 250), { atOnce: true });
    expect([...fifo.drain()]).toEqual([0x1b, 0x70, 0, 50, 250]);
    await link.close();
  });
});
