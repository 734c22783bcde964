/**
 * Drains the print queue into the printer. The queue itself lives in the till's database
 * (db/print-queue.ts); the worker only sees it through `PrintQueueStore`, so that main wires the
 * two together and drivers/ never touches the database.
 *
 * - It prints only while the printer says it is ready, oldest job first, one at a time.
 * - A job that fails (line dropped, paper out) stays queued with its error; the worker tries it
 *   again when the printer's status changes (it came back) or after a delay.
 * - A job is marked printed as soon as its bytes are written, and a job the worker has printed is
 *   never sent again, even if marking it failed or a reconnect wakes the worker twice: the loop
 *   is single-flight and remembers what it printed.
 * - A job the printer may have printed in part or in full (`printer.uncertain`: a one-way
 *   printer stopped mid-job) is never sent again by the worker: it is marked uncertain, for the
 *   cashier to check the paper and reprint it as a duplicate.
 * - A job that cannot be rendered (its ticket is gone, the document is broken) is failed for good
 *   rather than blocking the queue.
 */
import { errorMessage, isTillError } from '../domain/errors';
import type { DeviceStatus, Unsubscribe } from './types';

export interface PrintJobRef {
  id: string;
}

export interface PrintQueueStore<J extends PrintJobRef> {
  /** The oldest job still queued, or null. */
  nextQueued(): J | null;
  /** Idempotent. */
  markPrinted(id: string): void;
  /** The job stays queued, with one more attempt and this error. */
  markAttemptFailed(id: string, error: string): void;
  /** The job leaves the queue for good (it cannot be printed). */
  markFailed(id: string, error: string): void;
  /** The job may have printed: it leaves the queue, for the cashier to check and reprint. */
  markUncertain(id: string, error: string): void;
}

/** What the worker needs of a printer (drivers/printer.ts's Printer has it). */
export interface PrintTarget {
  isReady(): boolean;
  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe;
  print(bytes: Uint8Array): Promise<void>;
}

export type PrintWorkerEvent<J> =
  | { type: 'printed'; job: J }
  | { type: 'attempt_failed'; job: J; error: string }
  | { type: 'failed'; job: J; error: string }
  | { type: 'uncertain'; job: J; error: string }
  | { type: 'store_error'; error: string }
  | { type: 'idle'; reason: 'empty' | 'printer_not_ready' };

export interface PrintWorkerOptions<J extends PrintJobRef> {
  store: PrintQueueStore<J>;
  printer: PrintTarget;
  /** The job's bytes (main builds the receipt document and encodes it). */
  render(job: J): Uint8Array | Promise<Uint8Array>;
  /** First wait after a failed attempt while the printer still says ready (doubles to 30 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  onEvent?(event: PrintWorkerEvent<J>): void;
}

export class PrintQueueWorker<J extends PrintJobRef> {
  private running = false;
  private loopDone: Promise<void> | null = null;
  private poked = false;
  private wakeUp: (() => void) | null = null;
  private unsubscribe: Unsubscribe | null = null;
  /** Jobs this worker wrote to the printer, in case marking them printed failed. */
  private readonly printed = new Set<string>();
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;

  constructor(private readonly options: PrintWorkerOptions<J>) {
    this.retryDelayMs = options.retryDelayMs ?? 2000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  }

  /** Starts draining; returns at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.options.printer.onStatus(() => this.notify());
    this.loopDone = this.loop();
  }

  /** Stops after the job being printed, if any. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.notify();
    await this.loopDone;
    this.loopDone = null;
  }

  /** Something changed: a job was queued, the printer came back. Cheap; call it freely. */
  notify(): void {
    this.poked = true;
    const wake = this.wakeUp;
    this.wakeUp = null;
    wake?.();
  }

  private emit(event: PrintWorkerEvent<J>): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's bug must not stop the queue.
    }
  }

  /** Waits for notify() (or a status change), or for timeoutMs. */
  private wait(timeoutMs?: number): Promise<void> {
    if (this.poked || !this.running) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer =
        timeoutMs === undefined
          ? null
          : setTimeout(() => {
              this.wakeUp = null;
              resolve();
            }, timeoutMs);
      this.wakeUp = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
    });
  }

  private async loop(): Promise<void> {
    let failures = 0;
    const backoff = () =>
      Math.min(this.retryDelayMs * 2 ** Math.max(0, failures - 1), this.maxRetryDelayMs);
    while (this.running) {
      this.poked = false;
      const { store, printer } = this.options;
      if (!printer.isReady()) {
        this.emit({ type: 'idle', reason: 'printer_not_ready' });
        await this.wait();
        continue;
      }
      let job: J | null;
      try {
        job = store.nextQueued();
        if (job && this.printed.has(job.id)) {
          // Printed by this worker, but marking it failed: mark it again, never print it again.
          store.markPrinted(job.id);
          continue;
        }
      } catch (error) {
        failures += 1;
        this.emit({ type: 'store_error', error: errorMessage(error) });
        await this.wait(backoff());
        continue;
      }
      if (!job) {
        failures = 0;
        this.emit({ type: 'idle', reason: 'empty' });
        await this.wait();
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = await this.options.render(job);
      } catch (error) {
        this.safely(() => store.markFailed((job as J).id, errorMessage(error)));
        this.emit({ type: 'failed', job, error: errorMessage(error) });
        continue;
      }
      try {
        await printer.print(bytes);
      } catch (error) {
        if (isTillError(error) && error.code === 'printer.uncertain') {
          // Sending it again could print it twice: the cashier decides, with a reprint.
          this.safely(() => store.markUncertain((job as J).id, errorMessage(error)));
          this.emit({ type: 'uncertain', job, error: errorMessage(error) });
          continue;
        }
        failures += 1;
        this.safely(() => store.markAttemptFailed((job as J).id, errorMessage(error)));
        this.emit({ type: 'attempt_failed', job, error: errorMessage(error) });
        // A dropped line or an empty roll changes the printer's status, which wakes us; a
        // printer that still says ready is tried again after a delay.
        await this.wait(backoff());
        continue;
      }
      failures = 0;
      this.printed.add(job.id);
      this.safely(() => store.markPrinted((job as J).id));
      this.emit({ type: 'printed', job });
    }
  }

  private safely(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.emit({ type: 'store_error', error: errorMessage(error) });
    }
  }
}
