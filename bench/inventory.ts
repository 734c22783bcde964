/**
 * Inventory benchmark (issue 22, item 10): a 6,000-product zone counted by 15 counters (9,000
 * scans: every product once, half of them twice), then applied. Target: applied < 5 s.
 *   npx tsx bench/inventory.ts            (PGlite, in this process)
 *   STORE=pg npx tsx bench/inventory.ts   (PostgreSQL at $BENCH_DATABASE_URL, else
 *                                          $TEST_DATABASE_URL, in a throwaway schema)
 * The ledger holds a delivery and MOVES (default 20) sales per product before the count, so each
 * count's level as of its scan time is a real sum. Beside it, in the same run and store, the
 * baseline: the same 6,000 journal lines and adjustments written by one raw insert each, which
 * is the floor of any apply (it reads nothing and works nothing out).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrateServer } from '../server/migrate';
import { openPgStore, openPgliteStore, type Store } from '../server/store';
import { applyStockEvents, type StockEvent } from '../server/stock/events';
import { STOCK_EVENT_HANDLERS } from '../server/stock/handlers';
import { applyInventory, openInventory } from '../server/stock/inventories';
import { formatRatio, nowMs } from './stats';

const PRODUCTS = Number(process.env.PRODUCTS ?? 6000);
const COUNTERS = 15;
const SECOND_COUNTS = PRODUCTS / 2;
const MOVES = Number(process.env.MOVES ?? 20);
const BASE_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

/** A small deterministic generator: the same shop and counts every run. */
function random(seed: number) {
  // mulberry32: 32-bit integer maths (Math.imul), so no float rounds the low bits away.
  let state = seed >>> 0;
  return (below: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % below;
  };
}

