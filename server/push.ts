import { randomUUID } from 'node:crypto';
import { divRound } from '../domain/money';
import {
  GENESIS_HASH,
  parseTicket,
  advanceChain,
  recordTicket,
  verifyEvent,
  type ChainState,
  type SaleBook,
  type TicketDocument,
} from './verify';
import type { Queryable, Store } from './store';
import type { PushAnswer, PushedEvent } from '../domain/sync-wire';
import { z } from 'zod';
import { countTotal } from '../domain/session';
import { reportFiguresSchema, zReportProblem } from '../domain/session-check';
import { sessionOpenDocumentSchema } from '../domain/journal-documents';
import { errorMessage } from '../domain/errors';
import { reviseCounts } from './stock/inventory-lines';
import { lineSale } from '../domain/office-figures';
import { hourRows, type HourRows } from '../domain/dashboard';

export type { PushedEvent };

/** An event whose place (seq, id) can be read but not the rest: quarantined at its place. */
export interface MalformedEvent {
  id: string;
  seq: number;
  raw: Record<string, unknown>;
  problem: string;
}

export type PushResult =
  | ({ ok: true } & PushAnswer)
  /** The instance re-used sequence numbers for other events: nothing acked, held for review. */
  | { ok: false; fork: { instance: string; fromSeq: number } };

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The coop's calendar day of a UTC time (Brussels). */
export function localDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '0000-00-00' : dayFormat.format(date);
}

interface Effects {
  events: object[];
  quarantine: object[];
  tickets: object[];
  moves: object[];
  /** Each product's sale per day, for the back office's figures (product_sales_days). */
  sales: object[];
  /** The tickets per UTC hour, for the dashboard (ticket_hours and its rows). */
  hours: HourRows[];
  opened: object[];
  closed: object[];
}

/**
 * Applies a batch of one till instance in one transaction: what the server holds already is
 * skipped, a gap stops the batch, each event is checked against the instance's journal chain and
 * its figures recomputed; what does not verify is quarantined, what does enters the books
 * (tickets, sessions, stock ledger). An event at a sequence the server holds under another id
 * makes the instance a fork: nothing is acked, the fork's events wait in the quarantine.
 */
