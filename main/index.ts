/**
 * The one assembly point of the till's main process: services are created and started here, in
 * order, and stopped in reverse. Electron's entry and the kiosk host both start the till from here.
 */
import { TillError } from '../domain/errors';
import { z } from 'zod';
import { countPendingOutbox, countRejectedOutbox } from '../db/outbox';
import { getSetting } from '../db/settings';
import { openDatabase, type Db } from '../db/open';
import { acquireTillLock } from '../db/till-lock';
import { TillContext } from './till/context';
import type { TillScope } from './till/operation';
import type { TillEvent } from './till/events';
import { isBadge, signOut } from './till/sessions';
import { receipt, zReportDocument, printQueue } from './till/receipts';
import { approveEnrolment, journalEnrolment } from './till/admin';
import { seedDemoIfEmpty } from './till/first-run';
import { createIdGenerator } from './ids';
import { DeviceHub } from './devices/hub';
import { parseDeviceSettings, readDeviceUris } from './devices/config';
import { SyncClient, type SyncClientOptions, type SyncStatus } from './sync/client';
import { forgetServer, isEnrolled, requestEnrolment, saveEnrolment } from './sync/enrol';
import { directTill, invoke, type DirectTill, type TillEventMessage } from './api';
import { Training } from './training';

type Approval = { userId: number; pin: string };

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
  /**
   * Push the outbox to and pull the catalogue from the server, whenever the till is enrolled
   * (now, or later from the screens). By default the till that sells does (it holds the database
   * alone); a second process beside it (a report, a device test) never does.
   */
  sync?: boolean;
  /** The sync client's pace (tests shorten it). */
  syncTiming?: Pick<SyncClientOptions, 'intervalMs' | 'requestTimeoutMs' | 'random'>;
  /**
   * Hold the database for this process alone: the till that sells (its devices and print queue
   * running, or its sync) does by default; the command line's reports and device tests beside it
   * don't.
   */
  exclusive?: boolean;
  /**
   * The one way out for what the screens follow: the till's events once committed, scans and
   * scans refused (in the till's language), badge sign-ins, the print queue, the devices and
   * the sync. Both faces (the kiosk and Electron) pass theirs; nothing else is wired per face.
   */
  send?: (message: TillEventMessage) => void;
}

export interface RunningTill extends TillScope {
  /** The real database (also in training: the reports and the command line read it). */
  db: Db;
  /**
   * The till's shared state (database, clock, who is signed in): for the main process alone. In
   * training, the training copy's: every operation runs there.
   */
  readonly ctx: TillContext;
  training: Training;
  /** Every operation as a method, through the same door as the screens (`call()`). */
  till: DirectTill;
  devices: DeviceHub | null;
  /** The sync client while the till is enrolled and syncs, else null. */
  readonly sync: SyncClient | null;
  /** What the status bar shows of the sync, also when the till is not enrolled. */
  syncStatus(): SyncStatus;
  /**
   * Trades a one-time code for the till's token, then starts syncing (when this till syncs). A
   * manager's act (signed in or approving), journaled.
   */
  enrol(
    serverUrl: string,
    code: string,
    approval?: Approval,
  ): Promise<{ tillId: number; name: string }>;
  /**
   * Forgets the server and its token: the sync stops; the outbox and the pull cursor stay, for
   * the same till enrolled again. A manager's act, journaled.
   */
  unenrol(approval?: Approval): Promise<void>;
  /** Sends a message to the screens through the sink the face passed. */
  send(message: TillEventMessage): void;
  stop(): Promise<void>;
}

