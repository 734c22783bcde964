import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countPendingPrintJobs,
  enqueuePrintJob,
  getPrintJob,
  listPendingPrintJobs,
  listUncertainPrintJobs,
  markPrintJobAttemptFailed,
  markPrintJobPrinted,
  markPrintJobUncertain,
  nextQueuedPrintJob,
  printJobsForTicket,
  printQueueStore,
  prunePrintJobs,
  reprintReceipt,
  type PrintJob,
} from '../../../db/print-queue';
import { TillError } from '../../../domain/errors';
import { createIdGenerator } from '../../../main/ids';
import type { ReceiptDocument } from '../../../domain/receipt';
import type { SessionReportDocument } from '../../../domain/report-document';
import { encodeDrawerPulse } from '../../../drivers/drawer/codec';
import { encodeReceipt, encodeSessionReport } from '../../../drivers/printer/receipt';
import { Printer, type PrinterLine } from '../../../drivers/printer/driver';
import { PrintQueueWorker, type PrintWorkerEvent } from '../../../drivers/print-worker';
import { ReconnectingLink } from '../../../drivers/reconnect';
import { FileTransport } from '../../../drivers/transports';
import {
  commandsOf,
  decodeEscPos,
  printerPty,
  serialPrinterLine,
  type DecodedEscPos,
  type FakePrinter,
  type PrinterPty,
} from '../../support/escpos-decoder';
import { createBlockableFifo, type BlockableFifo } from '../../support/fifo';
import { FIXTURE, createTestTill, ean13, type TestTill } from '../../support/till';
import * as tillReceipts from '../../../main/till/receipts';

const WAIT = 15_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestTill;
const stops: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  t = createTestTill();
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  t.till.openSession({ counts: { '2000': 5 } });
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  t.close();
});

const now = () => t.clock.now.toISOString();
const newId = createIdGenerator();

/** A paid sale; returns its ticket number. */
function sell(codes: string[] = [FIXTURE.milk.code], cash = 1000): number {
  for (const code of codes) t.till.addByBarcode({ code });
  return t.till.pay({ payments: [{ method: 'cash', amount: cash }] }).number ?? 0;
}

/** What main does once pay() has returned (the sale's transaction has committed). */
function queueReceipt(number: number): PrintJob {
  return enqueuePrintJob(t.db, {
    id: newId(),
    kind: 'receipt',
    ticketNumber: number,
    document: tillReceipts.receipt(t.till.ctx, number),
    createdAt: now(),
  });
}