export async function applyPush(
  store: Store,
  tillId: number,
  instance: string,
  batch: (PushedEvent | MalformedEvent)[],
  now: Date,
  /** Events whose MAC did not hold, as sent: kept for the admin, in no place of the sequence. */
  unauthenticated: { id: string; seq: number; type?: unknown }[] = [],
): Promise<PushResult> {
  const receivedAt = now.toISOString();
  return store.transaction(async (tx) => {
    if (unauthenticated.length > 0) {
      await tx.query(
        `INSERT INTO quarantine (till_id, instance, kind, seq, event_id, type, payload, reason, received_at)
         SELECT $1, $2, 'unauthenticated', q.seq, q.id, left(coalesce(q.type, 'unknown'), 40), q.raw,
                'unauthenticated: its MAC does not hold (edited on the way, or not sent by this till)', $3
           FROM jsonb_to_recordset($4::jsonb) AS q(seq int, id text, type text, raw jsonb)`,
        [
          tillId,
          instance,
          receivedAt,
          JSON.stringify(
            unauthenticated.map((raw) => ({
              seq: raw.seq,
              id: raw.id,
              type: typeof raw.type === 'string' ? raw.type : null,
              raw,
            })),
          ),
        ],
      );
    }
    // The till's row is the lock that orders this till's pushes, whatever their instance.
    const [locked] = await tx.query('SELECT id FROM tills WHERE id = $1 FOR UPDATE', [tillId]);
    if (!locked) throw new Error(`No till ${tillId}`);
    await tx.query(
      `INSERT INTO till_instances (till_id, instance, first_push_at) VALUES ($1, $2, $3)
       ON CONFLICT (till_id, instance) DO NOTHING`,
      [tillId, instance, receivedAt],
    );
    const [till] = await tx.query<{
      lastSeq: number;
      journalSeq: number;
      hash: string;
      forkSeq: number | null;
    }>(
      `SELECT last_seq AS "lastSeq", last_journal_seq AS "journalSeq", last_hash AS hash,
              fork_seq AS "forkSeq"
         FROM till_instances WHERE till_id = $1 AND instance = $2`,
      [tillId, instance],
    );
    if (!till) throw new Error(`No instance ${instance} of till ${tillId}`);
    const sorted = [...batch].sort((a, b) => a.seq - b.seq);
    const forkSeq =
      till.forkSeq ?? (await divergence(tx, tillId, instance, till.lastSeq, sorted, receivedAt));
    if (forkSeq !== null) {
      await holdFork(tx, tillId, instance, forkSeq, sorted, receivedAt);
      return { ok: false, fork: { instance, fromSeq: forkSeq } };
    }
    let lastSeq = till.lastSeq;
    const chain: ChainState = { journalSeq: till.journalSeq, hash: till.hash || GENESIS_HASH };
    const fresh = sorted.filter((event) => event.seq > lastSeq);
    const readable = fresh.filter((event): event is PushedEvent => !('problem' in event));
    const taken = await idsTaken(
      tx,
      readable.map((event) => event.id),
    );
    const sales = await salesRefunded(tx, tillId, readable);
    const booked = await ticketsBooked(tx, tillId, readable);
    const effects: Effects = {
      events: [],
      quarantine: [],
      tickets: [],
      moves: [],
      sales: [],
      hours: [],
      opened: [],
      closed: [],
    };
    const ticketEvents: { eventId: string; doc: TicketDocument }[] = [];
    for (const event of fresh) {
      if (event.seq !== lastSeq + 1) break;
      lastSeq = event.seq;
      if ('problem' in event) {
        // The chain goes on from its claimed place, if it names one, as for any refused entry.
        advanceChain(chain, event.raw.payload);
        effects.quarantine.push(quarantined(event, `malformed: ${event.problem}`));
        continue;
      }
      if (taken.has(event.id)) {
        effects.quarantine.push(quarantined(event, 'duplicate: this event id was already used'));
        continue;
      }
      taken.add(event.id);
      const verdict = verifyEvent(event.type, event.payload, chain, sales);
      if (!verdict.ok) {
        effects.quarantine.push(quarantined(event, verdict.reason));
        continue;
      }
      if (verdict.ticket && booked.has(verdict.ticket.ticketId)) {
        // Its stock moved when it was booked: a second document under its id moves nothing.
        effects.quarantine.push(
          quarantined(event, `duplicate: ticket ${verdict.ticket.ticketId} is already booked`),
        );
        continue;
      }
      if (verdict.ticket) booked.add(verdict.ticket.ticketId);
      const document = verdict.payload.document;
      const sessionProblem = await sessionDocumentProblem(
        tx,
        tillId,
        event.type,
        document,
        effects,
      );
      if (sessionProblem) {
        effects.quarantine.push(quarantined(event, sessionProblem));
        continue;
      }
      effects.events.push({
        id: event.id,
        seq: event.seq,
        type: event.type,
        journal_seq: verdict.payload.journalSeq,
        hash: verdict.payload.hash,
        document,
        created_at: event.createdAt,
      });
      if (verdict.ticket) {
        ticketEvents.push({ eventId: event.id, doc: verdict.ticket });
        recordTicket(verdict.ticket, sales);
      }
      sessionEffects(event.type, document, effects);
    }
    await ticketEffects(tx, tillId, ticketEvents, effects);
    await writeEffects(tx, tillId, instance, receivedAt, effects);
    await tx.query(
      `UPDATE till_instances SET last_seq = $3, last_journal_seq = $4, last_hash = $5
        WHERE till_id = $1 AND instance = $2`,
      [tillId, instance, lastSeq, chain.journalSeq, chain.hash],
    );
    await tx.query('UPDATE tills SET last_seq = $2, last_push_at = $3 WHERE id = $1', [
      tillId,
      lastSeq,
      receivedAt,
    ]);
    // Named by id: the till marks exactly these, whatever else it holds at those sequences.
    const rejected = await tx.query<{ id: string; seq: number; reason: string }>(
      `SELECT event_id AS id, seq, reason FROM quarantine
        WHERE till_id = $1 AND instance = $2 AND kind = 'refused' AND event_id = ANY($3::text[])
        ORDER BY seq`,
      [tillId, instance, sorted.map((event) => event.id)],
    );
    return { ok: true, ackedSeq: lastSeq, rejected };
  });
}

/**
 * The first sequence of the batch, among those the server already holds for this instance, at
 * which the batch names another event than the one held (booked or quarantined); null if none.
 */
