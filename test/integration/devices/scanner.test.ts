import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { TillError } from '../../../domain/errors';
import { looksLikeBarcode } from '../../../domain/keyboard-wedge';
import { createScanner, type Scanner } from '../../../drivers/scanner';
import {
  decodeHidPosReport,
  type DecoderSink,
  type ScanNoise,
} from '../../../drivers/scanner/codec';
import { LineDecoder } from '../../../drivers/scanner/decoders';
import type { ScanDetails, ScannerOptions } from '../../../drivers/scanner/driver';
import { createTransport, type HidDeviceHandle } from '../../../drivers/transports';
import type { DeviceStatus } from '../../../drivers/types';
import { parseDeviceUri, type ScannerConfig } from '../../../drivers/uri';
import { ManualTimers, guardEscapes, unplug } from '../../support/device-harness';
import { createPtyPair, createPtyPairAt, type PtyPair } from '../../support/pty';

// ---------------------------------------------------------------------------------------------
// Helpers

const { listenerErrors } = guardEscapes();

const FAST: ScannerOptions = {
  partialTimeoutMs: 400,
  reconnect: { initialDelayMs: 30, maxDelayMs: 150 },
};

/** What a scanner said, and ways to wait for it. */
function watch(scanner: Scanner) {
  const scans: { code: string; details: ScanDetails }[] = [];
  const noise: ScanNoise[] = [];
  const statuses: DeviceStatus[] = [];
  scanner.onScan((code, details) => scans.push({ code, details }));
  scanner.onNoise((n) => noise.push(n));
  scanner.onStatus((s) => statuses.push(s));
  // The deadline is a last guard for a busy machine: each wait ends on what it waits for.
  const until = async (predicate: () => boolean, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}; scans ${JSON.stringify(scans.map((s) => s.code))}, ` +
            `noise ${JSON.stringify(noise.map((n) => n.reason))}, status ${scanner.status.state}: ${scanner.status.detail}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return {
    scans,
    noise,
    statuses,
    codes: () => scans.map((s) => s.code),
    reasons: () => noise.map((n) => n.reason),
    until,
    connected: () => until(() => scanner.status.state === 'connected', 'connected'),
    scanCount: (n: number) => until(() => scans.length >= n, `${n} scans`),
    noiseCount: (n: number) => until(() => noise.length >= n, `${n} noise events`),
  };
}

function serialScanner(device: string, query = '', options: ScannerOptions = FAST): Scanner {
  const config = parseDeviceUri('scanner', `serial:${device}${query}`);
  return createScanner(config, options);
}

/**
 * A serial scanner on its real transport, with the test listening beside the driver:
 * `heard(n)` resolves once the driver's line has delivered `n` bytes in all, so that a test waits
 * for the driver to have read something rather than for a time it hopes is enough.
 */
function tappedSerialScanner(device: string, query = '', options: ScannerOptions = FAST) {
  const config = parseDeviceUri('scanner', `serial:${device}${query}`);
  if (config.transport !== 'serial') throw new Error(`not a serial scanner: ${config.uri}`);
  let bytesHeard = 0;
  const heard = new EventEmitter();
  const scanner = createScanner(config, {
    ...options,
    createTransport: () => {
      const transport = createTransport(config);
      transport.onData((chunk) => {
        bytesHeard += chunk.length;
        heard.emit('data');
      });
      return transport;
    },
  });
  return {
    scanner,
    bytesHeard: () => bytesHeard,
    heard: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (bytesHeard < count) return;
          heard.off('data', check);
          resolve();
        };
        heard.on('data', check);
        check();
      }),
  };
}

function decoderSink() {
  const codes: string[] = [];
  const noise: ScanNoise[] = [];
  const sink: DecoderSink = { scan: (code) => codes.push(code), noise: (n) => noise.push(n) };
  return { codes, noise, sink, reasons: () => noise.map((n) => n.reason) };
}

const bytes = (text: string) => Buffer.from(text, 'latin1');

// ---------------------------------------------------------------------------------------------
// Line decoding, with a clock run by hand