async function until<T>(probe: () => T | null | undefined | false, timeoutMs = WAIT): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the print queue in the database', () => {
  it('queues the receipt of a committed sale, with an id, its document and no attempt', () => {
    const number = sell();
    const job = queueReceipt(number);
    expect(job).toMatchObject({
      kind: 'receipt',
      ticketNumber: number,
      duplicate: false,
      status: 'queued',
      attempts: 0,
      lastError: null,
      createdAt: now(),
      printedAt: null,
    });
    expect(job.id).toMatch(UUID);
    expect((job.document as ReceiptDocument).ticketNumber).toBe(String(number));
    expect(listPendingPrintJobs(t.db).map((j) => j.id)).toEqual([job.id]);
    // It survives a restart.
    t.reopen();
    expect(getPrintJob(t.db, job.id)).toEqual(job);
  });

  it('gives the oldest job first and marks it printed once, however often it is told', () => {
    const first = queueReceipt(sell());
    const second = queueReceipt(sell());
    expect(nextQueuedPrintJob(t.db, now())?.id).toBe(first.id);
    expect(markPrintJobPrinted(t.db, first.id, now())).toBe(true);
    // A replay (a reconnect, a second worker wake-up) changes nothing and says so.
    expect(markPrintJobPrinted(t.db, first.id, '2030-01-01T00:00:00.000Z')).toBe(false);
    expect(getPrintJob(t.db, first.id)).toMatchObject({ status: 'printed', printedAt: now() });
    expect(nextQueuedPrintJob(t.db, now())?.id).toBe(second.id);
    expect(countPendingPrintJobs(t.db)).toBe(1);
    expect(() => markPrintJobPrinted(t.db, 'nope', now())).toThrow(TillError);
  });

  it('keeps a failed job queued with its attempts and error', () => {
    const job = queueReceipt(sell());
    markPrintJobAttemptFailed(t.db, job.id, 'serial:/dev/ttyUSB0 disconnected');
    markPrintJobAttemptFailed(t.db, job.id, 'out of paper');
    expect(nextQueuedPrintJob(t.db, now())).toMatchObject({
      id: job.id,
      status: 'queued',
      attempts: 2,
      lastError: 'out of paper',
    });
    markPrintJobPrinted(t.db, job.id, now());
    expect(getPrintJob(t.db, job.id)).toMatchObject({ attempts: 2, lastError: null });
    // A failure reported after the job printed does not bring it back.
    markPrintJobAttemptFailed(t.db, job.id, 'late');
    expect(getPrintJob(t.db, job.id)).toMatchObject({ status: 'printed', attempts: 2 });
  });

  it('sets an uncertain job aside for good: never given again, never printed by a replay', () => {
    const job = queueReceipt(sell());
    const next = queueReceipt(sell());
    markPrintJobUncertain(t.db, job.id, 'the printer stopped mid-job (256 of 1200 bytes sent)');
    expect(getPrintJob(t.db, job.id)).toMatchObject({ status: 'uncertain', attempts: 1 });
    expect(nextQueuedPrintJob(t.db, now())?.id).toBe(next.id);
    expect(listUncertainPrintJobs(t.db, now()).map((j) => j.id)).toEqual([job.id]);
    expect(markPrintJobPrinted(t.db, job.id, now())).toBe(false);
    markPrintJobAttemptFailed(t.db, job.id, 'late');
    expect(getPrintJob(t.db, job.id)).toMatchObject({ status: 'uncertain', attempts: 1 });
  });

  it('reprints a receipt as a new job marked duplicate', () => {
    const number = sell();
    const original = queueReceipt(number);
    markPrintJobPrinted(t.db, original.id, now());
    const reprint = reprintReceipt(t.db, number, { id: newId(), createdAt: now() });
    expect(reprint).toMatchObject({ duplicate: true, status: 'queued', document: null });
    expect(reprint.id).not.toBe(original.id);
    expect(printJobsForTicket(t.db, number).map((j) => [j.duplicate, j.status])).toEqual([
      [false, 'printed'],
      [true, 'queued'],
    ]);
  });

  it('refuses a receipt for a ticket that is not paid, and a job without what it prints', () => {
    const code = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        if (error instanceof TillError) return error.code;
        throw error;
      }
      return null;
    };
    expect(code(() => reprintReceipt(t.db, 99, { id: newId(), createdAt: now() }))).toBe(
      'print.unknown_ticket',
    );
    expect(
      code(() => enqueuePrintJob(t.db, { id: newId(), kind: 'report', createdAt: now() })),
    ).toBe('print.invalid_job');
    expect(
      code(() => enqueuePrintJob(t.db, { id: newId(), kind: 'receipt', createdAt: now() })),
    ).toBe('print.invalid_job');
    expect(countPendingPrintJobs(t.db)).toBe(0);
  });

  it('lets a drawer kick expire rather than open the drawer long after', () => {
    const kick = enqueuePrintJob(t.db, {
      id: newId(),
      kind: 'drawer_kick',
      createdAt: now(),
      expiresAt: new Date(t.clock.now.getTime() + 30_000).toISOString(),
    });
    expect(nextQueuedPrintJob(t.db, now())?.id).toBe(kick.id);
    t.clock.advance(31_000);
    expect(nextQueuedPrintJob(t.db, now())).toBeNull();
    expect(getPrintJob(t.db, kick.id)?.status).toBe('expired');
    expect(prunePrintJobs(t.db, '2100-01-01T00:00:00.000Z')).toBe(1);
  });
});

/** A line that can hold a job's bytes after the first `after` bytes (to cut it mid-job). */
class HoldableLine implements PrinterLine {
  private held: { after: number; release: Promise<void>; reached: () => void } | null = null;
  private jobBytes = 0;

  constructor(private readonly inner: ReconnectingLink) {}