async function divergence(
  tx: Queryable,
  tillId: number,
  instance: string,
  lastSeq: number,
  sorted: { id: string; seq: number }[],
  at: string,
): Promise<number | null> {
  const old = sorted.filter((event) => event.seq <= lastSeq);
  if (old.length === 0) return null;
  const held = await tx.query<{ seq: number; id: string }>(
    `SELECT seq, id::text AS id FROM events
      WHERE till_id = $1 AND instance = $2 AND seq = ANY($3::int[])
     UNION ALL
     SELECT seq, lower(event_id) AS id FROM quarantine
      WHERE till_id = $1 AND instance = $2 AND kind = 'refused' AND seq = ANY($3::int[])`,
    [tillId, instance, old.map((event) => event.seq)],
  );
  const heldIds = new Map(held.map((row) => [row.seq, row.id]));
  const other = old.find((event) => heldIds.get(event.seq) !== event.id);
  if (!other) return null;
  await tx.query(
    `UPDATE till_instances SET fork_seq = $3, fork_at = $4
      WHERE till_id = $1 AND instance = $2 AND fork_seq IS NULL`,
    [tillId, instance, other.seq, at],
  );
  return other.seq;
}

/**
 * The admin accepts a fork after review: what the server held from the fork's first sequence on
 * stays booked, moved to an instance of its own (the history the restored copy no longer has);
 * the till's instance goes back to where the two parted, so that the fork's events, which the
 * till still holds as pending, are verified and booked at its next push. False if the instance
 * has no fork waiting.
 */
export async function acceptFork(
  store: Store,
  tillId: number,
  instance: string,
  now: Date,
): Promise<{ fromSeq: number; movedTo: string } | null> {
  return store.transaction(async (tx) => {
    await tx.query('SELECT id FROM tills WHERE id = $1 FOR UPDATE', [tillId]);
    const [row] = await tx.query<{ forkSeq: number | null }>(
      `SELECT fork_seq AS "forkSeq" FROM till_instances
        WHERE till_id = $1 AND instance = $2 FOR UPDATE`,
      [tillId, instance],
    );
    const fromSeq = row?.forkSeq;
    if (fromSeq === null || fromSeq === undefined) return null;
    const movedTo = randomUUID();
    await tx.query(
      `INSERT INTO till_instances (till_id, instance, last_seq, last_journal_seq, last_hash, first_push_at)
       SELECT till_id, $3, last_seq, last_journal_seq, last_hash, first_push_at
         FROM till_instances WHERE till_id = $1 AND instance = $2`,
      [tillId, instance, movedTo],
    );
    for (const table of ['events', 'quarantine']) {
      await tx.query(
        `UPDATE ${table} SET instance = $3 WHERE till_id = $1 AND instance = $2 AND seq >= $4
           ${table === 'quarantine' ? "AND kind = 'refused'" : ''}`,
        [tillId, instance, movedTo, fromSeq],
      );
    }
    // The chain as it stood after the last event both histories share (booked or quarantined
    // at its claimed place, as verifyEvent advances it).
    const [before] = await tx.query<{ journalSeq: number; hash: string }>(
      `SELECT journal_seq AS "journalSeq", hash FROM (
         SELECT seq, journal_seq, hash FROM events
          WHERE till_id = $1 AND instance = $2 AND seq < $3
         UNION ALL
         SELECT seq, (payload->>'journalSeq')::int, payload->>'hash' FROM quarantine
          WHERE till_id = $1 AND instance = $2 AND seq < $3 AND kind = 'refused'
            AND jsonb_typeof(payload->'journalSeq') = 'number'
            AND payload->>'hash' ~ '^[0-9a-f]{64}$'
       ) held ORDER BY seq DESC LIMIT 1`,
      [tillId, instance, fromSeq],
    );
    await tx.query(
      `UPDATE till_instances SET last_seq = $3, last_journal_seq = $4, last_hash = $5,
              fork_seq = NULL, fork_at = NULL
        WHERE till_id = $1 AND instance = $2`,
      [tillId, instance, fromSeq - 1, before?.journalSeq ?? 0, before?.hash ?? GENESIS_HASH],
    );
    await tx.query(
      `UPDATE quarantine SET accepted_at = $3
        WHERE till_id = $1 AND instance = $2 AND kind = 'fork' AND accepted_at IS NULL`,
      [tillId, instance, now.toISOString()],
    );
    return { fromSeq, movedTo };
  });
}

