import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ReadStream } from 'node:tty';

/**
 * A real serial line for device tests: socat joins two pseudo-terminals, `device` (what the
 * driver opens, as it would /dev/ttyUSB0) and `peer` (where the test plays the device).
 */
export interface PtyPair {
  device: string;
  peer: string;
  /** Reads what the driver writes, from the peer end. */
  peerReader(): PeerReader;
  /** Writes to the driver, as the device would. */
  peerWrite(bytes: Uint8Array | string): void;
  /** Ends the line (the device unplugged): both ends vanish. */
  kill(): Promise<void>;
}

export interface PeerReader {
  /** Everything received so far. */
  received(): Buffer;
  /** Resolves once `predicate` holds for what was received; `timeoutMs` (15 s) is a last guard. */
  waitFor(predicate: (received: Buffer) => boolean, timeoutMs?: number): Promise<Buffer>;
  close(): void;
}

export async function createPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'emm-pty-'));
  return openPtyPair(join(dir, 'device'), join(dir, 'peer'), () =>
    rmSync(dir, { recursive: true, force: true }),
  );
}

/**
 * A pty pair whose links are at given paths: after `kill()` of a pair (the device unplugged), a
 * new pair at the same paths is the device plugged back in. Unlike createPtyPair, `kill()` leaves
 * the directory alone (socat removes its links itself); `removeDir()` cleans up.
 */
export async function createPtyPairAt(
  device: string,
  peer: string,
): Promise<PtyPair & { removeDir(): void }> {
  mkdirSync(dirname(device), { recursive: true });
  mkdirSync(dirname(peer), { recursive: true });
  const pair = await openPtyPair(device, peer, () => undefined);
  return {
    ...pair,
    removeDir() {
      rmSync(dirname(device), { recursive: true, force: true });
    },
  };
}

/**
 * A tty.ReadStream on `path`, owning every descriptor it uses. tty.ReadStream, not
 * fs.createReadStream: the latter blocks a libuv thread on the pty and keeps the process from
 * exiting. libuv reopens a pty slave by its name and reads from the new descriptor, leaving the
 * one it was given open after the stream is destroyed: that one is closed here at once.
 */
export function openTtyStream(path: string): ReadStream {
  const fd = openSync(path, 'r+');
  const stream = new ReadStream(fd);
  const handle = (stream as unknown as { _handle?: { fd?: unknown } })._handle;
  if (typeof handle?.fd === 'number' && handle.fd !== fd) closeSync(fd);
  return stream;
}

/** Starts socat on `device` and `peer`; `afterKill` runs once the line is ended. */
async function openPtyPair(device: string, peer: string, afterKill: () => void): Promise<PtyPair> {
  const socat: ChildProcess = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${peer}`],
    { stdio: 'ignore' },
  );
  // A last guard: socat makes its links in milliseconds, or never (not installed, a bad path);
  // a busy machine may take a second or two to start it.
  const deadline = Date.now() + 15_000;
  while (!(existsSync(device) && existsSync(peer))) {
    if (Date.now() > deadline || socat.exitCode !== null) {
      socat.kill('SIGTERM');
      throw new Error('socat did not create the pty pair (is socat installed?)');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  let writeFd: number | undefined;
  const readers: PeerReader[] = [];
  return {
    device,
    peer,
    peerReader() {
      const stream = openTtyStream(peer);
      let buffer = Buffer.alloc(0);
      const waiters = new Set<() => void>();
      stream.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (const wake of waiters) wake();
      });
      stream.on('error', () => undefined);
      const reader: PeerReader = {
        received: () => buffer,
        waitFor(predicate, timeoutMs = 15_000) {
          return new Promise((resolve, reject) => {
            const check = () => {
              if (!predicate(buffer)) return;
              waiters.delete(check);
              clearTimeout(timer);
              resolve(buffer);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              reject(
                new Error(
                  `timed out; received ${buffer.length} bytes: ${buffer.toString('latin1')}`,
                ),
              );
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
        close: () => stream.destroy(),
      };
      readers.push(reader);
      return reader;
    },
    peerWrite(bytes) {
      writeFd ??= openSync(peer, 'r+');
      writeSync(writeFd, typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    },
    async kill() {
      for (const reader of readers) reader.close();
      if (writeFd !== undefined) closeSync(writeFd);
      writeFd = undefined;
      await new Promise<void>((resolve) => {
        if (socat.exitCode !== null || socat.signalCode !== null) return resolve();
        socat.once('exit', () => resolve());
        socat.kill('SIGTERM');
      });
      afterKill();
    },
  };
}
