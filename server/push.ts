import { divRound } from '../domain/money';
import {
  GENESIS_HASH,
  parseTicket,
  recordTicket,
  verifyEvent,
  type ChainState,
  type SaleBook,
  type TicketDocument,
} from './verify';
import type { Queryable, Store } from './store';

export interface PushedEvent {
  id: string;
  seq: number;
  type: string;
  createdAt: string;
  payload: unknown;
}

export interface PushResult {
  /** The highest sequence the server holds with none missing before it. */
  ackedSeq: number;
  /** Events of this batch that did not verify: the till marks them rejected. */
  rejected: { id: string; seq: number; reason: string }[];
}

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
  opened: object[];
  closed: object[];
}

/**
 * Applies a batch in one transaction: what the server holds already is skipped, a gap stops the
 * batch, each event is checked against the till's journal chain and its figures recomputed; what
 * does not verify is quarantined, what does enters the books (tickets, sessions, stock ledger).
 */
export async function applyPush(
  store: Store,
  tillId: number,
  batch: PushedEvent[],
  now: Date,
): Promise<PushResult> {
  const receivedAt = now.toISOString();
  return store.transaction(async (tx) => {
    const [till] = await tx.query<{ lastSeq: number; journalSeq: number; hash: string }>(
      `SELECT last_seq AS "lastSeq", last_journal_seq AS "journalSeq", last_hash AS hash
         FROM tills WHERE id = $1 FOR UPDATE`,
      [tillId],
    );
    if (!till) throw new Error(`No till ${tillId}`);
    let lastSeq = till.lastSeq;
    const chain: ChainState = { journalSeq: till.journalSeq, hash: till.hash || GENESIS_HASH };
    const sorted = [...batch].sort((a, b) => a.seq - b.seq);
    const fresh = sorted.filter((event) => event.seq > lastSeq);
    const taken = await idsTaken(
      tx,
      fresh.map((event) => event.id),
    );
    const sales = await salesRefunded(tx, tillId, fresh);
    const effects: Effects = {
      events: [],
      quarantine: [],
      tickets: [],
      moves: [],
      opened: [],
      closed: [],
    };
    const ticketEvents: { eventId: string; doc: TicketDocument }[] = [];
    for (const event of fresh) {
      if (event.seq !== lastSeq + 1) break;
      lastSeq = event.seq;
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
      const document = verdict.payload.document;
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
    await writeEffects(tx, tillId, receivedAt, effects);
    await tx.query(
      `UPDATE tills SET last_seq = $2, last_journal_seq = $3, last_hash = $4, last_push_at = $5
        WHERE id = $1`,
      [tillId, lastSeq, chain.journalSeq, chain.hash, receivedAt],
    );
    const first = sorted[0]?.seq ?? lastSeq + 1;
    const rejected = await tx.query<{ id: string; seq: number; reason: string }>(
      `SELECT event_id AS id, seq, reason FROM quarantine
        WHERE till_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq`,
      [tillId, first, lastSeq],
    );
    return { ackedSeq: lastSeq, rejected };
  });
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

function quarantined(event: PushedEvent, reason: string): object {
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
      if (line.productId !== null && line.unit === 'piece') productIds.add(line.productId);
  }
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
      const quantity =
        perKg !== undefined && perKg > 0
          ? divRound(line.shelfPrice * line.quantity, perKg)
          : line.quantity;
      effects.moves.push({
        product_id: line.productId,
        quantity: -quantity,
        kind: doc.kind,
        ref: doc.ticketId,
        at: doc.closedAt,
      });
    }
  }
}

async function writeEffects(
  tx: Queryable,
  tillId: number,
  receivedAt: string,
  effects: Effects,
): Promise<void> {
  const json = (rows: object[]) => JSON.stringify(rows);
  if (effects.events.length > 0) {
    await tx.query(
      `INSERT INTO events (id, till_id, seq, type, journal_seq, hash, document, created_at, received_at)
       SELECT e.id, $1, e.seq, e.type, e.journal_seq, e.hash, e.document, e.created_at, $2
         FROM jsonb_to_recordset($3::jsonb) AS e(id uuid, seq int, type text, journal_seq int,
              hash text, document jsonb, created_at text)`,
      [tillId, receivedAt, json(effects.events)],
    );
  }
  if (effects.quarantine.length > 0) {
    await tx.query(
      `INSERT INTO quarantine (till_id, seq, event_id, type, payload, reason, received_at)
       SELECT $1, q.seq, q.event_id, q.type, coalesce(q.payload, 'null'::jsonb), q.reason, $2
         FROM jsonb_to_recordset($3::jsonb) AS q(seq int, event_id text, type text, payload jsonb, reason text)`,
      [tillId, receivedAt, json(effects.quarantine)],
    );
  }
  if (effects.tickets.length > 0) {
    await tx.query(
      `INSERT INTO tickets (id, till_id, event_id, kind, number, session_id, closed_at, day, total, rounding, due)
       SELECT t.id, $1, t.event_id, t.kind, t.number, t.session_id, t.closed_at, t.day, t.total, t.rounding, t.due
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
  }
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