async function openStore(): Promise<{ store: Store; dispose: () => Promise<void> }> {
  if (process.env.STORE !== 'pg') {
    const store = await openPgliteStore(null);
    return { store, dispose: () => store.close() };
  }
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const store = await openPgStore(BASE_URL, { schema });
  return {
    store,
    async dispose() {
      await store.close();
      const client = new pg.Client({ connectionString: BASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

async function seed(store: Store): Promise<number[]> {
  const next = random(22);
  await store.exec(
    `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES (6, '6 %', 600, nextval('catalog_version'))`,
  );
  const products = Array.from({ length: PRODUCTS }, (_, i) => ({
    id: i + 1,
    name: `Produit ${i + 1}`,
    cost: 50 + next(2000),
  }));
  await store.query(
    `INSERT INTO products (id, name, tax_rate_id, price, unit, cost_price, zone, version)
     SELECT p.id, p.name, 6, p.cost * 2, 'piece', p.cost, 'Z', nextval('catalog_version')
       FROM jsonb_to_recordset($1::jsonb) AS p(id int, name text, cost int)`,
    [JSON.stringify(products)],
  );
  const levels: number[] = [];
  const moves: { p: number; q: number; at: string }[] = [];
  for (const product of products) {
    let level = 100_000;
    moves.push({ p: product.id, q: level, at: '2026-01-01T06:00:00.000Z' });
    for (let m = 0; m < MOVES; m += 1) {
      const sold = (1 + next(3)) * 1000;
      level -= sold;
      const day = String(1 + (m % 28)).padStart(2, '0');
      moves.push({ p: product.id, q: -sold, at: `2026-02-${day}T1${m % 10}:00:00.000Z` });
    }
    levels.push(level);
  }
  for (let start = 0; start < moves.length; start += 20_000) {
    await store.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, at)
       SELECT m.p, m.q, CASE WHEN m.q > 0 THEN 'delivery' ELSE 'sale' END, m.at
         FROM jsonb_to_recordset($1::jsonb) AS m(p int, q int, at text)`,
      [JSON.stringify(moves.slice(start, start + 20_000))],
    );
  }
  return levels;
}

/** 9,000 scans: each product by one counter, every other one again by the next counter. */
function scans(inventoryId: number, levels: number[]): StockEvent[] {
  const next = random(7);
  const seqs = new Array<number>(COUNTERS).fill(0);
  const events: StockEvent[] = [];
  const scan = (counter: number, productId: number, quantity: number, minute: number) => {
    seqs[counter] = (seqs[counter] ?? 0) + 1;
    events.push({
      uuid: randomUUID(),
      deviceId: `hand-${counter}`,
      seq: seqs[counter] ?? 1,
      kind: 'count.scan',
      at: new Date(Date.UTC(2026, 2, 1, 8, 0) + minute * 60_000).toISOString(),
      payload: { inventoryId, productId, quantity },
    });
  };
  levels.forEach((level, i) => {
    // One product in eight is short by one or two units: what a count is for.
    const counted = Math.max(0, level - (next(8) === 0 ? (1 + next(2)) * 1000 : 0));
    scan(i % COUNTERS, i + 1, counted, i % 120);
    if (i % 2 === 0 && i / 2 < SECOND_COUNTS) scan((i + 1) % COUNTERS, i + 1, counted, 130);
  });
  return events;
}

async function main() {
  const { store, dispose } = await openStore();
  try {
    await migrateServer(store);
    let start = nowMs();
    const levels = await seed(store);
    console.log(
      `seeded ${PRODUCTS} products, ${PRODUCTS * (MOVES + 1)} ledger moves in ${((nowMs() - start) / 1000).toFixed(1)} s`,
    );
    const now = new Date('2026-03-01T12:00:00.000Z');
    const opened = await openInventory(store, { zone: 'Z' }, null, now);
    const inventoryId = opened.id as number;
    const events = scans(inventoryId, levels);
    start = nowMs();
    for (let i = 0; i < events.length; i += 1000) {
      const outcomes = await applyStockEvents(
        store,
        events.slice(i, i + 1000),
        STOCK_EVENT_HANDLERS,
        { actor: { personId: null }, now },
      );
      const refused = outcomes.find((outcome) => outcome.status !== 'applied');
      if (refused) throw new Error(`A scan was not applied: ${JSON.stringify(refused)}`);
    }
    const scanMs = nowMs() - start;

    start = nowMs();
    const applied = await applyInventory(store, inventoryId, null, now);
    const applyMs = nowMs() - start;
    if (applied.lines !== PRODUCTS) throw new Error(`Applied ${applied.lines} lines`);

    // Baseline: the same lines and moves, written raw into a second inventory.
    const [other] = await store.query<{ id: number }>(
      `INSERT INTO inventories (zone, status, opened_at, closed_at) VALUES ('Y', 'applied', 'now', 'now') RETURNING id`,
    );
    const rows = await store.query<object>(
      `SELECT product_id AS p, counted AS c, counted_at AS at, expected AS e, adjustment AS a, unit_cost AS u
         FROM inventory_lines WHERE inventory_id = $1`,
      [inventoryId],
    );
    start = nowMs();
    await store.transaction(async (tx) => {
      const json = JSON.stringify(rows);
      await tx.query(
        `INSERT INTO inventory_lines (inventory_id, product_id, counted, counted_at, expected, adjustment, unit_cost, applied_at)
         SELECT $1, r.p, r.c, r.at, r.e, r.a, r.u, 'now'
           FROM jsonb_to_recordset($2::jsonb) AS r(p int, c int, at text, e int, a int, u int)`,
        [other?.id, json],
      );
      await tx.query(
        `INSERT INTO stock_moves (product_id, quantity, kind, ref, at, unit_cost)
         SELECT r.p, r.a, 'adjustment', 'baseline', r.at, r.u
           FROM jsonb_to_recordset($1::jsonb) AS r(p int, at text, a int, u int) WHERE r.a <> 0`,
        [json],
      );
    });
    const baselineMs = nowMs() - start;

    console.log(
      [
        `store: ${store.kind}; ${events.length} scans by ${COUNTERS} counters of ${PRODUCTS} products`,
        `scans through applyStockEvents: ${(scanMs / 1000).toFixed(1)} s (${Math.round(events.length / (scanMs / 1000))} scans/s)`,
        `apply (${applied.adjusted} adjusted, ${applied.varianceValue} cents at cost): ${(applyMs / 1000).toFixed(2)} s  (target < 5 s)`,
        `baseline, raw insert of the same lines and moves: ${(baselineMs / 1000).toFixed(2)} s  (apply / baseline ${formatRatio(applyMs / baselineMs)})`,
      ].join('\n'),
    );
  } finally {
    await dispose();
  }
}

await main();
