/**
 * TillApi: the one contract between the screens and the main process. Each operation is declared
 * once (its input schema and what it runs); the kiosk host and, later, Electron's IPC carry it.
 * Results cross as an envelope, because a thrown error loses its code and values on the way.
 */
import { z } from 'zod';
import { TillError, isTillError } from '../domain/errors';
import { errorText } from '../domain/i18n';
import type { DeviceStatus } from '../drivers/types';
import type { RunningTill } from './index';
import { DEVICE_KINDS } from './devices/config';
import type { TillEvent } from './till/events';
import { schemas, validate } from './till/schemas';
import { productViews, sessionView } from './till/views';
import type { PrintQueueCounts } from '../db/print-queue';

export type { PrintQueueCounts };
export type { MemberStatusView, SignedInUser, TicketView, UserChoice } from './till/service';
export type { ProductView, SessionView } from './till/views';
export type { TillSettings } from './till/settings';
import type { SyncStatus } from './sync/client';

const none = z.object({}).strict();
const ticketNumber = z.object({ ticketNumber: z.number().int().positive() }).strict();
const timeout = z.object({ timeoutMs: z.number().int().min(100).max(60_000).optional() }).strict();

interface Operation<S extends z.ZodType, R> {
  schema: S;
  run(running: RunningTill, input: z.output<S>): R | Promise<R>;
}

function op<S extends z.ZodType, R>(
  schema: S,
  run: (running: RunningTill, input: z.output<S>) => R | Promise<R>,
): Operation<S, R> {
  return { schema, run };
}

function requireDevices(running: RunningTill): NonNullable<RunningTill['devices']> {
  if (!running.devices) {
    throw new TillError('device.not_configured', 'This till runs without its devices');
  }
  return running.devices;
}

/** A device test is for whoever is signed in, never for a page nobody signed in to. */
function signedInDevices(running: RunningTill): NonNullable<RunningTill['devices']> {
  if (!running.till.signedIn()) throw new TillError('auth.required', 'Sign in first');
  return requireDevices(running);
}

export const operations = {
  /** The active users, for the sign-in picker: works signed out. */
  users: op(none, ({ till }) => till.users()),
  signIn: op(schemas.signIn, ({ till }, input) => till.signIn(input)),
  signInByBadge: op(schemas.signInByBadge, ({ till }, input) => till.signInByBadge(input)),
  signOut: op(none, ({ till }) => till.signOut()),
  signedIn: op(none, ({ till }) => till.signedIn()),
  setMyLocale: op(schemas.setMyLocale, ({ till }, input) => till.setMyLocale(input)),
  currentSession: op(none, ({ till }) => sessionView(till.currentSession())),
  openSession: op(schemas.openSession, ({ till }, input) => till.openSession(input)),
  xReport: op(none, ({ till }) => till.xReport()),
  closeSession: op(schemas.closeSession, ({ till }, input) => till.closeSession(input)),
  cashMove: op(schemas.cashMove, ({ till }, input) => till.cashMove(input)),
  openDrawer: op(schemas.openDrawer, ({ till }, input) => till.openDrawer(input)),
  startTicket: op(none, ({ till }) => till.startTicket()),
  currentTicket: op(none, ({ till }) => till.currentTicket()),
  addByBarcode: op(schemas.addByBarcode, ({ till }, input) => till.addByBarcode(input)),
  addProduct: op(schemas.addProduct, ({ till }, input) => till.addProduct(input)),
  sellByWeight: op(
    z
      .object({
        productId: z.number().int().positive(),
        tareGrams: z.number().int().min(0).max(100_000).optional(),
        tareBarcode: z.string().min(1).max(64).optional(),
      })
      .strict(),
    (running, input) => running.sellByWeight(input),
  ),
  searchProducts: op(schemas.searchProducts, ({ till, db }, input) =>
    productViews(db, till.searchProducts(input)),
  ),
  setQuantity: op(schemas.setQuantity, ({ till }, input) => till.setQuantity(input)),
  setPrice: op(schemas.setPrice, ({ till }, input) => till.setPrice(input)),
  setLineDiscount: op(schemas.setLineDiscount, ({ till }, input) => till.setLineDiscount(input)),
  setTicketDiscount: op(schemas.setTicketDiscount, ({ till }, input) =>
    till.setTicketDiscount(input),
  ),
  removeLine: op(schemas.removeLine, ({ till }, input) => till.removeLine(input)),
  attachMember: op(schemas.attachMember, ({ till }, input) => till.attachMember(input)),
  detachMember: op(none, ({ till }) => till.detachMember()),
  cancelTicket: op(none, ({ till }) => till.cancelDraft()),
  pay: op(schemas.pay, ({ till }, input) => till.pay(input)),
  refund: op(schemas.refund, ({ till }, input) => till.refund(input)),
  /** A paid ticket by its number typed or its receipt's barcode scanned (the refund screen). */
  findTicket: op(schemas.findTicket, ({ till }, input) => till.findTicket(input)),
  /** The receipt again, marked DUPLICATA, printed when there is a printer. */
  reprintReceipt: op(ticketNumber, (running, input) => {
    const receipt = running.till.receipt(input.ticketNumber, { duplicate: true });
    running.devices?.reprint(input.ticketNumber);
    return receipt;
  }),
  settings: op(none, ({ till }) => till.settings()),
  updateSettings: op(schemas.updateSettings, ({ till }, input) => till.updateSettings(input)),
  memberStatuses: op(none, ({ till }) => till.memberStatuses()),
  setMemberStatus: op(schemas.setMemberStatus, ({ till }, input) => till.setMemberStatus(input)),
  printQueue: op(none, ({ till }) => till.printQueue()),
  /** What the status bar shows of the sync, also for a till not enrolled. */
  syncStatus: op(none, (running) => running.syncStatus()),
  /** Settings (manager): enrol with the server, from its address and one-time code. */
  enrol: op(schemas.enrol, (running, input) =>
    running.enrol(input.server, input.code, input.approval),
  ),
  unenrol: op(schemas.unenrol, (running, input) => running.unenrol(input.approval)),
  devices: op(none, ({ devices }) =>
    DEVICE_KINDS.map(
      (kind): DeviceStatus =>
        devices?.statusOf(kind) ?? { device: kind, state: 'disabled', detail: 'not configured' },
    ),
  ),
  testPrint: op(none, async (running) => {
    await signedInDevices(running).testPrint();
  }),
  readWeight: op(
    z.object({ tareGrams: z.number().int().min(0).max(100_000).optional() }).strict(),
    (running, input) => signedInDevices(running).readWeight(10_000, input.tareGrams ?? 0),
  ),
  showText: op(
    z.object({ line1: z.string().max(40), line2: z.string().max(40) }).strict(),
    (running, input) => signedInDevices(running).showText(input.line1, input.line2),
  ),
  waitForScan: op(timeout, (running, input) =>
    signedInDevices(running).waitForScan(input.timeoutMs),
  ),
};

