/**
 * The back office's dashboard on three years of a BEES-sized coop: `npx tsx bench/office.ts`
 * (PostgreSQL at $BENCH_DATABASE_URL, else $TEST_DATABASE_URL, else the local one: a throwaway
 * database, made and dropped), `STORE=pglite npx tsx bench/office.ts` (PGlite in a throwaway
 * folder under var/bench/). `YEARS=1` for fewer years, `RUNS=20` samples a figure.
 *
 * The shop: 3,500 products in 20 categories, 100 suppliers, 3 tills open 12 hours a day, about
 * 130,000 tickets a year of about 10 lines. What the dashboard reads is what pushes of those
 * tickets keep (migration 0010): each till's hours (tickets, sales, refunds, payments per
 * method, VAT per rate, lines per category) and each product's day per till (quantity, net with
 * and without VAT, cost of the day), the products' cost history and stock levels, and the
 * losses. They are written here by the database itself from generate_series (no row crosses the
 * wire, no random(): a row is a hash of its keys), at the sizes those tickets give; the tickets'
 * own documents are not written (the dashboard no longer reads them for a zone of whole hours).
 *
 * Measured: each query the dashboard route runs, for today, 7 days, 31 days, a year and three
 * years, all tills and one: p95 of RUNS after one warm-up. Targets: < 300 ms on PostgreSQL,
 * < 2 s on PGlite. `KEEP=1` keeps the database; `REUSE=bench_office_<n>` measures a kept one
 * again (migrated to this version, not seeded: the seeding takes minutes).
 */
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateServer, serverMigrations } from '../server/migrate';
import { openPgliteStore, openPgStore, type Store } from '../server/store';
import {
  dashboard,
  lossesByReason,
  productFigures,
  productSales,
  quarantined,
  shiftDay,
  tillStates,
} from '../server/office';
import { nowMs, percentile, table } from './stats';

const BASE_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const KIND = process.env.STORE === 'pglite' ? 'pglite' : 'pg';
const YEARS = Number(process.env.YEARS ?? 3);
const RUNS = Number(process.env.RUNS ?? 20);
const DAYS = 365 * YEARS;
/** The last day of the history: yesterday of the bench's "now" (2026-12-07). */
const LAST_DAY = '2026-12-06';
const FIRST_DAY = shiftDay(LAST_DAY, -(DAYS - 1));
const PRODUCTS = 3500;
const CATEGORIES = 20;
const SUPPLIERS = 100;
const TILLS = 3;
const TARGET_MS = KIND === 'pg' ? 300 : 2000;
/** REUSE=<database> measures a database an earlier run kept (PostgreSQL only). */
const REUSE =
  process.env.REUSE && /^bench_office_\d+$/.test(process.env.REUSE) ? process.env.REUSE : null;

