import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/open';
import { getSetting, setSetting } from '../../db/settings';
import {
  countPendingOutbox,
  countRejectedOutbox,
  markOutboxFailed,
  markOutboxPushed,
  markOutboxRejected,
  pendingOutbox,
  tillInstance,
} from '../../db/outbox';
import { applyPulledPage, pullCursor } from '../../db/pull';
import { errorMessage } from '../../domain/errors';
import {
  forkAnswerSchema,
  issuesInWords,
  macMessage,
  pullPageSchema,
  pushAnswerSchema,
  type PushAnswer,
  type PushBody,
  type PushedEvent,
} from '../../domain/sync-wire';

/** What the status bar shows: online or not, what waits to be sent, when it last synced. */
export interface SyncStatus {
  enrolled: boolean;
  online: boolean;
  pending: number;
  rejected: number;
  lastSyncAt: string | null;
  /** The last failure, in words (never the token). */
  lastError: string | null;
  /**
   * The server holds other events under this database's numbers (a copy restored from a
   * backup): nothing more is acked until an admin reviews the fork; lastError says so in words.
   */
  forked: boolean;
}

export interface SyncClientOptions {
  db: Db;
  clock?: () => Date;
  onStatus?: (status: SyncStatus) => void;
  /** After a pull changed the catalogue: the till reloads its settings and barcode rules. */
  onCatalogChanged?: (change: { nomenclature: boolean }) => void;
  /** Wait between rounds when all is sent (ms). */
  intervalMs?: number;
  batchSize?: number;
  pullLimit?: number;
  /** 0..1; injected so that tests can fix the jitter. */
  random?: () => number;
  requestTimeoutMs?: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The answer's body, parsed, when it was JSON. */
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

const MAX_BACKOFF_MS = 60_000;

/**
 * Answers that refuse what was sent, whatever the time: never worth sending the same again.
 * Not 401/403 (the till's token: a manager re-enrols), 409 (a fork, for the admin) nor 429.
 */
const REFUSED = new Set([400, 422]);

/**
 * The till's background sync: pushes the outbox in batches and pulls the catalogue, retrying
 * with exponential backoff and jitter. It never holds a transaction across a network call, so
 * selling never waits for it.
 */
function sameBesidesLastSync(a: SyncStatus, b: SyncStatus): boolean {
  return (
    a.enrolled === b.enrolled &&
    a.online === b.online &&
    a.pending === b.pending &&
    a.rejected === b.rejected &&
    a.lastError === b.lastError &&
    a.forked === b.forked
  );
}

export class SyncClient {
  private readonly db: Db;
  private readonly clock: () => Date;
  private readonly options: SyncClientOptions;
  private batchSize: number;
  private failures = 0;
  private running: Promise<void> | null = null;
  private stopped = true;
  private wake: (() => void) | null = null;
  private nudged = false;
  private abort = new AbortController();
  private status: SyncStatus;