/** Keeps a fork's events (from where it parted) for the admin's review, each once. */
async function holdFork(
  tx: Queryable,
  tillId: number,
  instance: string,
  fromSeq: number,
  sorted: (PushedEvent | MalformedEvent)[],
  receivedAt: string,
): Promise<void> {
  const rows = sorted
    .filter((event) => event.seq >= fromSeq)
    .map((event) =>
      quarantined(
        event,
        `fork: this till database re-used sequence ${event.seq} for another event than the one held (restored from a copy?); kept for review`,
      ),
    );
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO quarantine (till_id, instance, kind, seq, event_id, type, payload, reason, received_at)
     SELECT $1, $2, 'fork', q.seq, q.event_id, q.type, coalesce(q.payload, 'null'::jsonb), q.reason, $3
       FROM jsonb_to_recordset($4::jsonb) AS q(seq int, event_id text, type text, payload jsonb, reason text)
     ON CONFLICT (till_id, instance, event_id) WHERE kind = 'fork' DO NOTHING`,
    [tillId, instance, receivedAt, JSON.stringify(rows)],
  );
}

/** The sales this batch's refunds point at, with their refunds so far, from the books. */
async function salesRefunded(
  tx: Queryable,
  tillId: number,
  events: PushedEvent[],
): Promise<SaleBook> {
  const sales: SaleBook = new Map();
  const refundOf = events.flatMap((event) => {
    const document = (event.payload as { document?: { refundOf?: unknown } } | null)?.document;
    return event.type === 'refund' && typeof document?.refundOf === 'string'
      ? [document.refundOf]
      : [];
  });
  if (refundOf.length === 0) return sales;
  const rows = await tx.query<{ document: unknown }>(
    `SELECT e.document FROM tickets t JOIN events e ON e.id = t.event_id
      WHERE t.till_id = $1
        AND (t.id = ANY($2::text[]) OR (t.kind = 'refund' AND e.document->>'refundOf' = ANY($2::text[])))
      ORDER BY e.seq`,
    [tillId, refundOf],
  );
  for (const row of rows) {
    const doc = parseTicket(row.document);
    if (doc) recordTicket(doc, sales);
  }
  return sales;
}

const zReportDocument = z.object({ sessionId: z.string().min(1), report: reportFiguresSchema });
const SESSION_TYPES = ['sale', 'refund', 'cash_move', 'cancellation', 'session_open'];

/**
 * A session_open whose float is not its count, or that opens a session twice; a z_report whose
 * figures are not those of the session's booked tickets and cash moves, or that closes a session
 * twice: in words, or null. The batch's own events so far count as booked.
 */
async function sessionDocumentProblem(
  tx: Queryable,
  tillId: number,
  type: string,
  document: Record<string, unknown>,
  effects: Effects,
): Promise<string | null> {
  if (type !== 'session_open' && type !== 'z_report') return null;
  const sessionId = typeof document.sessionId === 'string' ? document.sessionId : '';
  const [held] = await tx.query<{ closed: boolean }>(
    'SELECT closed_at IS NOT NULL AS closed FROM sessions WHERE till_id = $1 AND id = $2',
    [tillId, sessionId],
  );
  const batch = effects.events as { type: string; document: Record<string, unknown> }[];
  if (type === 'session_open') {
    const open = sessionOpenDocumentSchema.safeParse(document);
    if (!open.success) return 'session_open: the document is incomplete';
    if (held || (effects.opened as { id: string }[]).some((row) => row.id === sessionId))
      return `session_open: session ${sessionId} is already open`;
    let counted: number;
    try {
      counted = countTotal(open.data.counts);
    } catch (error) {
      return `session_open: ${errorMessage(error)}`;
    }
    return counted === open.data.openingFloat
      ? null
      : `session_open: an opening float of ${open.data.openingFloat} is not the ${counted} counted`;
  }
  const zReport = zReportDocument.safeParse(document);
  if (!zReport.success) return 'z_report: the document is incomplete';
  if (held?.closed || (effects.closed as { id: string }[]).some((row) => row.id === sessionId))
    return `z_report: session ${sessionId} is already closed`;
  const rows = await tx.query<{ type: string; document: Record<string, unknown> }>(
    `SELECT type, document FROM events
      WHERE till_id = $1 AND document->>'sessionId' = $2 AND type = ANY($3::text[])`,
    [tillId, sessionId, SESSION_TYPES],
  );
  const documents = [
    ...rows,
    ...batch.filter(
      (row) => SESSION_TYPES.includes(row.type) && row.document.sessionId === sessionId,
    ),
  ];
  const tickets = documents.flatMap((row) => {
    const ticket = row.type === 'sale' || row.type === 'refund' ? parseTicket(row.document) : null;
    return ticket ? [ticket] : [];
  });
  const cashMoves = documents.flatMap((row) =>
    row.type === 'cash_move' && typeof row.document.amount === 'number'
      ? [row.document.amount]
      : [],
  );
  const opening = documents.find((row) => row.type === 'session_open')?.document.openingFloat;
  const problem = zReportProblem(zReport.data.report, {
    openingFloat: typeof opening === 'number' ? opening : null,
    tickets,
    cashMoves,
    cancellations: documents.filter((row) => row.type === 'cancellation').length,
  });
  return problem ? `z_report: ${problem}` : null;
}

/** The ticket ids this batch's documents name that the till's books already hold. */
async function ticketsBooked(
  tx: Queryable,
  tillId: number,
  events: PushedEvent[],
): Promise<Set<string>> {
  const ids = events.flatMap((event) => {
    const document = (event.payload as { document?: { ticketId?: unknown } } | null)?.document;
    return typeof document?.ticketId === 'string' ? [document.ticketId] : [];
  });
  if (ids.length === 0) return new Set();
  const rows = await tx.query<{ id: string }>(
    'SELECT id FROM tickets WHERE till_id = $1 AND id = ANY($2::text[])',
    [tillId, ids],
  );
  return new Set(rows.map((row) => row.id));
}

function quarantined(event: PushedEvent | MalformedEvent, reason: string): object {
  if ('problem' in event) {
    const type = typeof event.raw.type === 'string' ? event.raw.type.slice(0, 40) : 'unknown';
    return { seq: event.seq, event_id: event.id, type, payload: event.raw, reason };
  }
  return {
    seq: event.seq,
    event_id: event.id,
    type: event.type,
    payload: event.payload ?? null,
    reason,
  };
}

async function idsTaken(tx: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.query<{ id: string }>(
    'SELECT id::text AS id FROM events WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Set(rows.map((row) => row.id));
}

function sessionEffects(type: string, document: Record<string, unknown>, effects: Effects): void {
  const sessionId = document.sessionId;
  if (typeof sessionId !== 'string') return;
  if (type === 'session_open' && typeof document.openedAt === 'string') {
    effects.opened.push({
      id: sessionId,
      opened_at: document.openedAt,
      day: localDay(document.openedAt),
    });
  } else if (type === 'z_report' && typeof document.closedAt === 'string') {
    effects.closed.push({
      id: sessionId,
      closed_at: document.closedAt,
      z_report: document.report ?? null,
    });
  }
}

/**
 * A ticket's row and its stock deltas (sale -qty, refund +qty). A price label on a product sold
 * by the kg stands for the weight its price buys at the price per kg, rounded to the gram.
 */
async function ticketEffects(
  tx: Queryable,
  tillId: number,
  tickets: { eventId: string; doc: TicketDocument }[],
  effects: Effects,
): Promise<void> {
  if (tickets.length === 0) return;
  const productIds = new Set<number>();
  for (const { doc } of tickets) {
    for (const line of doc.lines)
      if (line.productId !== null && line.unit === 'piece' && line.stockDelta == null)
        productIds.add(line.productId);
  }
  // The category of each product sold, as the dashboard sums the lines (its French name).
  const sold = [
    ...new Set(tickets.flatMap(({ doc }) => doc.lines.flatMap((line) => line.productId ?? []))),
  ];
  const categoryRows = await tx.query<{ id: number; category: string }>(
    `SELECT p.id, coalesce(c.name, '') AS category FROM products p
       LEFT JOIN categories c ON c.id = p.category_id WHERE p.id = ANY($1::int[])`,
    [sold],
  );
  const categories = new Map(categoryRows.map((row) => [row.id, row.category]));
  effects.hours.push(
    hourRows(
      tickets.map(({ doc }) => doc),
      (productId) => (productId === null ? '' : (categories.get(productId) ?? '')),
    ),
  );
  const kgPrice = new Map<number, number>();
  if (productIds.size > 0) {
    const rows = await tx.query<{ id: number; price: number }>(
      "SELECT id, price FROM products WHERE unit = 'kg' AND id = ANY($1::int[])",
      [[...productIds]],
    );
    for (const row of rows) kgPrice.set(row.id, row.price);
  }
  for (const { eventId, doc } of tickets) {
    effects.tickets.push({
      id: doc.ticketId,
      event_id: eventId,
      kind: doc.kind,
      number: doc.number,
      session_id: doc.sessionId,
      closed_at: doc.closedAt,
      day: localDay(doc.closedAt),
      total: doc.total,
      rounding: doc.rounding,
      due: doc.due,
    });
    for (const line of doc.lines) {
      if (line.productId === null) continue;
      const perKg = line.unit === 'piece' ? kgPrice.get(line.productId) : undefined;
      // The till's own delta when it journaled one; only older documents are worked out here.
      const delta =
        line.stockDelta ??
        -(perKg !== undefined && perKg > 0
          ? divRound(line.shelfPrice * line.quantity, perKg)
          : line.quantity);
      effects.moves.push({
        product_id: line.productId,
        quantity: delta,
        kind: doc.kind,
        ref: doc.ticketId,
        at: doc.closedAt,
      });
      const sale = lineSale({ net: line.net, vatRateBp: line.vatRateBp, moved: delta });
      effects.sales.push({
        day: localDay(doc.closedAt),
        product_id: line.productId,
        quantity: sale.quantity,
        amount: sale.amount,
        amount_ex_vat: sale.amountExVat,
        at: doc.closedAt,
      });
    }
  }
}

async function writeEffects(
  tx: Queryable,
  tillId: number,
  instance: string,
  receivedAt: string,
  effects: Effects,
): Promise<void> {
  const json = (rows: object[]) => JSON.stringify(rows);
  if (effects.events.length > 0) {
    await tx.query(
      `INSERT INTO events (id, till_id, instance, seq, type, journal_seq, hash, document, created_at, received_at)
       SELECT e.id, $1, $4, e.seq, e.type, e.journal_seq, e.hash, e.document, e.created_at, $2
         FROM jsonb_to_recordset($3::jsonb) AS e(id uuid, seq int, type text, journal_seq int,
              hash text, document jsonb, created_at text)`,
      [tillId, receivedAt, json(effects.events), instance],
    );
  }
  if (effects.quarantine.length > 0) {
    await tx.query(
      `INSERT INTO quarantine (till_id, instance, seq, event_id, type, payload, reason, received_at)
       SELECT $1, $4, q.seq, q.event_id, q.type, coalesce(q.payload, 'null'::jsonb), q.reason, $2
         FROM jsonb_to_recordset($3::jsonb) AS q(seq int, event_id text, type text, payload jsonb, reason text)`,
      [tillId, receivedAt, json(effects.quarantine), instance],
    );
  }
  if (effects.tickets.length > 0) {
    await tx.query(
      // The lines' names in lower case, one a line, for the back office's ticket search
      // (migration 0011).
      `INSERT INTO tickets (id, till_id, event_id, kind, number, session_id, closed_at, day, total,
                            rounding, due, line_names)
       SELECT t.id, $1, t.event_id, t.kind, t.number, t.session_id, t.closed_at, t.day, t.total,
              t.rounding, t.due,
              (SELECT lower(coalesce(string_agg(l.line->>'name', E'\n' ORDER BY l.n), ''))
                 FROM events e, jsonb_array_elements(e.document->'lines') WITH ORDINALITY AS l(line, n)
                WHERE e.id = t.event_id)
         FROM jsonb_to_recordset($2::jsonb) AS t(id text, event_id uuid, kind text, number int,
              session_id text, closed_at text, day text, total int, rounding int, due int)
       ON CONFLICT (till_id, id) DO NOTHING`,
      [tillId, json(effects.tickets)],
    );
  }
  if (effects.moves.length > 0) {
    await tx.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, till_id, ref, at)
       SELECT m.product_id, m.quantity, m.kind, $1, m.ref, m.at
         FROM jsonb_to_recordset($2::jsonb) AS m(product_id int, quantity int, kind text, ref text, at text)`,
      [tillId, json(effects.moves)],
    );
    // A sale rung up before a count that is already applied: the count is worked out again.
    const moved = effects.moves as { product_id: number; at: string }[];
    await reviseCounts(
      tx,
      moved.map((m) => ({ productId: m.product_id, at: m.at })),
      new Date(receivedAt),
    );
  }
  if (effects.sales.length > 0) await addProductSales(tx, tillId, effects.sales);
  for (const rows of effects.hours) await addTicketHours(tx, tillId, rows);
  if (effects.opened.length > 0) {
    await tx.query(
      `INSERT INTO sessions (id, till_id, opened_at, day)
       SELECT s.id, $1, s.opened_at, s.day
         FROM jsonb_to_recordset($2::jsonb) AS s(id text, opened_at text, day text)
       ON CONFLICT (till_id, id) DO NOTHING`,
      [tillId, json(effects.opened)],
    );
  }
  for (const closed of effects.closed as { id: string; closed_at: string; z_report: unknown }[]) {
    await tx.query(
      'UPDATE sessions SET closed_at = $2, z_report = $3::jsonb WHERE id = $1 AND till_id = $4',
      [closed.id, closed.closed_at, JSON.stringify(closed.z_report), tillId],
    );
  }
}

