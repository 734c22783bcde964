/**
 * The server's benchmarks: `npm run bench:server` (PostgreSQL at $BENCH_DATABASE_URL, else
 * $TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test; a throwaway database is made
 * and dropped). Each figure beside a baseline measured in the same run:
 * - push ingest: events per second through POST /v1/sync/push (HTTP, validation, the journal
 *   chain, the ticket recomputed, books and ledger written), sales of 5 lines in batches of 500,
 *   against a raw `pg` batch insert of the same rows (events, tickets, stock moves) into the same
 *   PostgreSQL. Target: ratio >= 0.5.
 * - 10 tills x 3,000 tickets pushed at once after reconnecting, batches of 500 as the sync client
 *   sends them: wall time until all are in. Target < 30 s. Baseline: one till's 3,000 alone.
 * - first pull of a 200k-product catalogue into an empty till by the sync client (pages of 5,000):
 *   target < 20 s. Baseline: writing the same 200k products into a till straight from memory.
 * Events are made as the till makes them (domain/ maths, canonical JSON, SHA-256 chain), not by
 * ringing 30,000 tickets through a till.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import pg from 'pg';
import { computeTicket } from '../domain/ticket';
import { openDatabase } from '../db/open';
import { upsertProducts, upsertTaxRate } from '../db/catalog';
import { setSetting } from '../db/settings';
import { SyncClient } from '../main/sync/client';
import { buildApp } from '../server/app';
import { migrateServer } from '../server/migrate';
import { openPgStore, type Store } from '../server/store';
import { createTill, enrol, ensureAdminToken } from '../server/tills';
import {
  catalogTransaction,
  upsertProducts as serverUpsertProducts,
  upsertTaxRate as serverUpsertTaxRate,
} from '../server/catalog';
import { formatRatio, nowMs, table } from './stats';
import { LEGACY_INSTANCE, macMessage } from '../domain/sync-wire';

const BASE_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const INGEST_EVENTS = 6000;
const BATCH = 500;
const TILLS = 10;
const TICKETS = 3000;
const CATALOG = Number(process.env.BENCH_PRODUCTS ?? 200_000);

interface Event {
  id: string;
  seq: number;
  type: string;
  createdAt: string;
  payload: { journalSeq: number; hash: string; document: Record<string, unknown> };
}

/** A till's sales as its outbox holds them: 5 lines each, chained from 64 zeros. */
function makeSales(count: number, tillName: string): Event[] {
  let prev = '0'.repeat(64);
  let sales = 0;
  const start = Date.parse('2026-03-02T08:00:00.000Z');
  return Array.from({ length: count }, (_, index) => {
    const lines = Array.from({ length: 5 }, (_, l) => ({
      productId: 1 + ((index * 5 + l) % 1000),
      quantity: 1000 * (1 + (l % 2)),
      shelfPrice: 99 + ((index + l * 37) % 900),
      vatRateBp: l % 3 ? 600 : 2100,
    }));
    const totals = computeTicket(
      lines.map((line) => ({
        unitPrice: line.shelfPrice,
        quantity: line.quantity,
        vatRateBp: line.vatRateBp,
      })),
    );
    sales += totals.total;
    const closedAt = new Date(start + index * 10_000).toISOString();
    const document = {
      ticketId: randomUUID(),
      kind: 'sale',
      number: index + 1,
      refundOf: null,
      sessionId: `${tillName}-session`,
      till: tillName,
      cashierId: 1,
      signedInUserId: 1,
      member: null,
      closedAt,
      lines: lines.map((line, l) => ({
        lineId: randomUUID(),
        productId: line.productId,
        name: `Produit ${line.productId}`,
        barcode: null,
        unit: 'piece',
        quantity: line.quantity,
        unitPrice: line.shelfPrice,
        shelfPrice: line.shelfPrice,
        priceOverride: null,
        priceOverrideBy: null,
        discount: null,
        vatRateBp: line.vatRateBp,
        gross: totals.lines[l]?.gross,
        lineDiscount: 0,
        ticketDiscountShare: 0,
        net: totals.lines[l]?.net,
        refundOfLine: null,
      })),
      subtotal: totals.subtotal,
      ticketDiscount: 0,
      total: totals.total,
      vat: totals.vat,
      payments: [{ method: 'card', amount: totals.total }],
      rounding: 0,
      due: totals.total,
      change: 0,
      grandTotals: { sales, refunds: 0 },
    };
    const text = canonicalize(document) as string;
    const hash = createHash('sha256').update(prev).update(text).digest('hex');
    prev = hash;
    return {
      id: randomUUID(),
      seq: index + 1,
      type: 'sale',
      createdAt: closedAt,
      payload: { journalSeq: index + 1, hash, document },
    };
  });
}

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Each till's MAC key, by its token: a push signs its events as the sync client does. */
const macKeys = new Map<string, string>();