  get status() {
    return this.inner.status;
  }
  onStatus(listener: (status: { state: string; detail: string }) => void) {
    return this.inner.onStatus(listener);
  }
  onData(listener: (chunk: Uint8Array) => void) {
    return this.inner.onData(listener);
  }
  start() {
    this.inner.start();
  }
  close() {
    return this.inner.close();
  }

  /** Holds job bytes past `after`; resolves `reached` when a write waits; release() lets it go. */
  hold(after: number): { reached: Promise<void>; release(): void } {
    let release!: () => void;
    let reached!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const releasePromise = new Promise<void>((resolve) => (release = resolve));
    this.jobBytes = 0;
    this.held = { after, release: releasePromise, reached };
    return {
      reached: reachedPromise,
      release: () => {
        this.held = null;
        release();
      },
    };
  }

  async write(bytes: Uint8Array): Promise<void> {
    // Three bytes are a DLE EOT status request, not part of a job.
    const held = this.held;
    if (held && bytes.length > 3) {
      if (this.jobBytes >= held.after) {
        held.reached();
        await held.release;
      }
      this.jobBytes += bytes.length;
    }
    return this.inner.write(bytes);
  }
}

describe('the print worker, on a real serial line', () => {
  let pty: PrinterPty;
  let line: HoldableLine;
  let printer: Printer;
  let worker: PrintQueueWorker<PrintJob>;
  let events: PrintWorkerEvent<PrintJob>[];

  /** How main wires it: the queue in the database, the bytes from the till's documents. */
  function render(job: PrintJob): Uint8Array {
    switch (job.kind) {
      case 'receipt': {
        const document =
          (job.document as ReceiptDocument | null) ??
          tillReceipts.receipt(t.till.ctx, job.ticketNumber ?? 0, { duplicate: job.duplicate });
        return encodeReceipt(document);
      }
      case 'report':
        return encodeSessionReport(job.document as SessionReportDocument);
      case 'drawer_kick':
        return encodeDrawerPulse();
    }
  }

  beforeEach(async () => {
    pty = await printerPty();
    stops.push(() => pty.close());
    line = new HoldableLine(serialPrinterLine(pty.path));
    printer = new Printer(line, { status: { intervalMs: 150, timeoutMs: 2000 }, chunkSize: 256 });
    events = [];
    worker = new PrintQueueWorker({
      store: printQueueStore(t.db, () => t.clock.now),
      printer,
      render,
      retryDelayMs: 100,
      onEvent: (event) => events.push(event),
    });
    printer.start();
    worker.start();
    stops.push(() => printer.stop());
    stops.push(() => worker.stop());
  });

  const cuts = (decoded: DecodedEscPos) => commandsOf(decoded, 'cut').length;
  const printed = (id: string) => () => getPrintJob(t.db, id)?.status === 'printed';
  const printedEvents = (id: string) =>
    events.filter((e) => e.type === 'printed' && e.job.id === id).length;
  const receipts = (peer: FakePrinter) =>
    commandsOf(peer.decoded(), 'barcode').map((barcode) => barcode.data);

  it('prints a sale’s receipt once the sale has committed, then a reprint as DUPLICATA', async () => {
    const number = sell([ean13('210000101234'), FIXTURE.soap.code], 2000);
    const job = queueReceipt(number);
    worker.notify();
    await until(printed(job.id));
    const decoded = await pty.peer.waitFor((d) => cuts(d) === 1, WAIT);
    const text = decoded.text.map((l) => l.trim().replace(/ +/g, ' '));
    expect(text).toEqual(
      expect.arrayContaining([
        'Pommes Élstar bio',
        '1,234 kg x 3,99 €/kg 4,92 € C',
        'TOTAL 9,42 €',
      ]),
    );
    expect(getPrintJob(t.db, job.id)).toMatchObject({ attempts: 0, printedAt: now() });

    const reprint = reprintReceipt(t.db, number, { id: newId(), createdAt: now() });
    worker.notify();
    await until(printed(reprint.id));
    const both = await pty.peer.waitFor((d) => cuts(d) === 2, WAIT);
    expect(both.text.filter((l) => l.includes('DUPLICATA'))).toHaveLength(2);
    expect(receipts(pty.peer)).toEqual([String(number), String(number)]);
    expect(countPendingPrintJobs(t.db)).toBe(0);
  });

  it('keeps a job cut off mid-way queued, prints it whole once the line is back, and only once', async () => {
    await until(() => printer.isReady());
    const number = sell();
    const held = line.hold(256);
    const job = queueReceipt(number);
    worker.notify();
    await held.reached;
    const first = pty.peer;
    await first.waitFor((d) => commandsOf(d, 'init').length === 1, WAIT);

    // The printer's end goes away with the job half sent.
    await pty.unplug();
    await until(() => printer.status().state === 'offline');
    held.release();
    const failed = await until(() => {
      const row = getPrintJob(t.db, job.id);
      return row && row.attempts >= 1 ? row : null;
    });
    expect(failed.status).toBe('queued');
    expect(failed.lastError).toMatch(/printer|disconnected|offline/i);
    expect(cuts(first.decoded())).toBe(0);
    expect(first.received().length).toBeGreaterThanOrEqual(256);

    // It comes back: the job prints in full on the new line.
    const second = await pty.plug();
    await until(printed(job.id));
    await second.waitFor((d) => cuts(d) === 1, WAIT);
    expect(getPrintJob(t.db, job.id)).toMatchObject({ status: 'printed', attempts: 1 });

    // Another reconnect, then a newer job: the printed one is not sent again before it.
    await pty.unplug();
    await until(() => printer.status().state === 'offline');
    const third = await pty.plug();
    await until(() => printer.isReady());
    const later = queueReceipt(sell([FIXTURE.soap.code]));
    worker.notify();
    await until(printed(later.id));
    await third.waitFor((d) => cuts(d) === 1, WAIT);
    expect(receipts(second)).toEqual([String(number)]);
    expect(receipts(third)).toEqual([String(later.ticketNumber)]);
    expect(printedEvents(job.id)).toBe(1);
    expect(events.filter((e) => e.type === 'attempt_failed' && e.job.id === job.id)).toHaveLength(
      1,
    );
  });

  it('holds jobs while the printer reports paper out, and prints them when paper is back', async () => {
    await until(() => printer.isReady());
    pty.peer.state.paperOut = true;
    await until(() => printer.status().state === 'paper_out');
    const a = queueReceipt(sell());
    const b = queueReceipt(sell());
    worker.notify();
    // Several status rounds go by: nothing but status requests reaches the printer.
    const asked = pty.peer.statusRequests(1);
    await pty.peer.waitFor(() => pty.peer.statusRequests(1) >= asked + 4, WAIT);
    expect(commandsOf(pty.peer.decoded(), 'init')).toHaveLength(0);
    expect(listPendingPrintJobs(t.db).map((j) => j.id)).toEqual([a.id, b.id]);

    pty.peer.state.paperOut = false;
    await until(printed(b.id));
    await pty.peer.waitFor((d) => cuts(d) === 2, WAIT);
    expect(receipts(pty.peer)).toEqual([String(a.ticketNumber), String(b.ticketNumber)]);
  });

  it('prints what was queued while the printer was unplugged when it comes', async () => {
    await until(() => printer.isReady());
    await pty.unplug();
    await until(() => printer.status().state === 'offline');
    const jobs = [queueReceipt(sell()), queueReceipt(sell())];
    worker.notify();
    const peer = await pty.plug();
    await until(printed(jobs[1]?.id ?? ''));
    await peer.waitFor((d) => cuts(d) === 2, WAIT);
    expect(jobs.map((j) => getPrintJob(t.db, j.id)?.attempts)).toEqual([0, 0]);
  });

  it('sets aside a job it cannot render, and goes on with the next', async () => {
    const broken = enqueuePrintJob(t.db, {
      id: newId(),
      kind: 'report',
      document: { not: 'a report' },
      createdAt: now(),
    });
    const good = queueReceipt(sell());
    worker.notify();
    await until(printed(good.id));
    expect(getPrintJob(t.db, broken.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(getPrintJob(t.db, broken.id)?.lastError).toBeTruthy();
    await pty.peer.waitFor((d) => cuts(d) === 1, WAIT);
  });
});

describe('the print worker, on a one-way printer (a device file)', () => {
  const cuts = (decoded: DecodedEscPos) => commandsOf(decoded, 'cut').length;
  let dir: string;
  let fifo: BlockableFifo;
  let events: PrintWorkerEvent<PrintJob>[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'emm-oneway-'));
    fifo = createBlockableFifo(join(dir, 'lp0'));
    events = [];
  });
  afterEach(() => {
    fifo.drain();
    fifo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A usblp-like printer: the FIFO under the test-only switch, one-way, small writes. */
  function startWorker(): { printer: Printer; worker: PrintQueueWorker<PrintJob> } {
    const line = new ReconnectingLink(
      () =>
        new FileTransport(fifo.path, {
          writeTimeoutMs: 300,
          paths: { testDeviceFiles: true, allowListFile: '/nonexistent' },
        }),
      { initialDelayMs: 50, maxDelayMs: 200 },
    );
    const printer = new Printer(line, { status: false, chunkSize: 256 });
    const worker = new PrintQueueWorker({
      store: printQueueStore(t.db, () => t.clock.now),
      printer,
      render: (job) => encodeReceipt(job.document as ReceiptDocument),
      retryDelayMs: 100,
      onEvent: (event) => events.push(event),
    });
    printer.start();
    worker.start();
    stops.push(() => printer.stop());
    stops.push(() => worker.stop());
    return { printer, worker };
  }

  it('never resends a receipt that stopped part-way; the reprint says DUPLICATA', async () => {
    const { printer, worker } = startWorker();
    await until(() => printer.isReady());
    // A long receipt (60 weighed lines, over 4 KiB); the printer goes off line after taking
    // 4096 more bytes (a pipe frees a whole page at a time): 16 chunks go, the 17th does not.
    fifo.block();
    fifo.free(4096);
    const weighed = Array.from({ length: 60 }, (_, i) =>
      ean13(`2100001${String(1000 + i).padStart(5, '0')}`),
    );
    const number = sell(weighed, 40_000);
    const job = queueReceipt(number);
    worker.notify();
    await until(() => getPrintJob(t.db, job.id)?.status === 'uncertain');
    expect(getPrintJob(t.db, job.id)?.lastError).toMatch(/4096 of \d+ bytes sent/);
    expect(events.filter((e) => e.type === 'uncertain')).toHaveLength(1);

    // The printer comes back: nothing more of that receipt comes out, by itself or after a restart.
    fifo.drain();
    await until(() => printer.isReady());
    await new Promise((resolve) => setTimeout(resolve, 800));
    await worker.stop();
    const again = startWorker().worker;
    again.notify();
    await new Promise((resolve) => setTimeout(resolve, 800));
    fifo.drain();
    expect(fifo.printed().length).toBe(4096);

    // One key away: the cashier reprints it, marked DUPLICATA, printed once.
    const reprint = reprintReceipt(t.db, number, {
      id: newId(),
      createdAt: now(),
      document: tillReceipts.receipt(t.till.ctx, number, { duplicate: true }),
    });
    again.notify();
    await until(() => getPrintJob(t.db, reprint.id)?.status === 'printed');
    fifo.drain();
    const decoded = decodeEscPos(fifo.printed().subarray(4096));
    expect(cuts(decoded)).toBe(1);
    expect(decoded.text.some((line) => line.includes('DUPLICATA'))).toBe(true);
  });

  it('sends a receipt again when none of it went out', async () => {
    const { printer, worker } = startWorker();
    await until(() => printer.isReady());
    fifo.block();
    const job = queueReceipt(sell());
    worker.notify();
    await until(() => (getPrintJob(t.db, job.id)?.attempts ?? 0) >= 1);
    expect(getPrintJob(t.db, job.id)?.status).toBe('queued');
    const reading = setInterval(() => fifo.drain(), 20);
    stops.push(() => clearInterval(reading));
    await until(() => getPrintJob(t.db, job.id)?.status === 'printed');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cuts(decodeEscPos(fifo.printed()))).toBe(1);
  });
});