/**
 * Adds the lines to each product's day, each at the product's cost of the moment it was sold
 * (before its first cost, that first cost): a sale pushed late is still at its own day's cost.
 */
async function addProductSales(tx: Queryable, tillId: number, sales: object[]): Promise<void> {
  // Each line at its cost, grouped per day, then added to the day's row, to the month's and to
  // the month's of all tills.
  await tx.query(
    `WITH b AS (
       SELECT day, product_id, sum(quantity) AS quantity, sum(amount) AS amount,
              sum(amount_ex_vat) AS amount_ex_vat,
              coalesce(sum(amount_ex_vat) FILTER (WHERE unit_cost IS NOT NULL), 0) AS costed_ex_vat,
              coalesce(sum(round(quantity::numeric * unit_cost / 1000)), 0) AS cost,
              max(at) AS last_sold_at
         FROM (SELECT s.*, coalesce(
                 (SELECT h.cost FROM cost_history h WHERE h.product_id = s.product_id AND h.at <= s.at
                   ORDER BY h.at DESC, h.id DESC LIMIT 1),
                 (SELECT h.cost FROM cost_history h WHERE h.product_id = s.product_id
                   ORDER BY h.at, h.id LIMIT 1)) AS unit_cost
                 FROM jsonb_to_recordset($2::jsonb) AS s(day text, product_id int, quantity int,
                      amount int, amount_ex_vat int, at text)) l
        GROUP BY day, product_id
     ), days AS (
       INSERT INTO product_sales_days (day, till_id, product_id, quantity, amount, amount_ex_vat,
                                       costed_ex_vat, cost, last_sold_at)
       SELECT day, $1, product_id, quantity, amount, amount_ex_vat, costed_ex_vat, cost,
              last_sold_at
         FROM b
       ON CONFLICT (day, till_id, product_id) DO UPDATE SET
         quantity = product_sales_days.quantity + EXCLUDED.quantity,
         amount = product_sales_days.amount + EXCLUDED.amount,
         amount_ex_vat = product_sales_days.amount_ex_vat + EXCLUDED.amount_ex_vat,
         costed_ex_vat = product_sales_days.costed_ex_vat + EXCLUDED.costed_ex_vat,
         cost = product_sales_days.cost + EXCLUDED.cost,
         last_sold_at = greatest(product_sales_days.last_sold_at, EXCLUDED.last_sold_at)
     ), m AS (
       SELECT left(day, 7) AS month, product_id, sum(quantity) AS quantity, sum(amount) AS amount,
              sum(amount_ex_vat) AS amount_ex_vat, sum(costed_ex_vat) AS costed_ex_vat,
              sum(cost) AS cost
         FROM b GROUP BY left(day, 7), product_id
     ), months AS (
       INSERT INTO product_sales_months (month, till_id, product_id, quantity, amount,
                                         amount_ex_vat, costed_ex_vat, cost)
       SELECT month, $1, product_id, quantity, amount, amount_ex_vat, costed_ex_vat, cost FROM m
       ON CONFLICT (month, till_id, product_id) DO UPDATE SET
         quantity = product_sales_months.quantity + EXCLUDED.quantity,
         amount = product_sales_months.amount + EXCLUDED.amount,
         amount_ex_vat = product_sales_months.amount_ex_vat + EXCLUDED.amount_ex_vat,
         costed_ex_vat = product_sales_months.costed_ex_vat + EXCLUDED.costed_ex_vat,
         cost = product_sales_months.cost + EXCLUDED.cost
     )
     -- And to the month of all tills (migration 0012), which the figures of all tills read.
     INSERT INTO product_month_totals (month, product_id, quantity, amount, amount_ex_vat,
                                       costed_ex_vat, cost)
     SELECT month, product_id, quantity, amount, amount_ex_vat, costed_ex_vat, cost FROM m
     ON CONFLICT (month, product_id) DO UPDATE SET
       quantity = product_month_totals.quantity + EXCLUDED.quantity,
       amount = product_month_totals.amount + EXCLUDED.amount,
       amount_ex_vat = product_month_totals.amount_ex_vat + EXCLUDED.amount_ex_vat,
       costed_ex_vat = product_month_totals.costed_ex_vat + EXCLUDED.costed_ex_vat,
       cost = product_month_totals.cost + EXCLUDED.cost`,
    [tillId, JSON.stringify(sales)],
  );
}

