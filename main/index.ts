/**
 * The one assembly point of the till's main process: services are created and started here, in
 * order, and stopped in reverse. Electron's entry and the kiosk host both start the till from here.
 */
import { TillError, isTillError } from '../domain/errors';
import { errorText } from '../domain/i18n';
import type { PrintQueueCounts } from '../db/print-queue';
import { openDatabase, type Db } from '../db/open';
import { acquireTillLock } from '../db/till-lock';
import { TillService, type TicketView } from './till/service';
import type { TillEvent } from './till/events';
import { seedDemoIfEmpty } from './till/first-run';
import { createIdGenerator } from './ids';
import { DeviceHub } from './devices/hub';
import { parseDeviceSettings, readDeviceUris } from './devices/config';
import { SyncClient, type SyncStatus } from './sync/client';

export interface TillOptions {
  /** The SQLite file of this till. */
  dbPath: string;
  clock?: () => Date;
  /** Seed the demo catalogue and users into an empty database (true by default). */
  demo?: boolean;
  /** Start the hardware named in the settings (false for the command line's bookkeeping). */
  devices?: boolean;
  /** Drain the print queue (true unless told; false for a second process such as a device test). */
  printQueue?: boolean;
  /** Push the outbox to and pull the catalogue from the server it is enrolled with (false unless told). */
  sync?: boolean;
  /** Online state, pending count and last sync time, for the status bar. */
  onSyncStatus?: (status: SyncStatus) => void;
  /**
   * Hold the database for this process alone: the till that sells (its devices and print queue
   * running, or its sync) does by default; the command line's reports and device tests beside it
   * don't.
   */
  exclusive?: boolean;
  /**
   * A scan the till refused (unknown product, wrong check digit, unknown badge...), for the
   * cashier to see: the message in the till's language.
   */
  onScanRefused?: (code: string, message: string) => void;
  /** A badge scanned signed its user in. */
  onBadgeSignIn?: (userId: number) => void;
  /** The print queue's counts, each time they change. */
  onPrintQueue?: (counts: PrintQueueCounts) => void;
  /** What a scanner read, before the till adds it (a device test waits for one). */
  onScan?: (code: string) => void;
  /** What the till announces once a change has committed, for the screens. */
  onEvent?: (event: TillEvent) => void;
}

export interface RunningTill {
  db: Db;
  till: TillService;
  devices: DeviceHub | null;
  sync: SyncClient | null;
  /** Weighs a product sold by the kg on the scale (less a container's tare) and adds it. */
  sellByWeight(input: {
    productId: number;
    tareGrams?: number;
    /** The container's tare label, scanned (instead of tareGrams). */
    tareBarcode?: string;
    timeoutMs?: number;
  }): Promise<TicketView>;
  stop(): Promise<void>;
}

export function startTill(options: TillOptions): RunningTill {
  const clock = options.clock ?? (() => new Date());
  const newId = createIdGenerator();
  const sells = options.devices === true || options.sync === true;
  const exclusive = options.exclusive ?? (sells && options.printQueue !== false);
  const lock = exclusive ? acquireTillLock(options.dbPath) : null;
  let db: Db;
  try {
    db = openDatabase(options.dbPath);
  } catch (error) {
    lock?.release();
    throw error;
  }
  if (options.demo ?? true) seedDemoIfEmpty(db, clock().toISOString());

  let devices: DeviceHub | null = null;
  let sync: SyncClient | null = null;
  const till = new TillService({
    db,
    clock,
    newId,
    onEvent: (event) => {
      devices?.handle(event);
      options.onEvent?.(event);
      // A paid document waits in the outbox: send it now rather than at the next tick.
      sync?.nudge();
    },
  });
  let lastQueue = '';
  const printQueueMayHaveChanged = () => {
    const counts = till.printQueue();
    const key = `${counts.waiting}/${counts.uncertain}`;
    if (key === lastQueue) return;
    lastQueue = key;
    options.onPrintQueue?.(counts);
  };
  if (options.devices) {
    try {
      const { settings, problems } = parseDeviceSettings(readDeviceUris(db));
      devices = new DeviceHub({
        db,
        clock,
        newId,
        devices: settings,
        problems,
        printQueue: options.printQueue ?? true,
        // Read at each print: a manager may change the till's language while it runs.
        get locale() {
          return till.settings().locale;
        },
        get timeZone() {
          return till.settings().timeZone;
        },
        onPrintQueue: options.onPrintQueue ? printQueueMayHaveChanged : undefined,
        receipt: (ticketNumber, duplicate) => till.receipt(ticketNumber, { duplicate }),
        zReport: (sessionId) => till.zReportDocument(sessionId),
        onScan: (code) => {
          options.onScan?.(code);
          try {
            if (till.isBadge(code)) {
              options.onBadgeSignIn?.(till.signInByBadge({ code }).id);
            } else {
              till.addByBarcode({ code });
            }
          } catch (error) {
            if (!isTillError(error)) throw error;
            options.onScanRefused?.(code, errorText(error, till.settings().locale));
          }
        },
      });
      devices.start();
    } catch (error) {
      db.close();
      lock?.release();
      throw error;
    }
  }

  if (options.sync) {
    sync = new SyncClient({
      db,
      clock,
      ...(options.onSyncStatus ? { onStatus: options.onSyncStatus } : {}),
      onCatalogChanged: ({ nomenclature }) => {
        till.reloadSettings();
        if (nomenclature) till.reloadNomenclature();
      },
    });
    sync.start();
  }

  return {
    db,
    till,
    devices,
    sync,
    async sellByWeight({ productId, tareGrams = 0, tareBarcode, timeoutMs = 10_000 }) {
      if (!devices?.scale) {
        throw new TillError(
          'device.not_configured',
          'No scale is configured: weigh the product and type its weight',
          {
            device: 'scale',
          },
        );
      }
      const tare = tareBarcode === undefined ? tareGrams : till.tareFromBarcode(tareBarcode);
      const grams = await devices.readWeight(timeoutMs, tare);
      return till.addProduct({ productId, quantity: grams });
    },
    async stop() {
      await sync?.stop();
      await devices?.stop();
      till.signOut();
      db.close();
      lock?.release();
    },
  };
}
