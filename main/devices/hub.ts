import type { Locale } from '../../domain/money';
import { TillError, errorMessage } from '../../domain/errors';
import type { ReceiptDocument } from '../../domain/receipt';
import type { SessionReportDocument } from '../../domain/report-document';
import { acceptWeight } from '../../domain/tare';
import type { Db } from '../../db/open';
import {
  enqueuePrintJob,
  listUncertainPrintJobs,
  printQueueStore,
  reprintReceipt,
  ticketsWithoutReceipt,
  type PrintJob,
} from '../../db/print-queue';
import type { DeviceKind, DeviceStatus, Unsubscribe } from '../../drivers/types';
import { ReconnectingLink } from '../../drivers/reconnect';
import { createTransport, SimLine } from '../../drivers/transports';
import { Printer } from '../../drivers/printer/driver';
import { answerStatusRequests } from '../../drivers/printer/simulator';
import { encodeReceipt, encodeSessionReport, encodeTestPage } from '../../drivers/printer/receipt';
import { encodeDrawerPulse } from '../../drivers/drawer/codec';
import { Drawer } from '../../drivers/drawer/driver';
import { PrintQueueWorker } from '../../drivers/print-worker';
import { createScanner, type Scanner } from '../../drivers/scanner';
import { createScale, type Scale } from '../../drivers/scale';
import { waitForStableWeight } from '../../drivers/scale/driver';
import { createDisplay, type CustomerDisplay } from '../../drivers/display';
import type { PrinterConfig } from '../../drivers/uri';
import type { TillEvent } from '../till/events';
import type { DeviceSettings } from './config';

export interface DeviceHubDeps {
  db: Db;
  clock: () => Date;
  newId: () => string;
  devices: DeviceSettings;
  /** Devices left out because their URI could not be read, and why. */
  problems?: Partial<Record<DeviceKind, string>>;
  locale: Locale;
  /** Where receipts and reports show their dates (setting till.timeZone). */
  timeZone?: string;
  /** The Z report of a closed session, to print at closing. */
  zReport: (sessionId: string) => SessionReportDocument;
  /** The receipt of a paid ticket, rebuilt from the database (for a job queued without one). */
  receipt: (ticketNumber: number, duplicate: boolean) => ReceiptDocument;
  /** What a scanner read: the till adds it to the ticket (or refuses it, in words). */
  onScan: (code: string) => void;
  /**
   * Drain the print queue (true unless told): a second process on the same database, such as
   * the command line's device tests, must not, or a receipt could print twice.
   */
  printQueue?: boolean;
  /** How long the change stays on the customer display before the greeting (15 s). */
  greetingAfterMs?: number;
  /** The print queue may have changed (a job queued, printed, failed or uncertain). */
  onPrintQueue?: () => void;
}

/** How long the change stays on the customer display before the greeting. */
const GREETING_AFTER_MS = 15_000;

/** How far back, at start, a paid ticket whose receipt was never queued still gets one. */
const RECEIPT_RECOVERY_MS = 15 * 60_000;

/**
 * The till's hardware: builds each device from its URI, starts them in order and stops them in
 * reverse, and turns what the till announces into receipts, drawer pulses and display screens.
 * Nothing here can throw into, block or undo a sale: a device that fails says so in its status.
 */
export class DeviceHub {
  readonly scanner: Scanner | null;
  readonly printer: Printer | null;
  readonly drawer: Drawer | null;
  readonly scale: Scale | null;
  readonly display: CustomerDisplay | null;
  private readonly worker: PrintQueueWorker<PrintJob> | null;
  private readonly statuses = new Map<DeviceKind, DeviceStatus>();
  private readonly listeners = new Set<(status: DeviceStatus) => void>();
  private readonly subscriptions: Unsubscribe[] = [];
  private readonly columns: 42 | 48;
  private greetingTimer: NodeJS.Timeout | undefined;
  /** Why the drawer did not open, until the cashier dismisses it or the drawer opens. */
  private drawerAlert: string | null = null;