/** Adds a batch's tickets to their hours' and UTC days' rows (what the dashboard sums). */
async function addTicketHours(tx: Queryable, tillId: number, rows: HourRows): Promise<void> {
  const json = (list: object[]) => JSON.stringify(list);
  if (rows.hours.length > 0) {
    await tx.query(
      `INSERT INTO ticket_hours (hour, till_id, sales, refunds, tickets, refund_tickets, rounding,
                                 change_given)
       SELECT h.hour, $1, h.sales, h.refunds, h."tickets", h."refundTickets", h.rounding,
              h."changeGiven"
         FROM jsonb_to_recordset($2::jsonb) AS h(hour text, sales int, refunds int, "tickets" int,
              "refundTickets" int, rounding int, "changeGiven" int)
       ON CONFLICT (hour, till_id) DO UPDATE SET
         sales = ticket_hours.sales + EXCLUDED.sales,
         refunds = ticket_hours.refunds + EXCLUDED.refunds,
         tickets = ticket_hours.tickets + EXCLUDED.tickets,
         refund_tickets = ticket_hours.refund_tickets + EXCLUDED.refund_tickets,
         rounding = ticket_hours.rounding + EXCLUDED.rounding,
         change_given = ticket_hours.change_given + EXCLUDED.change_given`,
      [tillId, json(rows.hours)],
    );
  }
  if (rows.payments.length > 0) {
    await tx.query(
      `INSERT INTO ticket_hour_payments (hour, till_id, method, kind, amount)
       SELECT p.hour, $1, p.method, p.kind, p.amount
         FROM jsonb_to_recordset($2::jsonb) AS p(hour text, method text, kind text, amount int)
       ON CONFLICT (hour, till_id, method) DO UPDATE SET
         amount = ticket_hour_payments.amount + EXCLUDED.amount`,
      [tillId, json(rows.payments)],
    );
    await tx.query(
      `INSERT INTO ticket_day_payments (day, till_id, method, kind, amount)
       SELECT left(p.hour, 10), $1, p.method, min(p.kind), sum(p.amount)
         FROM jsonb_to_recordset($2::jsonb) AS p(hour text, method text, kind text, amount int)
        GROUP BY left(p.hour, 10), p.method
       ON CONFLICT (day, till_id, method) DO UPDATE SET
         amount = ticket_day_payments.amount + EXCLUDED.amount`,
      [tillId, json(rows.payments)],
    );
  }
  if (rows.vat.length > 0) {
    await tx.query(
      `INSERT INTO ticket_hour_vat (hour, till_id, rate_bp, gross, vat)
       SELECT v.hour, $1, v."rateBp", v.gross, v.vat
         FROM jsonb_to_recordset($2::jsonb) AS v(hour text, "rateBp" int, gross int, vat int)
       ON CONFLICT (hour, till_id, rate_bp) DO UPDATE SET
         gross = ticket_hour_vat.gross + EXCLUDED.gross, vat = ticket_hour_vat.vat + EXCLUDED.vat`,
      [tillId, json(rows.vat)],
    );
    await tx.query(
      `INSERT INTO ticket_day_vat (day, till_id, rate_bp, gross, vat)
       SELECT left(v.hour, 10), $1, v."rateBp", sum(v.gross), sum(v.vat)
         FROM jsonb_to_recordset($2::jsonb) AS v(hour text, "rateBp" int, gross int, vat int)
        GROUP BY left(v.hour, 10), v."rateBp"
       ON CONFLICT (day, till_id, rate_bp) DO UPDATE SET
         gross = ticket_day_vat.gross + EXCLUDED.gross, vat = ticket_day_vat.vat + EXCLUDED.vat`,
      [tillId, json(rows.vat)],
    );
  }
  if (rows.categories.length > 0) {
    await tx.query(
      `INSERT INTO ticket_hour_categories (hour, till_id, category, amount)
       SELECT c.hour, $1, c.category, c.amount
         FROM jsonb_to_recordset($2::jsonb) AS c(hour text, category text, amount int)
       ON CONFLICT (hour, till_id, category) DO UPDATE SET
         amount = ticket_hour_categories.amount + EXCLUDED.amount`,
      [tillId, json(rows.categories)],
    );
    await tx.query(
      `INSERT INTO ticket_day_categories (day, till_id, category, amount)
       SELECT left(c.hour, 10), $1, c.category, sum(c.amount)
         FROM jsonb_to_recordset($2::jsonb) AS c(hour text, category text, amount int)
        GROUP BY left(c.hour, 10), c.category
       ON CONFLICT (day, till_id, category) DO UPDATE SET
         amount = ticket_day_categories.amount + EXCLUDED.amount`,
      [tillId, json(rows.categories)],
    );
  }
}