describe('serial line decoder', () => {
  it('takes CR or LF around a code whatever the suffix, without messages for the leftovers', () => {
    const timers = new ManualTimers();
    const out = decoderSink();
    const decoder = new LineDecoder('CR', out.sink, { timers, partialTimeoutMs: 1000 });
    decoder.push(bytes('5449000000996\r\n40063813\r\n'));
    timers.advance(5000);
    expect(out.codes).toEqual(['5449000000996', '40063813']);
    expect(out.noise).toEqual([]);

    const lf = decoderSink();
    const forLf = new LineDecoder('LF', lf.sink, { timers });
    forLf.push(bytes('\r\n5449000000996\r\n'));
    expect(lf.codes).toEqual(['5449000000996']);
  });

  it('finds CRLF split across chunks', () => {
    const out = decoderSink();
    const decoder = new LineDecoder('CRLF', out.sink, { timers: new ManualTimers() });
    decoder.push(bytes('54490000'));
    decoder.push(bytes('00996\r'));
    expect(out.codes).toEqual([]);
    decoder.push(bytes('\n'));
    expect(out.codes).toEqual(['5449000000996']);
  });

  it('drops a code whose terminator does not come in time, and nothing before then', () => {
    const timers = new ManualTimers();
    const out = decoderSink();
    const decoder = new LineDecoder('CR', out.sink, { timers, partialTimeoutMs: 1000 });
    decoder.push(bytes('4006'));
    timers.advance(999);
    decoder.push(bytes('38'));
    timers.advance(999);
    expect(out.noise).toEqual([]);
    timers.advance(1);
    expect(out.reasons()).toEqual(['partial']);
    expect(out.noise[0]?.detail).toBe('Dropped an incomplete scan (no CR after 1 s): "400638"');
    decoder.push(bytes('40063813\r'));
    expect(out.codes).toEqual(['40063813']);
  });

  it('ends codes at a pause with suffix none, however the bytes are chunked', () => {
    const timers = new ManualTimers();
    const out = decoderSink();
    const decoder = new LineDecoder('none', out.sink, { timers, gapMs: 50 });
    decoder.push(bytes('544900'));
    timers.advance(49);
    decoder.push(bytes('0000996'));
    timers.advance(49);
    expect(out.codes).toEqual([]);
    timers.advance(1);
    expect(out.codes).toEqual(['5449000000996']);
    decoder.push(bytes('\r'));
    timers.advance(50);
    expect(out.noise).toEqual([]);
  });

  it('keeps its buffer bounded, dropping the excess up to the next terminator', () => {
    const timers = new ManualTimers();
    const out = decoderSink();
    const decoder = new LineDecoder('CR', out.sink, { timers, maxLineBytes: 100 });
    for (let i = 0; i < 100; i++) decoder.push(bytes('0123456789'));
    decoder.push(bytes('\r5449000000996\r'));
    expect(out.reasons()).toEqual(['too_long']);
    expect(out.noise[0]?.byteCount).toBe(1000);
    expect(out.codes).toEqual(['5449000000996']);
  });

  it('reports a code cut by a disconnect, once', () => {
    const out = decoderSink();
    const decoder = new LineDecoder('CR', out.sink, { timers: new ManualTimers() });
    decoder.push(bytes('4006'));
    decoder.reset();
    decoder.reset();
    expect(out.reasons()).toEqual(['partial']);
    expect(out.noise[0]?.detail).toContain('the scanner disconnected');
  });
});

// ---------------------------------------------------------------------------------------------
// Serial scanners over real ptys