  constructor(private readonly deps: DeviceHubDeps) {
    const { devices } = deps;
    this.columns = devices.printer.transport === 'none' ? 42 : devices.printer.columns;
    this.printer = createPrinter(devices.printer);
    this.drawer = createDrawer(devices.drawer, this.printer);
    this.scanner = devices.scanner.transport === 'none' ? null : createScanner(devices.scanner);
    this.scale = devices.scale.transport === 'none' ? null : createScale(devices.scale);
    this.display =
      devices.display.transport === 'none'
        ? null
        : createDisplay(devices.display, { locale: deps.locale });
    this.worker =
      this.printer && (deps.printQueue ?? true)
        ? new PrintQueueWorker({
            store: this.followed(this.currentStore()),
            printer: this.printer,
            render: (job) => this.render(job),
            onEvent: (event) => {
              if (event.type === 'uncertain') this.receiptUncertain(event.job, event.error);
            },
          })
        : null;
  }

  start(): void {
    for (const [kind, problem] of Object.entries(this.deps.problems ?? {})) {
      this.setStatus({ device: kind as DeviceKind, state: 'disabled', detail: problem });
    }
    for (const [kind, device] of this.devices()) {
      this.subscriptions.push(
        device.onStatus((status) => this.deviceStatus({ ...status, device: kind })),
      );
      this.setStatus({ ...currentStatus(device), device: kind });
      device.start();
    }
    if (this.scanner) {
      this.subscriptions.push(
        this.scanner.onScan((code) => this.deps.onScan(code)),
        this.scanner.onNoise((noise) =>
          this.setStatus({
            device: 'scanner',
            state: this.scanner?.status.state ?? 'connected',
            detail: noise.detail,
          }),
        ),
      );
    }
    if (this.worker) {
      const since = new Date(this.deps.clock().getTime() - RECEIPT_RECOVERY_MS).toISOString();
      for (const ticketNumber of ticketsWithoutReceipt(this.deps.db, since))
        this.queueReceipt(ticketNumber);
      this.worker.start();
    }
    void this.display?.showGreeting().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.cancelGreeting();
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
    // The worker stops taking jobs now; the job it is printing ends when the printer stops
    // below, rather than the stop waiting for a stuck printer.
    const workerStopped = this.worker?.stop();
    for (const [, device] of this.devices().reverse()) {
      await ('stop' in device ? device.stop() : device.close()).catch(() => undefined);
    }
    await workerStopped;
  }