  constructor(options: SyncClientOptions) {
    this.db = options.db;
    this.clock = options.clock ?? (() => new Date());
    this.options = options;
    this.batchSize = options.batchSize ?? 500;
    this.status = {
      enrolled: false,
      online: false,
      pending: 0,
      rejected: 0,
      lastSyncAt: getSetting(this.db, 'sync.last_sync_at', z.string()) ?? null,
      lastError: null,
      forked: false,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.abort = new AbortController();
    this.running = this.loop();
  }

  /** Stops the loop; a request in flight is abandoned (the server applies a batch or not at all). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.wake?.();
    await this.running;
    this.running = null;
  }

  /** Something was sold: sync now rather than at the next tick. */
  nudge(): void {
    this.nudged = true;
    this.publish({});
    // While the server is unreachable the backoff holds: selling fast must not hammer it.
    if (this.failures === 0) this.wake?.();
  }

  current(): SyncStatus {
    return { ...this.status };
  }

  /** One round: push everything pending, then pull every page. Throws on failure. */
  async syncOnce(): Promise<void> {
    const server = getSetting(this.db, 'sync.server', z.string());
    const token = getSetting(this.db, 'sync.token', z.string());
    if (!server || !token) {
      this.publish({ enrolled: false, online: false });
      return;
    }
    try {
      await this.pushAll(server, token);
      await this.pullAll(server, token);
      this.failures = 0;
      const at = this.clock().toISOString();
      setSetting(this.db, 'sync.last_sync_at', at);
      this.publish({
        enrolled: true,
        online: true,
        lastSyncAt: at,
        lastError: null,
        forked: false,
      });
    } catch (error) {
      this.failures += 1;
      const fork =
        error instanceof HttpError && error.status === 409
          ? forkAnswerSchema.safeParse(error.body).success
          : false;
      this.publish({
        enrolled: true,
        online: error instanceof HttpError,
        lastError: errorMessage(error),
        forked: fork,
      });
      throw error;
    }
  }

  private async pushAll(server: string, token: string): Promise<void> {
    const instance = tillInstance(this.db);
    const key = getSetting(this.db, 'sync.mac_key', z.string());
    // Each event as sent, with its MAC when the till has a key (set at enrolment).
    const signed = (event: Omit<PushedEvent, 'mac'>): PushedEvent =>
      key
        ? {
            ...event,
            mac: createHmac('sha256', key).update(macMessage(instance, event)).digest('hex'),
          }
        : event;
    for (;;) {
      const events = pendingOutbox(this.db, this.batchSize);
      if (events.length === 0) return;
      const first = events[0]?.seq ?? 0;
      const last = events.at(-1)?.seq ?? 0;
      const push: PushBody = {
        instance,
        events: events.map((event) =>
          signed({
            id: event.id,
            seq: event.seq,
            type: event.type,
            createdAt: event.createdAt,
            payload: JSON.parse(event.payload) as Record<string, unknown>,
          }),
        ),
      };
      let answer: PushAnswer;
      try {
        const raw = await this.request(
          server,
          token,
          'POST',
          '/v1/sync/push',
          JSON.stringify(push),
        );
        const parsed = pushAnswerSchema.safeParse(raw);
        // An answer we cannot read acks nothing: the events stay pending.
        if (!parsed.success)
          throw new Error('The server answered a push with something unreadable');
        answer = parsed.data;
      } catch (error) {
        if (error instanceof HttpError && error.status === 413 && this.batchSize > 1) {
          this.batchSize = Math.max(1, Math.floor(this.batchSize / 2));
          continue;
        }
        if (error instanceof HttpError && REFUSED.has(error.status)) {
          // The server refuses the batch as it stands: smaller batches find the event it
          // refuses, which alone is then marked rejected, and the queue goes on.
          if (events.length > 1) {
            this.batchSize = Math.max(1, Math.floor(events.length / 2));
            continue;
          }
          const [only] = events;
          if (only) markOutboxRejected(this.db, only.id, errorMessage(error));
          this.batchSize = this.options.batchSize ?? 500;
          this.publish({});
          continue;
        }
        markOutboxFailed(this.db, first, last, errorMessage(error));
        throw error;
      }
      markOutboxPushed(this.db, answer.ackedSeq, answer.rejected, this.clock().toISOString());
      this.publish({ online: true });
      // The server stopped short (a gap it cannot fill yet): try again in the next round.
      if (answer.ackedSeq < last) return;
    }
  }

  private async pullAll(server: string, token: string): Promise<void> {
    const limit = this.options.pullLimit ?? 2000;
    for (;;) {
      const cursor = pullCursor(this.db);
      const query = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const parsed = pullPageSchema.safeParse(
        await this.request(server, token, 'GET', `/v1/sync/pull${query}`),
      );
      // A page the till cannot read is applied not at all: the next round asks for it again.
      if (!parsed.success)
        throw new Error(
          `The server sent a catalogue page the till cannot read: ${issuesInWords(parsed.error)}`,
        );
      const page = parsed.data;
      if (page.cursor === cursor) return;
      const { nomenclatureChanged } = applyPulledPage(
        this.db,
        page.changes,
        page.cursor,
        this.clock().toISOString(),
      );
      this.options.onCatalogChanged?.({ nomenclature: nomenclatureChanged });
      if (!page.more) return;
    }
  }

  private async request(
    server: string,
    token: string,
    method: 'GET' | 'POST',
    path: string,
    body?: string,
  ): Promise<unknown> {
    // One controller a request, tied to the client's by a listener removed when the request
    // ends. AbortSignal.any() here kept every request's signal (and what fetch hangs on it)
    // alive for as long as the client ran: Node 20 never drops the dependants of a signal that
    // is never aborted (nodejs/node#55351), about 4,000 a day of 1,000 sales.
    const controller = new AbortController();
    const stop = () => controller.abort(this.abort.signal.reason);
    this.abort.signal.addEventListener('abort', stop, { once: true });
    const timeoutMs = this.options.requestTimeoutMs ?? 30_000;
    const timer = setTimeout(
      () => controller.abort(new Error(`The server did not answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    try {
      return await this.exchange(server, token, method, path, controller.signal, body);
    } finally {
      clearTimeout(timer);
      this.abort.signal.removeEventListener('abort', stop);
    }
  }

  private async exchange(
    server: string,
    token: string,
    method: 'GET' | 'POST',
    path: string,
    signal: AbortSignal,
    body?: string,
  ): Promise<unknown> {
    const response = await fetch(new URL(path, server), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body } : {}),
      signal,
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 500);
      let body: unknown = null;
      try {
        body = JSON.parse(text) as unknown;
        const error = z.object({ error: z.string() }).safeParse(body);
        if (error.success) message = error.data.error;
      } catch {
        // Not JSON: keep the text.
      }
      throw new HttpError(
        response.status,
        `The server answered ${response.status}: ${message}`,
        body,
      );
    }
    return JSON.parse(text) as unknown;
  }

  private publish(change: Partial<SyncStatus>): void {
    const before = this.status;
    this.status = {
      ...this.status,
      ...change,
      pending: countPendingOutbox(this.db),
      rejected: countRejectedOutbox(this.db),
    };
    // Each round stamps lastSyncAt, which the status bar only shows once offline (and the change
    // to offline carries it): a round that changes nothing else tells the screens nothing, rather
    // than an event a second to every face for as long as the till runs.
    if (sameBesidesLastSync(before, this.status)) return;
    try {
      this.options.onStatus?.(this.current());
    } catch {
      // A status bar that fails must not stop the sync.
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.nudged = false;
      let delay = this.options.intervalMs ?? 1000;
      try {
        await this.syncOnce();
      } catch {
        delay = this.backoff();
      }
      if (this.stopped) break;
      if (this.nudged && this.failures === 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Exponential backoff, 500 ms doubling to a minute, with full jitter on its upper half. */
  private backoff(): number {
    const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(this.failures - 1, 16));
    return Math.round(base / 2 + (base / 2) * (this.options.random ?? Math.random)());
  }
}