describe('serial scanner over a real pty', () => {
  let pair: PtyPair | null = null;
  let scanner: Scanner | null = null;
  afterEach(async () => {
    await scanner?.close();
    scanner = null;
    await pair?.kill();
    pair = null;
  });

  for (const [suffix, ending] of [
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`reads one code per line ended by ${suffix}`, async () => {
      pair = await createPtyPair();
      scanner = serialScanner(pair.device, `?baudRate=9600&suffix=${suffix}`);
      const w = watch(scanner);
      scanner.start();
      await w.connected();
      pair.peerWrite(`5449000000996${ending}`);
      pair.peerWrite(`40063813${ending}96385074${ending}`);
      pair.peerWrite('0425'); // split across writes
      pair.peerWrite(`00000017${ending}`);
      await w.scanCount(4);
      expect(w.codes()).toEqual(['5449000000996', '40063813', '96385074', '042500000017']);
      expect(w.scans[0]?.details).toEqual({ source: 'serial', aim: null });
      expect(w.noise).toEqual([]);
    });
  }

  it('ends a code after a pause with suffix none', async () => {
    pair = await createPtyPair();
    scanner = serialScanner(pair.device, '?suffix=none', { ...FAST, gapMs: 50 });
    const w = watch(scanner);
    scanner.start();
    await w.connected();
    pair.peerWrite('5449000000996');
    await w.scanCount(1);
    pair.peerWrite('4006');
    pair.peerWrite('3813');
    await w.scanCount(2);
    expect(w.codes()).toEqual(['5449000000996', '40063813']);
  });

  it('tolerates a scanner sending CRLF to a till set for CR', async () => {
    pair = await createPtyPair();
    scanner = serialScanner(pair.device, '?suffix=CR');
    const w = watch(scanner);
    scanner.start();
    await w.connected();
    pair.peerWrite('5449000000996\r\n40063813\r\n');
    await w.scanCount(2);
    expect(w.codes()).toEqual(['5449000000996', '40063813']);
    expect(w.noise).toEqual([]);
  });

  it('drops a stray byte that came 250 ms before a scan and keeps the scan (default timings)', async () => {
    pair = await createPtyPair();
    // The timings a shop gets: no partialTimeoutMs given.
    const tapped = tappedSerialScanner(pair.device, '?suffix=CR', {
      reconnect: FAST.reconnect ?? {},
    });
    scanner = tapped.scanner;
    const w = watch(scanner);
    scanner.start();
    await w.connected();
    const codes = ['5449000000996', '40063813', '96385074'];
    // A NUL, a 0xFF, a UTF-8 byte order mark: what a scanner's USB chip sends when it wakes.
    for (const noise of ['\x00', '\xff', '\xef\xbb\xbf']) {
      pair.peerWrite(noise);
      // 250 ms after the driver has read the stray byte, not after it was written: a busy
      // machine may hand both to the driver at once otherwise, which no scanner does.
      await tapped.heard(tapped.bytesHeard() + Buffer.byteLength(noise, 'latin1'));
      await new Promise((resolve) => setTimeout(resolve, 250));
      pair.peerWrite(`${codes[w.scans.length] ?? ''}\r`);
      await w.scanCount(w.scans.length + 1);
    }
    expect(w.codes()).toEqual(codes);
    expect(w.reasons()).toEqual(['partial', 'partial', 'partial']);
  });

  it('drops garbage, empty lines, over-long codes and partial codes, and keeps scanning', async () => {
    pair = await createPtyPair();
    scanner = serialScanner(pair.device, '?suffix=CR');
    const w = watch(scanner);
    scanner.start();
    await w.connected();

    pair.peerWrite('\x00\x01\xff\xfe\x1b[2J\r');
    pair.peerWrite('\r');
    pair.peerWrite(`${'7'.repeat(80)}\r`);
    pair.peerWrite('5449000000996\r');
    await w.scanCount(1);
    await w.noiseCount(3);
    expect(w.reasons()).toEqual(['garbage', 'empty', 'too_long']);
    expect(w.noise[0]?.detail).toContain('\\x00\\x01\\xff\\xfe\\x1b[2J');

    // A code whose CR never comes is dropped after the partial timeout, not glued to the next.
    pair.peerWrite('40063');
    await w.noiseCount(4);
    expect(w.noise[3]?.reason).toBe('partial');
    expect(w.noise[3]?.detail).toContain('40063');
    pair.peerWrite('40063813\r');
    await w.scanCount(2);
    expect(w.codes()).toEqual(['5449000000996', '40063813']);

    // Each noise also went out as a status message, the state staying connected.
    const messages = w.statuses.filter((s) => s.detail.startsWith('Dropped'));
    expect(messages).toHaveLength(4);
    expect(messages.every((s) => s.state === 'connected' && s.device === 'scanner')).toBe(true);
    expect(scanner.status.state).toBe('connected');
  });

  it('drops a 10 KB line with no terminator and resyncs at the next one', async () => {
    pair = await createPtyPair();
    scanner = serialScanner(pair.device, '?suffix=CR', { ...FAST, partialTimeoutMs: 600 });
    const w = watch(scanner);
    scanner.start();
    await w.connected();
    const junk = Buffer.alloc(10 * 1024);
    for (let i = 0; i < junk.length; i++) junk[i] = 0x30 + (i % 10);
    pair.peerWrite(junk);
    pair.peerWrite('\r5449000000996\r');
    await w.scanCount(1);
    expect(w.reasons()).toEqual(['too_long']);
    expect(w.noise[0]?.byteCount).toBe(10 * 1024);
    expect(w.codes()).toEqual(['5449000000996']);

    // The same with a pause instead of a terminator: dropped at the partial timeout.
    pair.peerWrite(junk);
    await w.noiseCount(2);
    expect(w.noise[1]?.reason).toBe('too_long');
    pair.peerWrite('40063813\r');
    await w.scanCount(2);
    expect(w.codes()).toEqual(['5449000000996', '40063813']);
  });

  it('goes offline when the port vanishes, reconnects by itself when it comes back, and scans again', async () => {
    pair = await createPtyPair();
    const { device, peer } = pair;
    const tapped = tappedSerialScanner(device, '?suffix=CR');
    scanner = tapped.scanner;
    const w = watch(scanner);
    scanner.start();
    await w.connected();
    pair.peerWrite('5449000000996\r');
    await w.scanCount(1);

    // Unplugged in the middle of a code: the part read is dropped, not kept for later.
    pair.peerWrite('4006');
    await tapped.heard(tapped.bytesHeard() + 4);
    await unplug(pair);
    pair = null;
    await w.until(() => w.statuses.some((s) => s.state === 'offline'), 'offline');
    expect(w.statuses.find((s) => s.state === 'offline')?.detail).toContain(`serial:${device}`);
    await w.until(() => w.reasons().includes('partial'), 'the cut code dropped');

    // Plugged back in at the same path.
    await w.until(
      () => w.statuses.filter((s) => s.state === 'offline').length >= 2,
      'a failed reopen',
    );
    const back = await createPtyPairAt(device, peer);
    pair = back;
    await w.connected();
    back.peerWrite('40063813\r');
    await w.scanCount(2);
    expect(w.codes()).toEqual(['5449000000996', '40063813']);
    const states = w.statuses.map((s) => s.state);
    expect(states).toContain('connecting');
    expect(states).toContain('offline');
    await scanner.close();
    scanner = null;
    await back.kill();
    pair = null;
    back.removeDir();
  });

  it('waits for one scan (the device test action), or says it timed out', async () => {
    pair = await createPtyPair();
    scanner = serialScanner(pair.device, '?suffix=CR');
    const w = watch(scanner);
    scanner.start();
    await w.connected();
    const next = scanner.nextScan(3000);
    pair.peerWrite('96385074\r');
    await expect(next).resolves.toBe('96385074');
    const error = await scanner.nextScan(50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TillError);
    expect((error as TillError).code).toBe('device.timeout');
  });

  it('keeps retrying a port that is not there, and closes cleanly', async () => {
    scanner = serialScanner('/dev/ttyNOPE-emm-scanner', '?suffix=CR');
    const w = watch(scanner);
    scanner.start();
    await w.until(
      () => w.statuses.filter((s) => s.state === 'offline').length >= 2,
      'two failed opens',
    );
    expect(scanner.status.detail).toContain('Could not open serial:/dev/ttyNOPE-emm-scanner');
    expect(scanner.status.detail).toMatch(/retrying in/);
    await scanner.close();
    expect(scanner.status).toMatchObject({ state: 'offline', detail: 'The scanner is closed' });
    scanner = null;
  });
});

