/**
 * The back office's list pages on a month of a busy coop (`npx tsx bench/office-lists.ts`):
 * 30 days x 400 tickets of 10 lines (12,000 tickets, one till), 3,500 products, on PGlite and,
 * with TEST_DATABASE_URL set, PostgreSQL. Rows are written straight by SQL (not pushed): the
 * figure is the listing's, not the ingest's. Prints the median and p95 of 30 calls of each list
 * (the route's query, without HTTP). Target: each list page < 200 ms. `STORE=pg` (or `pglite`)
 * runs one store only.
 */
import { performance } from 'node:perf_hooks';
import { freshStore } from '../test/support/server';
import { listProductsPage, listSessions, listTickets } from '../server/office-pages';
import type { Store } from '../server/store';

const DAYS = 30;
const PER_DAY = 400;

async function fill(store: Store): Promise<void> {
  await store.query(
    `INSERT INTO tills (name, created_at) VALUES ('Caisse 1', '2026-01-01T00:00:00.000Z')`,
  );
  await store.query(
    `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES (1, '6 %', 600, nextval('catalog_version'))`,
  );
  await store.query(
    `INSERT INTO products (id, name, tax_rate_id, price, unit, barcodes, version)
     SELECT g, 'Produit ' || g, 1, 100 + g % 900, 'piece', ARRAY[(5400000000000 + g)::text],
            nextval('catalog_version')
       FROM generate_series(1, 3500) g`,
  );
  for (let day = 0; day < DAYS; day += 1) {
    await store.query(
      `WITH t AS (
         SELECT g, $1::int * ${PER_DAY} + g AS n,
                timestamp '2026-02-01 07:00' + $1::int * interval '1 day' + g * interval '90 seconds' AS at
           FROM generate_series(1, ${PER_DAY}) g),
       ev AS (
         INSERT INTO events (id, till_id, instance, seq, type, journal_seq, hash, document, created_at, received_at)
         SELECT gen_random_uuid(), 1, '00000000-0000-0000-0000-000000000001', n, 'sale', n, repeat('0', 64),
                jsonb_build_object('kind', 'sale', 'number', n, 'lines',
                  (SELECT jsonb_agg(jsonb_build_object('name', 'Produit ' || ((n * 7 + k) % 3500),
                                                       'quantity', 1000, 'net', 250))
                     FROM generate_series(1, 10) k)),
                to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'), to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"')
           FROM t
         RETURNING id, seq, created_at, document)
       INSERT INTO tickets (id, till_id, event_id, kind, number, session_id, closed_at, day, total, rounding, due,
                            line_names)
       SELECT 'T' || seq, 1, id, 'sale', seq, 'S' || $1::int, created_at, substr(created_at, 1, 10),
              2500 + seq % 700, 0, 2500 + seq % 700,
              -- The lines' names as a push keeps them (migration 0011).
              (SELECT lower(string_agg(l.line->>'name', E'\n' ORDER BY l.n))
                 FROM jsonb_array_elements(document->'lines') WITH ORDINALITY AS l(line, n))
         FROM ev`,
      [day],
    );
    await store.query(
      `INSERT INTO sessions (id, till_id, opened_at, day, closed_at, z_report)
       VALUES ('S' || $1::int, 1, to_char(timestamp '2026-02-01 06:30' + $1::int * interval '1 day',
               'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
               to_char(date '2026-02-01' + $1::int, 'YYYY-MM-DD'), NULL, NULL)`,
      [day],
    );
  }
  await store.query('ANALYZE');
}

async function time(name: string, run: () => Promise<unknown>): Promise<void> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < 30; i += 1) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  console.log(
    `  ${name.padEnd(48)} median ${at(0.5).toFixed(1)} ms  p95 ${at(0.95).toFixed(1)} ms`,
  );
}

const page = { page: 1, pageSize: 50, order: 'desc' as const };
// STORE=pg or STORE=pglite runs one store only.
const stores = process.env.TEST_DATABASE_URL ? (['pglite', 'pg'] as const) : (['pglite'] as const);
for (const kind of stores.filter((k) => (process.env.STORE ?? k) === k)) {
  const { store, dispose } = await freshStore(kind);
  try {
    const started = performance.now();
    await fill(store);
    console.log(
      `${kind}: ${DAYS * PER_DAY} tickets written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    await time('tickets, one day, newest first', () =>
      listTickets(store, { ...page, from: '2026-02-15', to: '2026-02-15', sort: 'closedAt' }),
    );
    await time('tickets, 30 days, by total, page 100', () =>
      listTickets(store, {
        ...page,
        page: 100,
        from: '2026-02-01',
        to: '2026-03-02',
        sort: 'total',
      }),
    );
    await time('tickets, one day, a product searched', () =>
      listTickets(store, {
        ...page,
        from: '2026-02-15',
        to: '2026-02-15',
        sort: 'closedAt',
        q: 'produit 12',
      }),
    );
    await time('tickets, 30 days, a product searched', () =>
      listTickets(store, {
        ...page,
        from: '2026-02-01',
        to: '2026-03-02',
        sort: 'closedAt',
        q: 'produit 1234',
      }),
    );
    await time('sessions, 30 days', () =>
      listSessions(store, { ...page, from: '2026-02-01', to: '2026-03-02', sort: 'openedAt' }),
    );
    await time('products, by name, page 10', () =>
      listProductsPage(store, { ...page, page: 10, order: 'asc', sort: 'name' }),
    );
    await time('products, a name searched', () =>
      listProductsPage(store, { ...page, order: 'asc', sort: 'name', q: 'duit 34' }),
    );
  } finally {
    await dispose();
  }
}
