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
 * `chunked` sends each answer one byte at a time, as a slow UART would; `timing` makes it late,
 * repeat itself, or pause in the middle of an answer.
 */
export interface FakeScale {
  weigh(text: string): void;
  status(byte: string): void;
  raw(bytes: string): void;
  silent(): void;
  /** Sends each answer one byte per write. */
  chunked(on: boolean): void;
  /**
   * Answers `delayMs` after the request; sends the answer again `repeatAfterMs` after that;
   * sends its first half, then the rest `splitPauseMs` later. All 0 (off) unless told.
   */
  timing(options: { delayMs?: number; repeatAfterMs?: number; splitPauseMs?: number }): void;
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
  let delays = { delayMs: 0, repeatAfterMs: 0, splitPauseMs: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    if (ms <= 0) return run();
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
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
      const frame = answer;
      if (frame === null) continue;
      const { delayMs, repeatAfterMs, splitPauseMs } = delays;
      const answerOnce = () => {
        if (splitPauseMs <= 0) return send(frame);
        const half = Math.floor(frame.length / 2);
        send(frame.slice(0, half));
        later(splitPauseMs, () => send(frame.slice(half)));
      };
      later(delayMs, () => {
        answerOnce();
        if (repeatAfterMs > 0) later(repeatAfterMs, answerOnce);
      });
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
    timing(options) {
      delays = { delayMs: 0, repeatAfterMs: 0, splitPauseMs: 0, ...options };
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
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      stream.destroy();
    },
  };
}
