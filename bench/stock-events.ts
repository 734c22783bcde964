/**
 * `npx tsx bench/stock-events.ts`: the server's part of issue 23's "1,000 queued scans sent when
 * the network returns": one `POST /v1/stock/events` of QUEUED `label.queue` events (3,500
 * products), then the same batch sent again (a lost answer: every event a duplicate), through
 * Fastify's inject (no browser, no network). STORE=pg runs it on PostgreSQL at
 * $TEST_DATABASE_URL (a throwaway schema), else on PGlite in memory. RUNS (default 3) fresh
 * batches, each reported; the baseline is one raw multi-row insert of the same rows.
 */
import { loadavg } from 'node:os';
import { startTestServer } from '../test/support/server';
import { device, signedIn } from '../test/support/stock';
import { nowMs } from './stats';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const PRODUCTS = 3500;
const QUEUED = Number(process.env.QUEUED ?? 1000);
const RUNS = Number(process.env.RUNS ?? 3);
const KIND = process.env.STORE === 'pg' ? 'pg' : 'pglite';

async function main() {
  const server = await startTestServer(KIND);
  try {
    await server.store.query(
      `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES (6, '6 %', 600, nextval('catalog_version'))`,
    );
    await server.store.query(
      `INSERT INTO products (id, name, tax_rate_id, price, unit, version)
       SELECT n, 'Produit ' || n, 6, 100 + n % 900, 'piece', nextval('catalog_version')
         FROM generate_series(1, ${PRODUCTS}) AS n`,
    );
    const { headers } = await signedIn(server, ['stock']);
    const post = async (events: object[]) => {
      const start = nowMs();
      const answer = await server.app.inject({
        method: 'POST',
        url: '/v1/stock/events',
        headers,
        payload: { events },
      });
      const ms = nowMs() - start;
      if (answer.statusCode !== 200) throw new Error(answer.body);
      const { outcomes } = answer.json<{ outcomes: { status: string }[] }>();
      const counts = new Map<string, number>();
      for (const { status } of outcomes) counts.set(status, (counts.get(status) ?? 0) + 1);
      return { ms, counts: [...counts].map(([status, n]) => `${n} ${status}`).join(', ') };
    };
    for (let run = 1; run <= RUNS; run += 1) {
      await server.store.query('DELETE FROM label_queue');
      const hand = device();
      const events = Array.from({ length: QUEUED }, (_, i) =>
        hand.event('label.queue', { productId: 1 + ((i * 7 + run) % PRODUCTS) }),
      );
      const first = await post(events);
      const again = await post(events);
      console.log(
        `${KIND} run ${run}: ${QUEUED} events ${seconds(first.ms)} (${first.counts}); sent again ${seconds(again.ms)} (${again.counts})`,
      );
    }
    const rows = Array.from({ length: QUEUED }, (_, i) => i + 1);
    const start = nowMs();
    await server.store.query(
      `INSERT INTO label_queue (product_id, reason, queued_at)
       SELECT id, 'manual', now() FROM unnest($1::int[]) AS id
       ON CONFLICT (product_id) WHERE printed_at IS NULL DO NOTHING`,
      [rows],
    );
    console.log(`baseline: ${QUEUED} label rows by one raw insert ${seconds(nowMs() - start)}`);
    console.log(
      `load average: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await server.close();
  }
}

await main();
