import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ReadStream } from 'node:tty';
import type { PeerReader, PtyPair } from './pty';

/**
 * A socat pty pair whose links are at given paths: after `kill()` of a pair (the device
 * unplugged), a new pair at the same paths is the device plugged back in. Unlike createPtyPair,
 * `kill()` leaves the directory alone (socat removes its links itself); `removeDir()` cleans up.
 */
export async function createPtyPairAt(
  device: string,
  peer: string,
): Promise<PtyPair & { removeDir(): void }> {
  mkdirSync(dirname(device), { recursive: true });
  mkdirSync(dirname(peer), { recursive: true });
  const socat = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${peer}`],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 5000;
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
      const stream = new ReadStream(openSync(peer, 'r+'));
      let buffer = Buffer.alloc(0);
      const waiters = new Set<() => void>();
      stream.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (const wake of waiters) wake();
      });
      stream.on('error', () => undefined);
      const reader: PeerReader = {
        received: () => buffer,
        waitFor(predicate, timeoutMs = 3000) {
          return new Promise((resolve, reject) => {
            const check = () => {
              if (!predicate(buffer)) return;
              waiters.delete(check);
              clearTimeout(timer);
              resolve(buffer);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              reject(new Error(`timed out; received ${buffer.length} bytes`));
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
    },
    removeDir() {
      rmSync(dirname(device), { recursive: true, force: true });
    },
  };
}
