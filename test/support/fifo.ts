import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';

/**
 * A printer's device file that can be blocked, as the usblp driver blocks write(2) while the
 * printer is off line: a FIFO whose reader (the "printer") stops reading. `block()` fills the
 * pipe, so that the next write gets nothing through; `drain()` reads what is waiting (the
 * printer printing) and frees it. The driver opens `path` with the test-only switch on.
 */
export interface BlockableFifo {
  path: string;
  /** Fills the pipe (drain it first): the device takes no more bytes until drained. */
  block(): void;
  /** Reads `count` bytes of the filler: the device takes that many bytes more, then blocks. */
  free(count: number): void;
  /** Reads everything waiting; what the driver wrote since the last drain, less the filler. */
  drain(): Buffer;
  /** Every byte the driver wrote, filler left out, drained so far. */
  printed(): Buffer;
  close(): void;
}

export function createBlockableFifo(path: string): BlockableFifo {
  execFileSync('mkfifo', [path]);
  // The printer's end: open first (non-blocking), so that the driver's open finds a reader.
  const reader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const filler = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  let fillerBytes = 0;
  let printed = Buffer.alloc(0);
  const chunk = Buffer.alloc(4096, 0xff);
  return {
    path,
    block() {
      // A pipe takes a write of up to 4 KiB whole or not at all: then fill the last bytes one by one.
      for (const size of [4096, 1]) {
        for (;;) {
          try {
            fillerBytes += writeSync(filler, chunk.subarray(0, size));
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
            throw error;
          }
        }
      }
    },
    free(count) {
      const taken = readSync(reader, Buffer.alloc(count));
      fillerBytes -= taken;
    },
    drain() {
      const parts: Buffer[] = [];
      const buffer = Buffer.alloc(65536);
      for (;;) {
        let count: number;
        try {
          count = readSync(reader, buffer);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
          throw error;
        }
        if (count === 0) break;
        parts.push(Buffer.from(buffer.subarray(0, count)));
      }
      let data = Buffer.concat(parts);
      const skip = Math.min(fillerBytes, data.length);
      fillerBytes -= skip;
      data = data.subarray(skip);
      printed = Buffer.concat([printed, data]);
      return data;
    },
    printed: () => printed,
    close() {
      closeSync(filler);
      closeSync(reader);
    },
  };
}