async function withStore(work: (store: Store) => Promise<void>): Promise<void> {
  if (KIND === 'pglite') {
    const folder = join(process.cwd(), 'var', 'bench', `office-pglite-${Date.now()}`);
    const store = await openPgliteStore(folder);
    try {
      await work(store);
    } finally {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    }
    return;
  }
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  if (REUSE) {
    // A database an earlier run kept (KEEP=1): migrated to this version, not seeded again.
    const url = new URL(BASE_URL);
    url.pathname = `/${REUSE}`;
    const store = await openPgStore(url.toString());
    try {
      await work(store);
    } finally {
      await store.close();
      await admin.end();
    }
    return;
  }
  const name = `bench_office_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  const store = await openPgStore(url.toString());
  try {
    await work(store);
  } finally {
    await store.close();
    // KEEP=1 leaves the database for EXPLAIN (drop it by hand).
    if (process.env.KEEP === '1') console.log(`Kept database ${name}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** A deterministic number in [0, n) from a row's keys. */
const hash = (keys: string, n: number) => `(abs(hashtext(${keys})) % ${n})`;

async function step(label: string, work: () => Promise<unknown>): Promise<void> {
  const start = nowMs();
  await work();
  console.log(`  ${label}: ${((nowMs() - start) / 1000).toFixed(1)} s`);
}

async function seed(store: Store): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => store.query(sql, params);
  const days = `generate_series(0, ${DAYS - 1}) AS d`;
  const dayOf = `to_char($1::date + d, 'YYYY-MM-DD')`;
  await step('catalogue, suppliers, costs', async () => {
    await q(`INSERT INTO tax_rates (id, name, rate_bp, version) VALUES
               (6, '6 %', 600, nextval('catalog_version')), (12, '12 %', 1200, nextval('catalog_version')),
               (21, '21 %', 2100, nextval('catalog_version'))`);
    await q(
      `INSERT INTO categories (id, name, name_nl, version)
       SELECT c, 'Rayon ' || c, 'Afdeling ' || c, nextval('catalog_version')
         FROM generate_series(1, ${CATEGORIES}) AS c`,
    );
    await q(
      `INSERT INTO products (id, name, category_id, tax_rate_id, price, unit, cost_price, active, version)
       SELECT p, 'Produit ' || p, p % ${CATEGORIES} + 1,
              CASE WHEN p % 5 = 0 THEN 21 WHEN p % 11 = 0 THEN 12 ELSE 6 END,
              150 + (p * 37) % 900, 'piece', 100 + (p * 37) % 600, p % 50 <> 0,
              nextval('catalog_version')
         FROM generate_series(1, ${PRODUCTS}) AS p`,
    );
    await q(
      `INSERT INTO suppliers (name, created_at, updated_at)
       SELECT 'Fournisseur ' || s, '2023-01-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z'
         FROM generate_series(1, ${SUPPLIERS}) AS s`,
    );
    // Each product from one supplier, one in three from a second one too.
    await q(
      `INSERT INTO supplier_products (supplier_id, product_id, supplier_code, cost, updated_at)
       SELECT (p - 1) % ${SUPPLIERS} + 1, p, 'A' || p, 100 + (p * 37) % 600, 'now'
         FROM generate_series(1, ${PRODUCTS}) AS p
       UNION ALL
       SELECT (p + 6) % ${SUPPLIERS} + 1, p, 'B' || p, 110 + (p * 37) % 600, 'now'
         FROM generate_series(1, ${PRODUCTS}) AS p WHERE p % 3 = 0`,
    );
    // Three costs a year before today's.
    await q(
      `INSERT INTO cost_history (product_id, cost, at)
       SELECT p, 80 + (p * 37 + k) % 600, to_char($1::date + k * 121, 'YYYY-MM-DD"T"06:00:00.000Z')
         FROM generate_series(1, ${PRODUCTS}) AS p, generate_series(0, ${3 * YEARS - 1}) AS k`,
      [FIRST_DAY],
    );
  });
  await step('tills, hours (tickets, payments, VAT, categories)', async () => {
    await q(
      `INSERT INTO tills (id, name, created_at, last_push_at)
       SELECT t, 'Caisse ' || t, '2023-01-01T00:00:00.000Z', '2026-12-07T09:00:00.000Z'
         FROM generate_series(1, ${TILLS}) AS t`,
    );
    // 7:00 to 18:59 UTC (8:00 to 20:59 in Brussels), 6 to 14 tickets a till-hour: about 356 a
    // day, 130,000 a year. A basket about 24 euros; a refund now and then.
    await q(
      `CREATE TEMPORARY TABLE bench_hours AS
       SELECT to_char($1::date + d + make_interval(hours => h), 'YYYY-MM-DD"T"HH24') AS hour, t,
              6 + ${hash(`d::text || h || t`, 9)} AS tickets,
              (${hash(`h::text || d || t`, 7)} = 0)::int AS refunds
         FROM ${days}, generate_series(7, 18) AS h, generate_series(1, ${TILLS}) AS t`,
      [FIRST_DAY],
    );
    await q(
      `INSERT INTO ticket_hours (hour, till_id, sales, refunds, tickets, refund_tickets, rounding,
                                 change_given)
       SELECT hour, t, tickets * (1800 + ${hash('hour || t', 1200)}), -refunds * 650, tickets,
              refunds, ${hash('t || hour', 5)} - 2, tickets * 90
         FROM bench_hours`,
    );
    await q(
      `INSERT INTO ticket_hour_payments (hour, till_id, method, kind, amount)
       SELECT hour, till_id, m.method, m.kind,
              CASE m.method WHEN 'cash' THEN (sales + refunds) * 3 / 10 + change_given
                            WHEN 'card' THEN (sales + refunds) * 6 / 10
                            ELSE (sales + refunds) - (sales + refunds) * 3 / 10 - (sales + refunds) * 6 / 10 END
         FROM ticket_hours,
              (VALUES ('cash', 'cash'), ('card', 'card'), ('bon', 'voucher')) AS m(method, kind)`,
    );
    await q(
      `INSERT INTO ticket_hour_vat (hour, till_id, rate_bp, gross, vat)
       SELECT hour, till_id, r.rate, (sales + refunds) * r.share / 100,
              round((sales + refunds) * r.share / 100 * r.rate / (10000.0 + r.rate))
         FROM ticket_hours, (VALUES (600, 70), (1200, 5), (2100, 25)) AS r(rate, share)`,
    );
    await q(
      `INSERT INTO ticket_hour_categories (hour, till_id, category, amount)
       SELECT hour, till_id, 'Rayon ' || c, (sales + refunds) / ${CATEGORIES}
         FROM ticket_hours, generate_series(1, ${CATEGORIES}) AS c`,
    );
  });
  await step(
    'UTC days of payments, VAT, categories (summed from the hours, as 0010 does)',
    async () => {
      await q(
        `INSERT INTO ticket_day_payments
       SELECT left(hour, 10), till_id, method, min(kind), sum(amount)
         FROM ticket_hour_payments GROUP BY left(hour, 10), till_id, method`,
      );
      await q(
        `INSERT INTO ticket_day_vat
       SELECT left(hour, 10), till_id, rate_bp, sum(gross), sum(vat)
         FROM ticket_hour_vat GROUP BY left(hour, 10), till_id, rate_bp`,
      );
      await q(
        `INSERT INTO ticket_day_categories
       SELECT left(hour, 10), till_id, category, sum(amount)
         FROM ticket_hour_categories GROUP BY left(hour, 10), till_id, category`,
      );
    },
  );
  await step('product days (each till, each product sold that day)', async () => {
    // About 1,190 lines a till-day over some 1,000 products: a product sold on a till-day in
    // 2 chances of 7, one in six twice; the slow ones (every 97th) rarely.
    await q(
      `INSERT INTO product_sales_days (day, till_id, product_id, quantity, amount, amount_ex_vat,
                                       costed_ex_vat, cost, last_sold_at)
       SELECT day, t, p, n * 1000, n * price, n * (price - round(price * rate / (10000.0 + rate))),
              n * (price - round(price * rate / (10000.0 + rate))), n * cost, day || 'T17:00:00.000Z'
         FROM (SELECT ${dayOf} AS day, t, p.id AS p, p.price, r.rate_bp AS rate,
                      coalesce(p.cost_price, 0) AS cost,
                      1 + (${hash(`d::text || t || p.id || 'n'`, 6)} = 0)::int AS n
                 FROM ${days}, generate_series(1, ${TILLS}) AS t, products p
                 JOIN tax_rates r ON r.id = p.tax_rate_id
                WHERE ${hash(`d::text || t || p.id`, 7)} < 2
                  AND (p.id % 97 <> 0 OR ${hash(`d::text || p.id`, 30)} = 0)) s`,
      [FIRST_DAY],
    );
  });
  await step(
    'product months, per till and of all tills (summed as the migrations do)',
    async () => {
      await q(
        `INSERT INTO product_sales_months
       SELECT left(day, 7), till_id, product_id, sum(quantity), sum(amount), sum(amount_ex_vat),
              sum(costed_ex_vat), sum(cost)
         FROM product_sales_days GROUP BY left(day, 7), till_id, product_id`,
      );
      await q(
        `INSERT INTO product_month_totals
       SELECT month, product_id, sum(quantity), sum(amount), sum(amount_ex_vat),
              sum(costed_ex_vat), sum(cost)
         FROM product_sales_months GROUP BY month, product_id`,
      );
    },
  );
  await step('stock, losses', async () => {
    await q(
      `INSERT INTO stock_moves (product_id, quantity, kind, at)
       SELECT p, 20000 + (p * 13) % 30000, 'delivery', '2026-12-01T06:00:00.000Z'
         FROM generate_series(1, ${PRODUCTS}) AS p
       UNION ALL
       SELECT p, -((p * 7) % 25000), 'sale', '2026-12-06T12:00:00.000Z'
         FROM generate_series(1, ${PRODUCTS}) AS p`,
    );
    // About 10 losses a day.
    await q(
      `CREATE TEMPORARY TABLE bench_losses AS
       SELECT md5('loss' || d || '-' || k)::uuid AS uuid, d * 10 + k + 1 AS seq,
              1 + ${hash(`d::text || k`, PRODUCTS)} AS product_id,
              (ARRAY['breakage', 'expiry', 'theft', 'internal_use', 'donation'])[1 + ${hash(`k::text || d`, 5)}] AS reason,
              1000 * (1 + k % 3) AS quantity,
              to_char($1::date + d + make_interval(hours => 9 + k), 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"') AS at
         FROM ${days}, generate_series(0, 9) AS k`,
      [FIRST_DAY],
    );
    await q(
      `INSERT INTO stock_events (uuid, device_id, device_seq, kind, payload, at, received_at)
       SELECT uuid, 'bench-hand', seq, 'loss.record', '{}', at, at FROM bench_losses`,
    );
    await q(
      `INSERT INTO losses (event_uuid, product_id, quantity, reason, unit_cost, value, at)
       SELECT l.uuid, l.product_id, l.quantity, l.reason, p.cost_price,
              round(l.quantity * p.cost_price / 1000.0), l.at
         FROM bench_losses l JOIN products p ON p.id = l.product_id`,
    );
  });
  await step('ANALYZE', () => q('ANALYZE'));
}