export function startTill(options: TillOptions): RunningTill {
  const clock = options.clock ?? (() => new Date());
  const newId = createIdGenerator();
  const sells = options.devices === true || options.sync === true;
  const exclusive = options.exclusive ?? (sells && options.printQueue !== false);
  const syncs = options.sync ?? exclusive;
  const lock = exclusive ? acquireTillLock(options.dbPath) : null;
  let db: Db;
  try {
    db = openDatabase(options.dbPath);
  } catch (error) {
    lock?.release();
    throw error;
  }
  if (options.demo ?? true) seedDemoIfEmpty(db, clock().toISOString());

  const send = (message: TillEventMessage) => {
    try {
      options.send?.(message);
    } catch {
      // A screen that fails must not fail what the till did.
    }
  };
  let devices: DeviceHub | null = null;
  let sync: SyncClient | null = null;
  const onEvent = (event: TillEvent) => {
    devices?.handle(event);
    const { type, ...payload } = event;
    send({ event: type, payload } as TillEventMessage);
    // A paid document waits in the outbox: send it now rather than at the next tick.
    sync?.nudge();
  };
  const ctx = new TillContext({ db, clock, newId, onEvent });
  const training = new Training({
    dbPath: options.dbPath,
    owner: exclusive,
    real: ctx,
    clock,
    newId,
    onEvent,
    changed: (active) => {
      send({ event: 'training_changed', payload: { active } });
      // The screens reload who is signed in, the session and the ticket, now on the other book.
      send({ event: 'signed_in', payload: { userId: active_().user?.id ?? null } });
      printQueueMayHaveChanged();
    },
  });
  try {
    training.resume();
  } catch (error) {
    db.close();
    lock?.release();
    throw error;
  }
  /** Where operations, receipts and the print queue are now: the training copy while training. */
  const active_ = () => training.ctx() ?? ctx;
  let lastQueue = '';
  const printQueueMayHaveChanged = () => {
    const counts = printQueue(active_());
    const key = `${counts.waiting}/${counts.uncertain}`;
    if (key === lastQueue) return;
    lastQueue = key;
    send({ event: 'print_queue', payload: counts });
  };
  if (options.devices) {
    try {
      const { settings, problems } = parseDeviceSettings(readDeviceUris(db));
      devices = new DeviceHub({
        // Read at each use: in training, receipts are queued and printed from the training copy.
        get db() {
          return active_().db;
        },
        clock,
        newId,
        devices: settings,
        problems,
        printQueue: options.printQueue ?? true,
        // Read at each print: a manager may change the till's language while it runs.
        get locale() {
          return ctx.settings().locale;
        },
        get timeZone() {
          return ctx.settings().timeZone;
        },
        onPrintQueue: printQueueMayHaveChanged,
        receipt: (ticketNumber, duplicate) => receipt(active_(), ticketNumber, { duplicate }),
        zReport: (sessionId) => zReportDocument(active_(), sessionId),
        // A scan enters by the same door as a screen's call: a badge signs in, anything else sells.
        onScan: (code) => {
          send({ event: 'scan', payload: { code } });
          void invoke(running, isBadge(active_(), code) ? 'signInByBadge' : 'addByBarcode', {
            code,
          }).then((result) => {
            if (!result.ok) {
              send({ event: 'scan_refused', payload: { code, message: result.error.message } });
            }
          });
        },
      });
      devices.onStatus((status) => send({ event: 'device_status', payload: status }));
      devices.start();
    } catch (error) {
      training.close();
      db.close();
      lock?.release();
      throw error;
    }
  }

  const notEnrolled = (): SyncStatus => ({
    enrolled: false,
    online: false,
    pending: countPendingOutbox(db),
    rejected: countRejectedOutbox(db),
    lastSyncAt: getSetting(db, 'sync.last_sync_at', z.string()) ?? null,
    lastError: null,
    forked: false,
  });
  const startSync = () => {
    if (!syncs || sync !== null || !isEnrolled(db)) return;
    sync = new SyncClient({
      db,
      clock,
      ...options.syncTiming,
      onStatus: (status) => send({ event: 'sync_status', payload: status }),
      onCatalogChanged: ({ nomenclature }) => {
        ctx.reloadSettings();
        if (nomenclature) ctx.reloadNomenclature();
      },
    });
    sync.start();
  };
  const stopSync = async () => {
    const stopping = sync;
    sync = null;
    await stopping?.stop();
  };
  startSync();

  const running: RunningTill = {
    db,
    get ctx() {
      return active_();
    },
    training,
    get till() {
      return till;
    },
    devices,
    get sync() {
      return sync;
    },
    syncStatus: () => sync?.current() ?? notEnrolled(),
    async enrol(serverUrl, code, approval) {
      const manager = approveEnrolment(ctx, 'enrol', approval);
      const refuseIfEnrolled = () => {
        if (!isEnrolled(db)) return;
        throw new TillError(
          'sync.already_enrolled',
          'This till is already enrolled with a server: un-enrol it first',
          { url: getSetting(db, 'sync.server', z.string()) ?? '' },
        );
      };
      refuseIfEnrolled();
      const enrolled = await requestEnrolment(serverUrl, code);
      journalEnrolment(
        ctx,
        { act: 'enrol', server: enrolled.server, tillId: enrolled.tillId, by: manager.id },
        () => {
          // Another screen may have enrolled while the server answered.
          refuseIfEnrolled();
          saveEnrolment(db, enrolled);
        },
      );
      startSync();
      send({ event: 'sync_status', payload: sync?.current() ?? notEnrolled() });
      return { tillId: enrolled.tillId, name: enrolled.name };
    },
    async unenrol(approval) {
      const manager = approveEnrolment(ctx, 'unenrol', approval);
      const server = getSetting(db, 'sync.server', z.string());
      if (server === undefined) {
        throw new TillError('sync.not_enrolled', 'This till is not enrolled with a server', {});
      }
      await stopSync();
      journalEnrolment(
        ctx,
        {
          act: 'unenrol',
          server,
          tillId: getSetting(db, 'sync.till_id', z.number().int()) ?? null,
          by: manager.id,
        },
        () => forgetServer(db),
      );
      send({ event: 'sync_status', payload: notEnrolled() });
    },
    send,
    async stop() {
      await stopSync();
      await devices?.stop();
      signOut(ctx);
      training.close();
      db.close();
      lock?.release();
    },
  };
  const till = directTill(running);
  return running;
}
