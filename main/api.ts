/**
 * TillApi: the one contract between the screens and the main process. Each operation is declared
 * once (its input schema and what it runs); the kiosk host and, later, Electron's IPC carry it.
 * Results cross as an envelope, because a thrown error loses its code and values on the way.
 */
import type { z } from 'zod';
import { TillError, isTillError } from '../domain/errors';
import { errorText } from '../domain/i18n';
import type { DeviceStatus } from '../drivers/types';
import type { TillEvent } from './till/events';
import type { Operation, TillScope } from './till/operation';
import { validate } from './till/schemas';
import { sessionOperations } from './till/sessions';
import { sellingOperations } from './till/selling';
import { payingOperations } from './till/paying';
import { receiptOperations } from './till/receipts';
import { adminOperations } from './till/admin';
import { deviceOperations } from './till/devices';
import { trainingOperations } from './till/training';
import type { PrintQueueCounts } from '../db/print-queue';
import type { SyncStatus } from './sync/client';
import type { Locale } from '../domain/money';

export type { PrintQueueCounts };
export type { MemberStatusView } from './till/admin';
export type { SignedInUser } from './till/context';
export type { TicketView } from './till/ticket-view';
export type { UserChoiceRow as UserChoice } from '../db/users';
export type { ProductView, SessionView } from './till/views';
export type { TillSettings } from './till/settings';

/** Every operation of the till, joined from the parts that declare them. */
export const operations = {
  ...sessionOperations,
  ...sellingOperations,
  ...payingOperations,
  ...receiptOperations,
  ...adminOperations,
  ...deviceOperations,
  ...trainingOperations,
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
  /** The till went into training mode, or came out of it. */
  training_changed: { active: boolean };
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
export function errorView(error: unknown, locale: Locale): ErrorView {
  if (!isTillError(error)) {
    return {
      code: 'internal',
      message: 'Something went wrong in the till; nothing was changed. Try again.',
      values: {},
    };
  }
  const text = errorText(error, locale);
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
  scope: TillScope & { send(message: TillEventMessage): void },
  name: K,
  input: unknown,
): Promise<TillResult<TillHandlers[K]['result']>> {
  try {
    const value = await call(scope, name, input);
    // Signing in and opening a session are no till events (nothing is journaled as sold), yet
    // every screen follows them.
    if (name === 'signIn' || name === 'signInByBadge' || name === 'signOut') {
      scope.send({ event: 'signed_in', payload: { userId: scope.ctx.user?.id ?? null } });
    } else if (name === 'openSession') {
      const session = value as TillHandlers['openSession']['result'];
      scope.send({ event: 'session_opened', payload: { sessionId: session.id } });
    }
    return { ok: true, value: (value ?? null) as TillHandlers[K]['result'] };
  } catch (error) {
    return { ok: false, error: errorView(error, scope.ctx.settings().locale) };
  }
}

/**
 * Validates an operation's input against its schema, checks who may call it, and runs it: the
 * one place where both happen. What the operation returns, as it returns it (a refusal thrown).
 */
export function call<K extends OperationName>(
  scope: TillScope,
  name: K,
  input: unknown,
): ReturnType<Operations[K]['run']> {
  const operation: Operation<z.ZodType, unknown> = operations[name];
  const parsed: unknown = validate(operation.schema, input ?? {});
  if (operation.role === 'signedIn' && !scope.ctx.user) {
    throw new TillError('auth.required', 'Sign in first');
  }
  return operation.run(scope, parsed) as ReturnType<Operations[K]['run']>;
}

/** The till's operations as methods, for the main process and the tests: `till.pay({...})`. */
export type DirectTill = {
  [K in OperationName]: (
    ...input: Record<never, never> extends TillHandlers[K]['input']
      ? [input?: TillHandlers[K]['input']]
      : [input: TillHandlers[K]['input']]
  ) => ReturnType<Operations[K]['run']>;
};

/** Every operation through `call()`, so that an in-process caller goes through the same door. */
export function directTill(scope: TillScope): DirectTill {
  const names = Object.keys(operations) as OperationName[];
  return Object.fromEntries(
    names.map((name) => [name, (input?: unknown) => call(scope, name, input)]),
  ) as DirectTill;
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