async function p95(work: () => Promise<unknown>): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = nowMs();
    await work();
    samples.push(nowMs() - start);
  }
  return percentile(samples, 95);
}

await withStore(async (store) => {
  console.log(
    `Office bench on ${store.kind}: ${YEARS} years (${FIRST_DAY} to ${LAST_DAY}), ${cpus().length} cores, load ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  await migrateServer(store, serverMigrations());
  const seedStart = nowMs();
  if (REUSE) console.log(`Reusing ${REUSE}, seeded by an earlier run`);
  else await seed(store);
  const counts = await store.query<{ what: string; n: number }>(
    `SELECT 'tickets' AS what, sum(tickets + refund_tickets)::int AS n FROM ticket_hours
     UNION ALL SELECT 'hour rows', (SELECT count(*) FROM ticket_hours)::int
               + (SELECT count(*) FROM ticket_hour_payments)::int
               + (SELECT count(*) FROM ticket_hour_vat)::int
               + (SELECT count(*) FROM ticket_hour_categories)::int
     UNION ALL SELECT 'product days', count(*)::int FROM product_sales_days
     UNION ALL SELECT 'ticket lines (product days × lines)', (sum(quantity) / 1000)::int FROM product_sales_days
     UNION ALL SELECT 'losses', count(*)::int FROM losses`,
  );
  console.log(
    `${REUSE ? 'Found' : 'Seeded'} in ${((nowMs() - seedStart) / 1000).toFixed(1)} s: ${counts
      .map((row) => `${row.n.toLocaleString('en')} ${row.what}`)
      .join(', ')}`,
  );

  const periods: [string, number][] = [
    ['1 day', 1],
    ['7 days', 7],
    ['31 days', 31],
    ['1 year', 365],
    [`${YEARS} years`, DAYS],
  ];
  const rows: string[][] = [];
  const measure = async (figure: string, work: () => Promise<unknown>) => {
    const ms = await p95(work);
    rows.push([figure, `${ms.toFixed(0)} ms`, ms < TARGET_MS ? 'PASS' : 'MISS']);
    console.log(`  ${figure}: p95 ${ms.toFixed(0)} ms`);
  };
  for (const [label, days] of periods) {
    const period = { from: shiftDay(LAST_DAY, -(days - 1)), to: LAST_DAY };
    await measure(`sales, tickets, hours, weekdays, payments, VAT, categories: ${label}`, () =>
      dashboard(store, period),
    );
    await measure(`margins, movers, stock value, losses: ${label}`, () =>
      productFigures(store, period),
    );
  }
  const year = { from: shiftDay(LAST_DAY, -364), to: LAST_DAY, tillId: 2 };
  await measure('sales … categories: 1 year, one till', () => dashboard(store, year));
  await measure('margins … losses: 1 year, one till', () => productFigures(store, year));
  await measure('of which each product’s sales: 1 year', () =>
    productSales(store, { ...year, tillId: undefined }),
  );
  await measure('of which losses by reason: 1 year', () =>
    lossesByReason(store, { ...year, tillId: undefined }),
  );
  await measure('tills’ state', () => tillStates(store));
  await measure('quarantine', () => quarantined(store));
  console.log(
    table([`figure (${store.kind}, p95 of ${RUNS})`, 'measured', `< ${TARGET_MS} ms`], rows),
  );
  console.log(
    `load average at the end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
});
