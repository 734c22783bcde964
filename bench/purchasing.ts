/**
 * "Suggest all purchase orders" on a BEES-sized shop (3,500 products, 100 suppliers, two years
 * of sales in the ledger): `npx tsx bench/purchasing.ts`. PostgreSQL at $BENCH_DATABASE_URL,
 * else $TEST_DATABASE_URL, else the local one; a throwaway database is made and dropped.
 * PostgreSQL only: PGlite did not finish writing the 4.2M moves in 10 minutes (load 17).
 *
 * Measured: `suggestPurchases` for every supplier (the ledger read, each product's days, what is
 * on order, the maths, the words). Baseline in the same run: a raw SQL aggregate of the same
 * rows, each product's level and its sales per day of the window, the least any suggestion must
 * read. Target < 2 s. Median of 5 runs after one warm-up.
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { migrateServer, serverMigrations } from '../server/migrate';
import { openPgStore, type Store } from '../server/store';
import { suggestPurchases, windowBounds } from '../server/purchasing/suggest';
import { seedBeesShop } from './support/bees-shop';
import { formatRatio, nowMs, percentile, table } from './stats';

const BASE_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const RUNS = 5;
const NOW = new Date('2026-12-07T10:00:00.000Z');

async function withStore(work: (store: Store) => Promise<void>): Promise<void> {
  const name = `bench_purchasing_${Date.now()}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  const store = await openPgStore(url.toString());
  try {
    await work(store);
  } finally {
    await store.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function median(work: () => Promise<unknown>): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = nowMs();
    await work();
    samples.push(nowMs() - start);
  }
  return percentile(samples, 50);
}

await withStore(async (store) => {
  await migrateServer(store, serverMigrations());
  const seedStart = nowMs();
  const moves = await seedBeesShop(store, NOW);
  const seedMs = nowMs() - seedStart;
  console.log(
    `Seeded ${moves.toLocaleString('en')} stock moves in ${(seedMs / 1000).toFixed(1)} s (${store.kind})`,
  );

  let lines = 0;
  let orders = 0;
  const measured = await median(async () => {
    const result = await suggestPurchases(store, { now: NOW });
    orders = result.suppliers.length;
    lines = result.suppliers.reduce((sum, supplier) => sum + supplier.lines.length, 0);
  });
  const bounds = windowBounds(NOW, 14);
  const baseline = await median(async () => {
    await store.query('SELECT product_id, sum(quantity) FROM stock_moves GROUP BY product_id');
    await store.query(
      `SELECT product_id, width_bucket(at, $1::text[]), sum(quantity)
         FROM stock_moves WHERE at >= $2 AND at < $3 AND kind IN ('sale', 'refund')
        GROUP BY 1, 2`,
      [bounds, bounds[0], bounds[bounds.length - 1]],
    );
  });
  console.log(`${orders} suppliers to order from, ${lines} lines suggested`);
  console.log(
    table(
      ['figure', 'measured', 'baseline (same run)', 'ratio', 'target', 'result'],
      [
        [
          'suggest all POs (3,500 products, 100 suppliers)',
          `${measured.toFixed(0)} ms`,
          `raw SQL aggregate of the same sales: ${baseline.toFixed(0)} ms`,
          formatRatio(measured / baseline),
          '< 2 s',
          measured < 2000 ? 'PASS' : 'MISS',
        ],
      ],
    ),
  );
  console.log(
    `load average: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
});