async function newTill(store: Store, name: string): Promise<string> {
  const { enrolmentCode } = await createTill(store, name, new Date());
  const enrolled = await enrol(store, enrolmentCode, new Date());
  if (!enrolled) throw new Error(`Could not enrol ${name}`);
  macKeys.set(enrolled.token, enrolled.macKey);
  return enrolled.token;
}

function signed(token: string, events: Event[]): (Event & { mac: string })[] {
  const key = macKeys.get(token) ?? '';
  return events.map((event) => ({
    ...event,
    mac: createHmac('sha256', key)
      .update(macMessage(LEGACY_INSTANCE, { ...event }))
      .digest('hex'),
  }));
}

async function push(url: string, token: string, events: Event[]): Promise<void> {
  for (let start = 0; start < events.length; start += BATCH) {
    const response = await fetch(`${url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: signed(token, events.slice(start, start + BATCH)) }),
    });
    const answer = (await response.json()) as { ackedSeq: number; rejected: unknown[] };
    if (!response.ok || answer.rejected.length > 0)
      throw new Error(`Push failed: ${JSON.stringify(answer).slice(0, 300)}`);
  }
}

/** The same rows as a push writes, inserted raw: no HTTP, no checks, no chain. */
async function rawInsert(client: pg.PoolClient, tillId: number, events: Event[]): Promise<void> {
  for (let start = 0; start < events.length; start += BATCH) {
    const batch = events.slice(start, start + BATCH);
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO events (id, till_id, seq, type, journal_seq, hash, document, created_at, received_at, instance)
       SELECT *, '${LEGACY_INSTANCE}'::uuid FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::int[], $6::text[], $7::jsonb[], $8::text[], $9::text[])`,
      [
        batch.map((e) => e.id),
        batch.map(() => tillId),
        batch.map((e) => e.seq),
        batch.map((e) => e.type),
        batch.map((e) => e.payload.journalSeq),
        batch.map((e) => e.payload.hash),
        batch.map((e) => JSON.stringify(e.payload.document)),
        batch.map((e) => e.createdAt),
        batch.map(() => new Date().toISOString()),
      ],
    );
    const docs = batch.map(
      (e) =>
        e.payload.document as {
          ticketId: string;
          number: number;
          sessionId: string;
          closedAt: string;
          total: number;
          lines: { productId: number; quantity: number }[];
        },
    );
    await client.query(
      `INSERT INTO tickets (id, till_id, event_id, kind, number, session_id, closed_at, day, total, rounding, due)
       SELECT t.id, $1, t.event_id, 'sale', t.number, t.session_id, t.closed_at, '2026-03-02', t.total, 0, t.total
         FROM unnest($2::text[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::int[])
           AS t(id, event_id, number, session_id, closed_at, total)`,
      [
        tillId,
        docs.map((d) => d.ticketId),
        batch.map((e) => e.id),
        docs.map((d) => d.number),
        docs.map((d) => d.sessionId),
        docs.map((d) => d.closedAt),
        docs.map((d) => d.total),
      ],
    );
    const moves = docs.flatMap((d) =>
      d.lines.map((line) => ({
        product: line.productId,
        quantity: -line.quantity,
        ref: d.ticketId,
        at: d.closedAt,
      })),
    );
    await client.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, till_id, ref, at)
       SELECT m.product, m.quantity, 'sale', $1, m.ref, m.at FROM unnest($2::int[], $3::int[], $4::text[], $5::text[]) AS m(product, quantity, ref, at)`,
      [
        tillId,
        moves.map((m) => m.product),
        moves.map((m) => m.quantity),
        moves.map((m) => m.ref),
        moves.map((m) => m.at),
      ],
    );
    await client.query('UPDATE tills SET last_seq = $2 WHERE id = $1', [tillId, batch.at(-1)?.seq]);
    await client.query('COMMIT');
  }
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  await withDatabase(async (dbUrl) => {
    const store = await openPgStore(dbUrl);
    await migrateServer(store);
    const { hash } = await ensureAdminToken(store, 'bench-admin-token-0123');
    const app = await buildApp({ store, adminTokenHash: hash });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
    try {
      // 1. Push ingest against raw inserts, interleaved: raw, push, push, raw.
      let pushMs = 0;
      let rawMs = 0;
      for (const order of [
        ['raw', 'push'],
        ['push', 'raw'],
      ] as const) {
        for (const kind of order) {
          const events = makeSales(INGEST_EVENTS / 2, `ingest-${kind}-${order[0]}`);
          const token = await newTill(store, `ingest-${kind}-${order[0]}`);
          const tillId = (
            await store.query<{ id: number }>('SELECT id FROM tills ORDER BY id DESC LIMIT 1')
          )[0]?.id as number;
          const started = nowMs();
          if (kind === 'push') await push(url, token, events);
          else {
            const client = await pool.connect();
            try {
              await rawInsert(client, tillId, events);
            } finally {
              client.release();
            }
          }
          const took = nowMs() - started;
          if (kind === 'push') pushMs += took;
          else rawMs += took;
        }
      }
      const pushRate = INGEST_EVENTS / (pushMs / 1000);
      const rawRate = INGEST_EVENTS / (rawMs / 1000);
      rows.push([
        'push ingest, 5-line sales',
        `${Math.round(pushRate)} events/s`,
        `raw pg batch insert: ${Math.round(rawRate)} events/s`,
        'ratio >= 0.5',
        `${formatRatio(pushRate / rawRate)}, ${pushRate / rawRate >= 0.5 ? 'PASS' : 'MISS'}`,
      ]);

      // 2. Ten tills reconnecting at once, against one till alone.
      const tills = await Promise.all(
        Array.from({ length: TILLS + 1 }, async (_, i) => ({
          events: makeSales(TICKETS, `till-${i}`),
          token: await newTill(store, `till-${i}`),
        })),
      );
      const [alone, ...together] = tills;
      let started = nowMs();
      await push(url, alone?.token as string, alone?.events ?? []);
      const aloneMs = nowMs() - started;
      started = nowMs();
      await Promise.all(together.map((till) => push(url, till.token, till.events)));
      const allMs = nowMs() - started;
      rows.push([
        `${TILLS} tills x ${TICKETS} tickets, all in`,
        `${(allMs / 1000).toFixed(1)} s`,
        `one till's ${TICKETS} alone: ${(aloneMs / 1000).toFixed(1)} s`,
        '< 30 s',
        allMs < 30_000 ? 'PASS' : 'MISS',
      ]);

      // 3. First pull of the catalogue into an empty till.
      await catalogTransaction(store, (tx) =>
        serverUpsertTaxRate(tx, { id: 1, name: '6 %', rateBp: 600 }),
      );
      const products = Array.from({ length: CATALOG }, (_, i) => ({
        id: i + 1,
        name: `Produit ${i + 1}`,
        nameNl: `Product ${i + 1}`,
        categoryId: null,
        taxRateId: 1,
        price: 100 + (i % 900),
        unit: i % 7 ? ('piece' as const) : ('kg' as const),
        active: true,
        barcodes: [String(5_400_000_000_000 + i)],
      }));
      for (let start = 0; start < products.length; start += 10_000) {
        await catalogTransaction(store, (tx) =>
          serverUpsertProducts(tx, products.slice(start, start + 10_000), new Date().toISOString()),
        );
      }
      const dir = mkdtempSync(join(tmpdir(), 'emm-bench-pull-'));
      try {
        const baselineDb = openDatabase(join(dir, 'baseline.db'));
        started = nowMs();
        baselineDb.transaction(() => {
          upsertTaxRate(baselineDb, { id: 1, name: '6 %', rateBp: 600, updatedAt: 'now' });
          upsertProducts(
            baselineDb,
            products.map((product) => ({ ...product, updatedAt: 'now' })),
          );
        })();
        const baselineMs = nowMs() - started;
        baselineDb.close();
        const tillDb = openDatabase(join(dir, 'till.db'));
        setSetting(tillDb, 'sync.server', url);
        setSetting(tillDb, 'sync.token', await newTill(store, 'puller'));
        started = nowMs();
        await new SyncClient({ db: tillDb, pullLimit: 5000 }).syncOnce();
        const pullMs = nowMs() - started;
        const count = (tillDb.prepare('SELECT count(*) AS n FROM products').get() as { n: number })
          .n;
        tillDb.close();
        if (count !== CATALOG) throw new Error(`Pulled ${count} products of ${CATALOG}`);
        rows.push([
          `first pull, ${CATALOG / 1000}k products`,
          `${(pullMs / 1000).toFixed(1)} s`,
          `the same rows written from memory: ${(baselineMs / 1000).toFixed(1)} s`,
          '< 20 s',
          pullMs < 20_000 ? 'PASS' : 'MISS',
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await pool.end();
      await app.close();
      await store.close();
    }
  });
  console.log(table(['figure', 'measured', 'baseline (same run)', 'target', 'result'], rows));
}

await main();
