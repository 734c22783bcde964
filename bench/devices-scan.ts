/**
 * Scan-to-event latency through a real pty (issue 3, section 9, figure 1).
 *
 * socat joins two pseudo-terminals (test/support/pty.ts). A serial scanner
 * (`serial:<pty>?baudRate=9600&suffix=CR`, the driver the till uses) opens one end; the bench
 * writes `CODE\r` (an EAN-13 and CR: 14 bytes) at the other and times, from just before the write
 * to the scanner's `scan` event, the whole software path: pty, socat, serialport, the reconnecting
 * link, the line decoder, the event. The baseline, interleaved with it, is the raw pty round trip:
 * a bare serialport SerialPort with the same settings on a second pair of the same kind, timed to
 * the `data` event that brings the CR. Each write waits for the previous event and a pause, so
 * nothing queues.
 *
 * socat's ptys do not emulate the baud rate: the bytes cross at memory speed, whatever baudRate
 * says. A real scanner at 9600 baud needs 14 × 10 bits (8N1) / 9600 ≈ 14.6 ms just to send them.
 */
import { spawnSync } from 'node:child_process';
import { SerialPort } from 'serialport';
import { createScanner, type Scanner } from '../drivers/scanner';
import { parseDeviceUri } from '../drivers/uri';
import { FIXTURE } from '../test/support/till';
import { createPtyPair, type PtyPair } from '../test/support/pty';
import { interleaveAsync, type Interleaved } from './devices-interleave';
import { nowMs } from './stats';

const SCAN_TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 5000;

export const SCAN_BAUD_RATE = 9600;
/** Codes sent in turn: EAN-13s, 14 bytes with their CR. */
export const SCAN_CODES = [FIXTURE.milk.code, FIXTURE.soap.code, FIXTURE.apple.code];
export const SCAN_BYTES = (SCAN_CODES[0] as string).length + 1;

/** Bits a byte takes on the line at 8N1: start, 8 data, stop. */
const BITS_PER_BYTE = 10;

/** How long `bytes` take to cross a real serial line at `baudRate` (8N1), in ms. */
export function serialTransmissionMs(bytes: number, baudRate: number): number {
  return ((bytes * BITS_PER_BYTE) / baudRate) * 1000;
}

/** socat's version line, or null when socat cannot be run. */
export function socatVersion(): string | null {
  const result = spawnSync('socat', ['-V'], { encoding: 'utf8', timeout: 5000 });
  if (result.error || result.status !== 0) return null;
  const version = /socat version (\S+)/.exec(result.stdout)?.[1];
  return version ?? 'unknown version';
}

/** One measurement at a time: the time from `send` to the line it waits for. */
class Stopwatch {
  private pending: {
    expected: string;
    start: number;
    resolve: (ms: number) => void;
    reject: (error: Error) => void;
    timer: ReturnType<typeof setTimeout>;
  } | null = null;
  private stray: Error | null = null;

  constructor(private readonly what: string) {}

  measure(expected: string, send: () => void): Promise<number> {
    if (this.stray) return Promise.reject(this.stray);
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        reject(new Error(`${this.what}: no ${expected} within ${SCAN_TIMEOUT_MS} ms`));
      }, SCAN_TIMEOUT_MS);
      this.pending = { expected, start: 0, resolve, reject, timer };
      this.pending.start = nowMs();
      send();
    });
  }

  arrived(line: string, at: number): void {
    const pending = this.pending;
    this.pending = null;
    if (!pending) {
      this.stray ??= new Error(`${this.what}: ${JSON.stringify(line)} came unasked`);
      return;
    }
    clearTimeout(pending.timer);
    if (line === pending.expected) pending.resolve(at - pending.start);
    else
      pending.reject(
        new Error(`${this.what}: got ${JSON.stringify(line)} instead of ${pending.expected}`),
      );
  }

  fail(message: string): void {
    const pending = this.pending;
    this.pending = null;
    const error = new Error(`${this.what}: ${message}`);
    if (!pending) {
      this.stray ??= error;
      return;
    }
    clearTimeout(pending.timer);
    pending.reject(error);
  }
}

async function connected(scanner: Scanner): Promise<void> {
  if (scanner.status.state === 'connected') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`The scanner did not connect: ${scanner.status.detail}`));
    }, CONNECT_TIMEOUT_MS);
    const off = scanner.onStatus((status) => {
      if (status.state !== 'connected') return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

function openPort(path: string): Promise<SerialPort> {
  const port = new SerialPort({
    path,
    baudRate: SCAN_BAUD_RATE,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
    autoOpen: false,
  });
  return new Promise((resolve, reject) =>
    port.open((error) => (error ? reject(error) : resolve(port))),
  );
}

function closePort(port: SerialPort): Promise<void> {
  return new Promise((resolve) => {
    if (!port.isOpen) return resolve();
    port.close(() => resolve());
  });
}

/** Scanner latency (a) against the bare serialport read (b), `runs` each, interleaved. */
export async function measureScanLatency(
  runs: number,
  warmup: number,
  pauseMs: number,
): Promise<Interleaved> {
  const pairs: PtyPair[] = [];
  let scanner: Scanner | null = null;
  let port: SerialPort | null = null;
  try {
    const scannerPair = await createPtyPair();
    pairs.push(scannerPair);
    const rawPair = await createPtyPair();
    pairs.push(rawPair);

    const scannerWatch = new Stopwatch('serial scanner');
    scanner = createScanner(
      parseDeviceUri(
        'scanner',
        `serial:${scannerPair.device}?baudRate=${SCAN_BAUD_RATE}&suffix=CR`,
      ),
    );
    scanner.onScan((code) => scannerWatch.arrived(code, nowMs()));
    scanner.onNoise((noise) => scannerWatch.fail(noise.detail));
    scanner.start();
    await connected(scanner);

    const rawWatch = new Stopwatch('bare serialport read');
    port = await openPort(rawPair.device);
    let received = '';
    port.on('data', (chunk: Buffer) => {
      const at = nowMs();
      received += chunk.toString('latin1');
      let cr: number;
      while ((cr = received.indexOf('\r')) !== -1) {
        rawWatch.arrived(received.slice(0, cr), at);
        received = received.slice(cr + 1);
      }
    });
    port.on('error', (error: Error) => rawWatch.fail(error.message));

    const codeOf = (i: number) => SCAN_CODES[i % SCAN_CODES.length] as string;
    return await interleaveAsync(
      runs,
      warmup,
      pauseMs,
      (i) => scannerWatch.measure(codeOf(i), () => scannerPair.peerWrite(`${codeOf(i)}\r`)),
      (i) => rawWatch.measure(codeOf(i), () => rawPair.peerWrite(`${codeOf(i)}\r`)),
    );
  } finally {
    await scanner?.close();
    if (port) await closePort(port);
    for (const pair of pairs) await pair.kill();
  }
}