  statusOf(kind: DeviceKind): DeviceStatus {
    return this.statuses.get(kind) ?? { device: kind, state: 'disabled', detail: 'not configured' };
  }

  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What the till announced, once committed: the devices follow, without ever failing it. */
  handle(event: TillEvent): void {
    this.cancelGreeting();
    switch (event.type) {
      case 'ticket_changed': {
        const last = event.ticket.lines.at(-1);
        if (last)
          this.show((d) => d.showLine(last.name, last.totals.net, event.ticket.totals.total));
        break;
      }
      case 'ticket_paid': {
        const { ticket } = event;
        if (ticket.number !== null) this.queueReceipt(ticket.number);
        if (event.cashPaid) this.openDrawer();
        const paid = ticket.payments.reduce((sum, payment) => sum + payment.amount, 0);
        this.show((d) => d.showChange(paid, ticket.change));
        // The customer reads the change; then the display greets the next one.
        this.greetingTimer = setTimeout(
          () => this.show((d) => d.showGreeting()),
          this.deps.greetingAfterMs ?? GREETING_AFTER_MS,
        );
        this.greetingTimer.unref();
        break;
      }
      case 'ticket_cancelled':
        this.show((d) => d.showGreeting());
        break;
      case 'drawer_opened':
        this.openDrawer();
        break;
      case 'session_closed':
        if (this.printer) this.printReport(this.deps.zReport(event.sessionId));
        break;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Test actions, for a technician setting the till up (settings screen, command line)

  /** Prints a test page: the shop's name, the accented letters and the € sign, a cut. */
  async testPrint(timeoutMs = 10_000): Promise<void> {
    const printer = this.require(this.printer, 'printer');
    await waitUntil(
      () => printer.isReady(),
      timeoutMs,
      () => printer.status().detail,
    );
    await printer.print(encodeTestPage({ width: this.columns, locale: this.deps.locale }));
  }

  /** Resolves once the device is connected (or reports a state of its own, such as paper out). */
  whenReady(kind: DeviceKind, timeoutMs = 10_000): Promise<void> {
    const waiting = new Set(['connecting', 'offline']);
    return waitUntil(
      () => !waiting.has(this.statusOf(kind).state),
      timeoutMs,
      () => this.statusOf(kind).detail,
    );
  }

  /** Waits for one scan and returns the code as read. */
  waitForScan(timeoutMs = 30_000): Promise<string> {
    return this.require(this.scanner, 'scanner').nextScan(timeoutMs);
  }

  /** Reads a stable weight in grams, less a container's tare; refuses nothing or less than the tare. */
  async readWeight(timeoutMs = 10_000, tareGrams = 0): Promise<number> {
    const reading = await waitForStableWeight(this.require(this.scale, 'scale'), { timeoutMs });
    return acceptWeight(reading, tareGrams).net;
  }

  showText(line1: string, line2: string): Promise<void> {
    return this.require(this.display, 'display').showText(line1, line2);
  }

  private require<T>(device: T | null, kind: DeviceKind): T {
    if (!device) {
      throw new TillError('device.not_configured', `No ${kind} is configured`, { device: kind });
    }
    return device;
  }

  /**
   * Receipts that may not have printed (a one-way printer stopped mid-job) in the last day,
   * oldest first: the cashier checks the paper and reprints the missing ones.
   */
  uncertainReceipts(): number[] {
    const since = new Date(this.deps.clock().getTime() - 24 * 3600_000).toISOString();
    return listUncertainPrintJobs(this.deps.db, since)
      .map((job) => job.ticketNumber)
      .filter((ticketNumber): ticketNumber is number => ticketNumber !== null);
  }

  /** The cashier has read why the drawer did not open: the drawer's own state shows again. */
  dismissDrawerAlert(): void {
    this.drawerAlert = null;
    if (this.drawer) this.deviceStatus(this.drawer.status());
  }

  /** Queues a duplicate of a paid ticket's receipt. */
  reprint(ticketNumber: number): void {
    reprintReceipt(this.deps.db, ticketNumber, {
      id: this.deps.newId(),
      createdAt: this.deps.clock().toISOString(),
      document: this.deps.receipt(ticketNumber, true),
    });
    this.queueChanged();
  }

  /** Queues an X or Z report. */
  printReport(document: SessionReportDocument): void {
    enqueuePrintJob(this.deps.db, {
      id: this.deps.newId(),
      kind: 'report',
      document,
      createdAt: this.deps.clock().toISOString(),
    });
    this.queueChanged();
  }

  private queueReceipt(ticketNumber: number): void {
    if (!this.printer) return;
    try {
      enqueuePrintJob(this.deps.db, {
        id: this.deps.newId(),
        kind: 'receipt',
        ticketNumber,
        document: this.deps.receipt(ticketNumber, false),
        createdAt: this.deps.clock().toISOString(),
      });
      this.queueChanged();
    } catch (error) {
      // The sale stands; its receipt can be reprinted.
      this.setStatus({
        device: 'printer',
        state: this.statusOf('printer').state,
        detail: `Receipt ${ticketNumber} could not be queued: ${errorMessage(error)}`,
      });
    }
  }

  private render(job: PrintJob): Uint8Array {
    const options = {
      width: this.columns,
      locale: this.deps.locale,
      timeZone: this.deps.timeZone,
    };
    switch (job.kind) {
      case 'receipt':
        return encodeReceipt(
          (job.document as ReceiptDocument | null) ??
            this.deps.receipt(job.ticketNumber ?? 0, job.duplicate),
          options,
        );
      case 'report':
        return encodeSessionReport(job.document as SessionReportDocument, options);
      case 'drawer_kick':
        return encodeDrawerPulse();
    }
  }

  private queueChanged(): void {
    this.worker?.notify();
    this.deps.onPrintQueue?.();
  }

  /**
   * The print queue of the database the till sells on now, looked up at each use: in training
   * mode, the training copy's (its receipts number the training copy's tickets).
   */
  private currentStore(): ReturnType<typeof printQueueStore> {
    const store = () => printQueueStore(this.deps.db, this.deps.clock);
    return {
      nextQueued: () => store().nextQueued(),
      markPrinted: (id) => store().markPrinted(id),
      markAttemptFailed: (id, error) => store().markAttemptFailed(id, error),
      markFailed: (id, error) => store().markFailed(id, error),
      markUncertain: (id, error) => store().markUncertain(id, error),
    };
  }

  /** The worker's store, telling each change of a job's state (not the reads). */
  private followed(store: ReturnType<typeof printQueueStore>): ReturnType<typeof printQueueStore> {
    const told =
      <A extends unknown[]>(change: (...args: A) => void) =>
      (...args: A) => {
        change(...args);
        this.deps.onPrintQueue?.();
      };
    return {
      nextQueued: () => store.nextQueued(),
      markPrinted: told(store.markPrinted),
      markAttemptFailed: told(store.markAttemptFailed),
      markFailed: told(store.markFailed),
      markUncertain: told(store.markUncertain),
    };
  }

  private cancelGreeting(): void {
    clearTimeout(this.greetingTimer);
    this.greetingTimer = undefined;
  }

  /**
   * A drawer that does not open is the cashier's to know, in words, not a failed sale. The message
   * stays until the cashier dismisses it or the drawer opens: the drawer's later states (a
   * reconnecting printer) do not replace it.
   */
  private openDrawer(): void {
    void this.drawer?.open().then((result) => {
      if (result.opened) {
        this.drawerAlert = null;
        return;
      }
      this.drawerAlert = `The drawer did not open: ${result.detail}`;
      this.setStatus({
        device: 'drawer',
        state: this.statusOf('drawer').state,
        detail: this.drawerAlert,
      });
    });
  }

  /** A device's own status, the drawer's kept behind its alert until it opens. */
  private deviceStatus(status: DeviceStatus): void {
    if (status.device === 'drawer' && this.drawerAlert !== null) {
      if (status.state === 'drawer_open') this.drawerAlert = null;
      else return this.setStatus({ ...status, detail: this.drawerAlert });
    }
    this.setStatus(status);
  }

  /** Sending it again could print it twice: the cashier is told, and reprints it if missing. */
  private receiptUncertain(job: PrintJob, error: string): void {
    const what =
      job.kind === 'receipt' && job.ticketNumber !== null
        ? `Receipt ${job.ticketNumber}`
        : `A ${job.kind === 'report' ? 'report' : 'print job'}`;
    this.setStatus({
      device: 'printer',
      state: this.statusOf('printer').state,
      detail: `${what} may not have printed: check the paper and reprint it if it is missing (${error})`,
    });
  }

  private show(screen: (display: CustomerDisplay) => Promise<void>): void {
    if (this.display) void screen(this.display).catch(() => undefined);
  }

  private setStatus(status: DeviceStatus): void {
    this.statuses.set(status.device, status);
    for (const listener of this.listeners) listener(status);
  }

  private devices() {
    const all: [DeviceKind, Printer | Drawer | Scanner | Scale | CustomerDisplay | null][] = [
      ['printer', this.printer],
      ['drawer', this.drawer],
      ['scanner', this.scanner],
      ['scale', this.scale],
      ['display', this.display],
    ];
    return all.filter(
      (entry): entry is [DeviceKind, NonNullable<(typeof entry)[1]>] => entry[1] !== null,
    );
  }
}

async function waitUntil(
  ready: () => boolean,
  timeoutMs: number,
  why: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) {
      throw new TillError('device.not_ready', `The device is not ready: ${why()}`, {});
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function currentStatus(device: { status: DeviceStatus | (() => DeviceStatus) }): DeviceStatus {
  return typeof device.status === 'function' ? device.status() : device.status;
}

function createPrinter(config: PrinterConfig): Printer | null {
  switch (config.transport) {
    case 'none':
      return null;
    case 'sim': {
      // A printer that is always there and always has paper: for demos and the kiosk.
      const line = new SimLine();
      answerStatusRequests(line, () => ({}));
      return new Printer(new ReconnectingLink(() => line.createTransport()), { status: true });
    }
    default:
      return new Printer(new ReconnectingLink(() => createTransport(config)), {
        // Status by DLE EOT needs a two-way line: not a device file.
        status: config.transport === 'serial' || config.transport === 'tcp',
      });
  }
}

function createDrawer(config: DeviceSettings['drawer'], printer: Printer | null): Drawer | null {
  switch (config.transport) {
    case 'none':
      return null;
    case 'printer':
      return printer ? new Drawer({ kind: 'printer', printer }) : null;
    case 'sim':
      return new Drawer({ kind: 'sim' });
    default:
      return new Drawer({
        kind: 'line',
        line: new ReconnectingLink(() => createTransport(config)),
      });
  }
}
