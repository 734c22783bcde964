import { openTtyStream, type PtyPair } from './pty';

/**
 * A Mettler-Toledo scale in 8217 mode at the peer end of a pty pair: it reads the till's
 * requests and answers `W` the way a real scale does. Its answers are written here byte for byte
 * (not with the driver's encoder), so that the driver is checked against the protocol, not
 * against itself.
 *
 * - `weigh('01.234')`: a stable weight, sent as `STX 01.234 CR`;
 * - `status('A')`: a status answer `STX ? A CR` ('A' = 0x41: in motion; 'B' over capacity,
 *   'D' under zero, 'H' outside the zero range, 'P' centre of zero; bit 6 is always set);
 * - `raw(bytes)`: any answer (garbage, a frame with no end);
 * - `silent()`: the scale reads the requests but never answers.
 * `chunked` sends each answer one byte at a time, as a slow UART would.
 */
export interface FakeScale {
  weigh(text: string): void;
  status(byte: string): void;
  raw(bytes: string): void;
  silent(): void;
  /** Sends each answer one byte per write. */
  chunked(on: boolean): void;
  /** The `W` requests received so far. */
  requests(): number;
  /** Everything the till sent. */
  received(): string;
  /** Resolves once `count` requests have arrived (rejects after `timeoutMs`). */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Sends bytes to the till unasked. */
  send(bytes: string): void;
  stop(): void;
}

export function startFakeScale(pair: PtyPair): FakeScale {
  let answer: string | null = null;
  let oneByteAtATime = false;
  let requestCount = 0;
  let received = '';
  const waiters = new Set<() => void>();
  // A tty.ReadStream on its own descriptor: the fake is the only reader of the peer end.
  const stream = openTtyStream(pair.peer);
  stream.on('error', () => undefined);

  const send = (bytes: string) => {
    try {
      if (!oneByteAtATime) return pair.peerWrite(bytes);
      for (const char of bytes) pair.peerWrite(char);
    } catch {
      // The line is gone: a real scale's words are lost too.
    }
  };

  stream.on('data', (chunk: Buffer) => {
    const text = chunk.toString('latin1');
    received += text;
    for (const char of text) {
      if (char !== 'W') continue;
      requestCount++;
      if (answer !== null) send(answer);
    }
    for (const wake of waiters) wake();
  });

  return {
    weigh(text) {
      answer = `\x02${text}\r`;
    },
    status(byte) {
      answer = `\x02?${byte}\r`;
    },
    raw(bytes) {
      answer = bytes;
    },
    silent() {
      answer = null;
    },
    chunked(on) {
      oneByteAtATime = on;
    },
    requests: () => requestCount,
    received: () => received,
    waitForRequests(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requestCount < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the fake scale got ${requestCount} requests, not ${count}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    send,
    stop() {
      stream.destroy();
    },
  };
}