// ---------------------------------------------------------------------------------------------
// HID POS scanners, with node-hid mocked away

/** A 64-byte HID POS report: ID 2, length, AIM id, data, vendor symbology, continuation flag. */
function hidReport(data: string, aim = ']E0', more = false, vendorSymbology = 0x64): Buffer {
  const report = Buffer.alloc(64);
  report[0] = 0x02;
  report[1] = data.length;
  report.write(aim, 2, 'latin1');
  report.write(data, 5, 'latin1');
  report[61] = vendorSymbology;
  report[63] = more ? 1 : 0;
  return report;
}

class FakeHidScanner extends EventEmitter implements HidDeviceHandle {
  closed = false;
  write(data: number[] | Buffer): number {
    return data.length;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('HID POS report layout', () => {
  it('reads the common layout', () => {
    const decoded = decodeHidPosReport(hidReport('5449000000996'));
    expect(decoded).toMatchObject({ aim: ']E0', more: false, vendorSymbology: 0x64 });
    if (decoded && !('error' in decoded)) {
      expect(Buffer.from(decoded.data).toString()).toBe('5449000000996');
    }
    expect(decodeHidPosReport(hidReport('x'.repeat(56), ']Q0', true))).toMatchObject({
      more: true,
    });
  });

  it('reads reports with no AIM identifier, ignores other report IDs, refuses nonsense', () => {
    const bare = decodeHidPosReport(Buffer.from([0x02, 4, 0x31, 0x32, 0x33, 0x34, 0, 0]));
    expect(bare).toMatchObject({ aim: null, more: false });
    expect(decodeHidPosReport(Buffer.from([0x04, 1, 2, 3]))).toBeNull();
    expect(decodeHidPosReport(Buffer.from([]))).toEqual({ error: 'an empty report' });
    const bad = hidReport('1234');
    bad[1] = 60;
    expect(decodeHidPosReport(bad)).toEqual({
      error: 'a report claiming 60 bytes of code where it has room for 56',
    });
  });
});

describe('HID POS scanner', () => {
  let scanner: Scanner | null = null;
  afterEach(async () => {
    await scanner?.close();
    scanner = null;
  });

  it('turns reports into scans, puts long codes together, and drops bad reports', async () => {
    const device = new FakeHidScanner();
    const config = parseDeviceUri('scanner', 'hid:0c2e:0b8f');
    scanner = createScanner(config, { ...FAST, transport: { openHidDevice: async () => device } });
    const w = watch(scanner);
    scanner.start();
    await w.connected();

    device.emit('data', hidReport('5449000000996'));
    await w.scanCount(1);
    expect(w.scans[0]).toEqual({
      code: '5449000000996',
      details: { source: 'hid', aim: ']E0' },
    });

    // A 60-character code in two reports.
    const long = 'M1GATHERGOOD/MICHAEL YABCDEF LHRDURAK 3542 052Y003D23  ABCD';
    device.emit('data', hidReport(long.slice(0, 56), ']Q0', true, 0x73));
    device.emit('data', hidReport(long.slice(56), ']Q0', false, 0x73));
    await w.scanCount(2);
    expect(w.scans[1]?.code).toBe(long);
    expect(w.scans[1]?.details.aim).toBe(']Q0');

    // Other report IDs are not scans; bad ones and garbage are noise.
    device.emit('data', Buffer.from([0x04, 0x01, 0x02]));
    const bad = hidReport('1234');
    bad[1] = 200;
    device.emit('data', bad);
    device.emit('data', hidReport('\x01\x02\x03'));
    device.emit('data', hidReport(''));
    device.emit('data', hidReport('40063813\r'));
    await w.scanCount(3);
    expect(w.reasons()).toEqual(['bad_report', 'garbage', 'empty']);
    expect(w.codes()).toEqual(['5449000000996', long, '40063813']);

    // The rest of a long code never comes: dropped after the partial timeout.
    device.emit('data', hidReport('x'.repeat(56), ']Q0', true));
    await w.noiseCount(4);
    expect(w.noise[3]?.reason).toBe('partial');
  });

  it('goes offline when unplugged, reconnects when plugged back, and scans again', async () => {
    let plugged = true;
    let device = new FakeHidScanner();
    const opened: FakeHidScanner[] = [];
    scanner = createScanner(parseDeviceUri('scanner', 'hid:05e0:1200'), {
      ...FAST,
      transport: {
        openHidDevice: async (vendorId, productId) => {
          expect([vendorId, productId]).toEqual([0x05e0, 0x1200]);
          if (!plugged) throw new Error('no USB HID device hid:05e0:1200 is plugged in');
          opened.push(device);
          return device;
        },
      },
    });
    const w = watch(scanner);
    scanner.start();
    await w.connected();
    device.emit('data', hidReport('5449000000996'));
    await w.scanCount(1);

    // Unplugged: node-hid's read loop fails.
    plugged = false;
    device.emit('error', new Error('could not read from HID device'));
    await w.until(() => scanner?.status.state === 'offline', 'offline');
    expect(scanner.status.detail).toContain('hid:05e0:1200 disconnected');
    await w.until(
      () => w.statuses.some((s) => s.detail.includes('is plugged in; retrying')),
      'a failed reopen',
    );
    expect(opened[0]?.closed).toBe(true);

    device = new FakeHidScanner();
    plugged = true;
    await w.connected();
    device.emit('data', hidReport('40063813', ']E4'));
    await w.scanCount(2);
    expect(w.scans[1]).toEqual({ code: '40063813', details: { source: 'hid', aim: ']E4' } });
    expect(opened).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Simulated, keyboard and absent scanners

describe('simulated, keyboard and absent scanners', () => {
  it('a sim scanner scans what it is told, and can be unplugged', async () => {
    const scanner = createScanner(parseDeviceUri('scanner', 'sim'), FAST);
    const w = watch(scanner);
    scanner.start();
    await w.connected();
    expect(scanner.simulateScan('5449000000996')).toBe(true);
    scanner.simulateBytes('\x07\x08\r');
    expect(scanner.simulateScan('40063813')).toBe(true);
    await w.scanCount(2);
    expect(w.codes()).toEqual(['5449000000996', '40063813']);
    expect(w.scans[0]?.details).toEqual({ source: 'sim', aim: null });
    expect(w.reasons()).toEqual(['garbage']);

    scanner.simLine?.unplug();
    await w.until(() => scanner.status.state === 'offline', 'offline');
    expect(scanner.simulateScan('96385074')).toBe(false);
    scanner.simLine?.plug();
    await w.connected();
    expect(scanner.simulateScan('96385074')).toBe(true);
    await w.scanCount(3);
    await scanner.close();
    expect(scanner.simulateScan('5449000000996')).toBe(false);
  });

  it('a keyboard-wedge scanner relays what the renderer found, dropping noise', async () => {
    const config: ScannerConfig = parseDeviceUri('scanner', 'keyboard');
    const scanner = createScanner(config);
    const w = watch(scanner);
    scanner.start();
    expect(scanner.status.state).toBe('connected');
    expect(scanner.injectScan('5449000000996')).toBe(true);
    expect(scanner.injectScan('')).toBe(false);
    expect(scanner.injectScan('€uro')).toBe(false);
    expect(scanner.injectScan('x'.repeat(65))).toBe(false);
    expect(w.codes()).toEqual(['5449000000996']);
    expect(w.scans[0]?.details.source).toBe('keyboard');
    expect(w.reasons()).toEqual(['empty', 'garbage', 'too_long']);
    expect(() => scanner.simulateScan('1')).toThrow(TillError);
    await scanner.close();
  });

  it('no scanner is disabled and never scans', async () => {
    const scanner = createScanner(parseDeviceUri('scanner', 'none'));
    scanner.start();
    expect(scanner.status).toEqual({
      device: 'scanner',
      state: 'disabled',
      detail: 'No scanner is configured',
    });
    await expect(scanner.nextScan(10)).rejects.toMatchObject({ code: 'device.disabled' });
    await scanner.close();
    expect(scanner.status.state).toBe('disabled');
  });

  it('a listener that throws does not stop the others nor the scanner', async () => {
    const scanner = createScanner(parseDeviceUri('scanner', 'sim'), FAST);
    scanner.onScan(() => {
      throw new Error('till bug');
    });
    const w = watch(scanner);
    scanner.start();
    await w.connected();
    scanner.simulateScan('5449000000996');
    scanner.simulateScan('40063813');
    await w.scanCount(2);
    expect(listenerErrors).toHaveLength(2);
    await scanner.close();
  });

  it('exports looksLikeBarcode for the till', () => {
    expect(looksLikeBarcode('5449000000996')).toBe(true);
    expect(looksLikeBarcode('\x1b')).toBe(false);
  });
});