type Operations = typeof operations;
export type OperationName = keyof Operations;

/** Operation name -> what the screen sends -> what it gets back (a view, never a row). */
export type TillHandlers = {
  [K in OperationName]: {
    input: z.input<Operations[K]['schema']>;
    result: Awaited<ReturnType<Operations[K]['run']>>;
  };
};

/** What the screens follow without asking. */
export type TillEvents = {
  [E in TillEvent as E['type']]: Omit<E, 'type'>;
} & {
  session_opened: { sessionId: string };
  signed_in: { userId: number | null };
  scan: { code: string };
  /** The message in the till's language. */
  scan_refused: { code: string; message: string };
  print_queue: PrintQueueCounts;
  device_status: DeviceStatus;
  sync_status: SyncStatus;
};

export type TillEventName = keyof TillEvents;
/** One event as it travels: a union on `event`, so that a listener's check narrows the payload. */
export type TillEventMessage<E extends TillEventName = TillEventName> = {
  [K in E]: { event: K; payload: TillEvents[K] };
}[E];

export interface ErrorView {
  code: string;
  message: string;
  values: Readonly<Record<string, string | number>>;
}

export type TillResult<T> = { ok: true; value: T } | { ok: false; error: ErrorView };

/** Whatever was thrown, as the screen may show it: a refusal in words, a bug as one sentence. */
export function errorView(error: unknown, running: RunningTill): ErrorView {
  if (!isTillError(error)) {
    return {
      code: 'internal',
      message: 'Something went wrong in the till; nothing was changed. Try again.',
      values: {},
    };
  }
  const text = errorText(error, running.till.settings().locale);
  // The catalogue says the input is wrong; the problems say where, for whoever wrote the call.
  const problems = error.code === 'input.invalid' ? error.details.problems : undefined;
  return {
    code: error.code,
    message: problems === undefined ? text : `${text} ${String(problems)}`,
    values: error.details,
  };
}

export function isOperation(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}

/**
 * The one door into the till: validates an operation's input against its schema and runs it.
 * The screens (kiosk and Electron), the command line and the devices all come in here; what
 * follows leaves through the till's one sink.
 */
export async function invoke<K extends OperationName>(
  running: RunningTill,
  name: K,
  input: unknown,
): Promise<TillResult<TillHandlers[K]['result']>> {
  try {
    const operation: Operation<z.ZodType, unknown> = operations[name];
    const value = await operation.run(running, validate(operation.schema, input));
    // Signing in and opening a session are no till events (nothing is journaled as sold), yet
    // every screen follows them.
    if (name === 'signIn' || name === 'signInByBadge' || name === 'signOut') {
      running.send({
        event: 'signed_in',
        payload: { userId: running.till.signedIn()?.id ?? null },
      });
    } else if (name === 'openSession') {
      const session = running.till.currentSession();
      if (session) running.send({ event: 'session_opened', payload: { sessionId: session.id } });
    }
    return { ok: true, value: (value ?? null) as TillHandlers[K]['result'] };
  } catch (error) {
    return { ok: false, error: errorView(error, running) };
  }
}

/**
 * What a screen holds of the till: `window.till` in Electron (the preload), the kiosk transport
 * (HTTP + WebSocket) in a browser. Both carry exactly the operations and events above.
 */
export interface TillBridge {
  call<K extends OperationName>(
    name: K,
    input: TillHandlers[K]['input'],
  ): Promise<TillResult<TillHandlers[K]['result']>>;
  /** Follows every event; returns the way to stop following. */
  subscribe(listener: (message: TillEventMessage) => void): () => void;
}
