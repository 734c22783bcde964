/**
 * The till's benchmarks: `npm run bench` (or `npx tsx bench/run.ts`), options:
 *   --rebuild    build the large catalogue database again instead of reusing it
 *   --count N    products in the large catalogue (default 200000)
 *
 * A report, not a test: the exit code is 0 whatever the figures; PASS or MISS stands next to
 * each target. The large catalogue (bench/large-catalog.ts, generateCatalog) is built once into
 * var/bench/ (gitignored) and reused while it has the right products and was built with the
 * current migrations (catalog-db.ts).
 *
 * The machines are noisy (DESIGN.md, bench/), so each figure comes with a baseline measured in the
 * same process, interleaved with it (A, B, then B, A, ...: the order alternates each round) so that
 * whatever slows the machine slows both alike, and is printed as a ratio to that baseline:
 * - pay a ticket: BareTill.pay (5 lines rung up by barcode before, untimed; only the pay call
 *   is timed) against a raw better-sqlite3 transaction writing the same rows, durably, into plain
 *   tables of the same shape in another file (raw-pay.ts). The target is on this ratio (of the
 *   medians). It depends on the disk: the slower the fsync, the more it hides the CPU; hence the
 *   note measuring both again without fsync.
 * - barcode lookup: parse with the default nomenclature + findProductByBarcode, against a
 *   prepared `SELECT 1` (the cost of one trip into SQLite).
 * - name search: searchProducts on what cashiers type (1 or 2 word prefixes of real product
 *   names, with and without accents: samples.ts) against the bare FTS5 query inside it (same
 *   MATCH and LIMIT, no ranking, no join): the ratio is what ranking and the join cost. A note
 *   splits the times by how many products the query matches.
 * - open the database: openDatabase (pragmas, migration check) and a first barcode lookup,
 *   against `new Database(path)` and one prepared SELECT on the barcodes table; the file is in
 *   the OS cache (a cold start after boot is not measured).
 * The targets (pay ratio ≤ 1.5, lookup p99 < 1 ms, search p99 < 20 ms, open < 300 ms) are the
 * issue's; absolute targets are judged on the absolute figure, the ratio is there to compare runs
 * and machines.
 *
 * Percentiles are nearest-rank (stats.ts); times come from process.hrtime.bigint().
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createIdGenerator } from '../main/ids';
import { lookupCodes, parseBarcode } from '../domain/barcode';
import { openDatabase, type Db } from '../db/open';
import { findProductByBarcode, searchProducts } from '../db/catalog';
import { insertUser } from '../db/users';
import { hashPin } from '../main/till/pin';
import { bareTill, type BareTill } from '../main/bare-till';
import type { TicketView } from '../main/till/ticket-view';
import { seededRandom, pick } from '../test/support/random';
import { ensureCatalogDb } from './catalog-db';
import { matchExpression, sampleProductCodes, sampleQueries } from './samples';
import { openRawPay, readPaidTicket, type PaidTicketRows } from './raw-pay';
import { printDeviceFigures } from './devices';
import { formatMs, formatRatio, nowMs, summarize, table, timeMs } from './stats';

const SEED = 20260302;
const PAY_RUNS = 300;
const PAY_WARMUP = 30;
const PAY_NO_FSYNC_RUNS = 100;
const LINES_PER_TICKET = 5;
const LOOKUP_RUNS = 5000;
const LOOKUP_WARMUP = 1000;
const SEARCH_QUERIES = 500;
const SEARCH_RUNS = 2000;
const SEARCH_WARMUP = 200;
const OPEN_RUNS = 15;
const OPEN_WARMUP = 2;

const BENCH_DIR = fileURLToPath(new URL('../var/bench/', import.meta.url));

interface Part {
  figures: Figure[];
  notes: string[];
}

interface Figure {
  name: string;
  n: number;
  measured: number;
  baselineName: string;
  baseline: number;
  /** Absolute target in ms, or a ratio target, or none (information only). */
  target: { kind: 'ms-below'; value: number } | { kind: 'ratio-at-most'; value: number } | null;
}

/** Runs a and b alternately, `runs` times each (after `warmup` untimed rounds), swapping their order each round. */
function interleave(
  runs: number,
  warmup: number,
  a: (i: number) => number,
  b: (i: number) => number,
): { a: number[]; b: number[] } {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    let ta: number;
    let tb: number;
    if (i % 2 === 0) {
      ta = a(i);
      tb = b(i);
    } else {
      tb = b(i);
      ta = a(i);
    }
    if (i >= warmup) {
      as.push(ta);
      bs.push(tb);
    }
  }
  return { a: as, b: bs };
}

// -------------------------------------------------------------------------------------------
// The benchmarks

function benchLookup(path: string, label: string): Part {
  const db = openDatabase(path);
  try {
    const codes = sampleProductCodes(db, seededRandom(SEED), 2000, {
      where: '1 = 1',
      labels: true,
    });
    const selectOne = db.prepare('SELECT 1').pluck();
    let found = 0;
    const lookup = interleave(
      LOOKUP_RUNS,
      LOOKUP_WARMUP,
      (i) => {
        const code = codes[i % codes.length] as string;
        let product: unknown;
        const ms = timeMs(() => {
          product = findProductByBarcode(db, lookupCodes(parseBarcode(code)));
        });
        if (product) found += 1;
        return ms;
      },
      () => timeMs(() => selectOne.get()),
    );
    if (found !== LOOKUP_RUNS + LOOKUP_WARMUP) {
      throw new Error(`Barcode lookup found ${found} of ${LOOKUP_RUNS + LOOKUP_WARMUP} products`);
    }
    const stats = summarize(lookup.a);
    const baseline = summarize(lookup.b);
    return {
      figures: [
        {
          name: `Barcode lookup p99, ${label} products`,
          n: stats.n,
          measured: stats.p99,
          baselineName: 'SELECT 1, p99',
          baseline: baseline.p99,
          target: { kind: 'ms-below', value: 1 },
        },
      ],
      notes: [
        `Barcode lookup: median ${formatMs(stats.median)}, max ${formatMs(stats.max)} ` +
          `(${codes.length} codes of random products, scale and price label base codes included); ` +
          `SELECT 1 median ${formatMs(baseline.median)}.`,
      ],
    };
  } finally {
    db.close();
  }
}

const HIT_BUCKETS = [1_000, 10_000, 50_000, Infinity];

function benchSearch(path: string, label: string): Part {
  const db = openDatabase(path);
  try {
    const queries = sampleQueries(db, seededRandom(SEED + 3), SEARCH_QUERIES);
    const rawFts = db.prepare(
      'SELECT rowid FROM products_search WHERE products_search MATCH ? LIMIT ?',
    );
    const results: number[] = [];
    const search = interleave(
      SEARCH_RUNS,
      SEARCH_WARMUP,
      (i) => {
        const query = queries[i % queries.length] as string;
        let found = 0;
        const ms = timeMs(() => {
          found = searchProducts(db, query, 20).length;
        });
        results.push(found);
        return ms;
      },
      (i) => {
        const match = matchExpression(queries[i % queries.length] as string);
        return timeMs(() => rawFts.all(match, 20));
      },
    );
    const stats = summarize(search.a);
    const baseline = summarize(search.b);

    // What makes a search slow: how many products its words match (counted after the timing).
    const countHits = db
      .prepare('SELECT count(*) FROM products_search WHERE products_search MATCH ?')
      .pluck();
    const hitsOf = new Map<string, number>();
    for (const query of queries) hitsOf.set(query, countHits.get(matchExpression(query)) as number);
    const buckets = HIT_BUCKETS.map(() => [] as number[]);
    let slowest = { query: '', ms: 0 };
    search.a.forEach((ms, index) => {
      const query = queries[(index + SEARCH_WARMUP) % queries.length] as string;
      const hits = hitsOf.get(query) ?? 0;
      buckets[HIT_BUCKETS.findIndex((limit) => hits < limit)]?.push(ms);
      if (ms > slowest.ms) slowest = { query, ms };
    });
    const empty = results.filter((count) => count === 0).length;
    let lower = 0;
    const byHits = HIT_BUCKETS.map((limit, index) => {
      const times = buckets[index] as number[];
      const range = limit === Infinity ? `≥ ${lower}` : `${lower}-${limit - 1}`;
      lower = limit;
      return times.length === 0
        ? `${range}: none`
        : `${range}: ${times.length} runs, median ${formatMs(summarize(times).median)}, ` +
            `p99 ${formatMs(summarize(times).p99)}`;
    });
    return {
      figures: [
        {
          name: `Name search p99, ${label} products`,
          n: stats.n,
          measured: stats.p99,
          baselineName: 'raw FTS MATCH, p99',
          baseline: baseline.p99,
          target: { kind: 'ms-below', value: 20 },
        },
      ],
      notes: [
        `Name search: median ${formatMs(stats.median)}, max ${formatMs(stats.max)} ` +
          `(slowest: ${JSON.stringify(slowest.query)}, ${hitsOf.get(slowest.query)} matching products); ` +
          `${queries.length} queries, e.g. ${queries
            .slice(0, 6)
            .map((query) => JSON.stringify(query))
            .join(', ')}; ${((empty / results.length) * 100).toFixed(0)} % found nothing.`,
        `Name search times by how many products the query matches: ${byHits.join('; ')}.`,
      ],
    };
  } finally {
    db.close();
  }
}

function benchOpen(path: string, label: string): Part {
  const code = (() => {
    const db = new Database(path, { readonly: true });
    try {
      return sampleProductCodes(db, seededRandom(SEED + 1), 1, {
        where: '1 = 1',
        labels: false,
      })[0] as string;
    } finally {
      db.close();
    }
  })();
  const open = interleave(
    OPEN_RUNS,
    OPEN_WARMUP,
    () => {
      let db: Db | undefined;
      let product: unknown;
      const ms = timeMs(() => {
        db = openDatabase(path);
        product = findProductByBarcode(db, lookupCodes(parseBarcode(code)));
      });
      db?.close();
      if (!product) throw new Error('The first lookup found nothing');
      return ms;
    },
    () => {
      let db: Db | undefined;
      const ms = timeMs(() => {
        db = new Database(path);
        db.prepare('SELECT product_id FROM barcodes WHERE code = ?').get(code);
      });
      db?.close();
      return ms;
    },
  );
  const stats = summarize(open.a);
  const raw = summarize(open.b);
  return {
    figures: [
      {
        name: `Open the ${label} database + first lookup, median`,
        n: open.a.length,
        measured: stats.median,
        baselineName: 'raw open + SELECT, median',
        baseline: raw.median,
        target: { kind: 'ms-below', value: 300 },
      },
      {
        name: `Open the ${label} database + first lookup, max`,
        n: open.a.length,
        measured: stats.max,
        baselineName: 'raw open + SELECT, max',
        baseline: raw.max,
        target: { kind: 'ms-below', value: 300 },
      },
    ],
    notes: [
      'Opens are warm (the file is in the page cache, the process already loaded the modules); ' +
        'a cold start after boot reads the pages it needs from disk.',
    ],
  };
}

interface PayBench {
  till: BareTill;
  tillDb: Db;
  rawDb: Db;
  /** Rings up a ticket (untimed), then times only the pay call. */
  payOnce(): number;
  /** Times the raw transaction, writing a copy of the ticket paid last. */
  rawOnce(): number;
  close(): void;
}

function setUpPay(catalogPath: string, dir: string): PayBench {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The till pays on (a copy of) the large catalogue, as a real till would.
  const tillPath = join(dir, 'till.db');
  copyFileSync(catalogPath, tillPath);
  const tillDb = openDatabase(tillPath);
  const pin = '1234';
  const cashierId = insertUser(tillDb, {
    name: `Bench cashier ${process.pid}`,
    role: 'cashier',
    pinHash: hashPin(pin),
    createdAt: new Date().toISOString(),
  });
  const till = bareTill({ db: tillDb, clock: () => new Date(), newId: createIdGenerator() });
  till.signIn({ userId: cashierId, pin });
  till.openSession({ counts: { '1000': 5, '200': 10 } });
  const random = seededRandom(SEED + 2);
  const codes = sampleProductCodes(tillDb, random, 500, {
    where: "p.active = 1 AND p.unit = 'piece'",
    labels: false,
  });
  const raw = openRawPay(join(dir, 'raw.db'));

  let last: PaidTicketRows | undefined;
  return {
    till,
    tillDb,
    rawDb: raw.db,
    payOnce() {
      let view: TicketView | undefined;
      for (let line = 0; line < LINES_PER_TICKET; line++) {
        view = till.addByBarcode({ code: pick(random, codes) });
      }
      if (!view || view.lines.length !== LINES_PER_TICKET) throw new Error('Ringing up failed');
      const payments = [{ method: 'card', amount: view.due }];
      let paid: TicketView | undefined;
      const ms = timeMs(() => {
        paid = till.pay({ payments });
      });
      if (paid?.status !== 'paid') throw new Error('The ticket was not paid');
      last = readPaidTicket(tillDb, paid.id);
      return ms;
    },
    rawOnce() {
      if (!last) throw new Error('Pay a ticket first: the raw transaction copies its rows');
      const rows = raw.prepare(last);
      return timeMs(() => raw.write(rows));
    },
    close() {
      tillDb.close();
      raw.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function benchPay(catalogPath: string): Part {
  const bench = setUpPay(catalogPath, join(BENCH_DIR, `pay-${process.pid}`));
  try {
    bench.payOnce(); // the raw side copies the rows of a paid ticket
    const durable = interleave(PAY_RUNS, PAY_WARMUP, bench.payOnce, bench.rawOnce);
    const till = summarize(durable.a);
    const raw = summarize(durable.b);

    // Diagnostic: the same without fsync on either side, to split CPU from the disk's share.
    for (const db of [bench.tillDb, bench.rawDb]) db.pragma('synchronous = OFF');
    const noSync = interleave(PAY_NO_FSYNC_RUNS, 10, bench.payOnce, bench.rawOnce);
    const tillCpu = summarize(noSync.a);
    const rawCpu = summarize(noSync.b);
    return {
      figures: [
        {
          name: `Pay a ticket (${LINES_PER_TICKET} lines), median`,
          n: till.n,
          measured: till.median,
          baselineName: 'raw durable txn, median',
          baseline: raw.median,
          target: { kind: 'ratio-at-most', value: 1.5 },
        },
        {
          name: `Pay a ticket (${LINES_PER_TICKET} lines), p99`,
          n: till.n,
          measured: till.p99,
          baselineName: 'raw durable txn, p99',
          baseline: raw.p99,
          target: null,
        },
      ],
      notes: [
        `Pay: till median ${formatMs(till.median)} / max ${formatMs(till.max)}; ` +
          `raw median ${formatMs(raw.median)} / max ${formatMs(raw.max)}.`,
        `Without fsync (synchronous=OFF on both, ${PAY_NO_FSYNC_RUNS} runs each, after): ` +
          `till ${formatMs(tillCpu.median)} median, raw ${formatMs(rawCpu.median)} median ` +
          `(${formatRatio(tillCpu.median / rawCpu.median)}): the commit's fsync costs about ` +
          `${formatMs(Math.max(0, raw.median - rawCpu.median))} here, the rest is CPU.`,
      ],
    };
  } finally {
    bench.close();
  }
}

// -------------------------------------------------------------------------------------------
// Report

function verdict(figure: Figure): { target: string; ratio: string; result: string } {
  const ratio = figure.measured / figure.baseline;
  const target = figure.target;
  if (!target) return { target: '(information)', ratio: formatRatio(ratio), result: '' };
  if (target.kind === 'ratio-at-most') {
    return {
      target: `ratio ≤ ${target.value}`,
      ratio: formatRatio(ratio),
      result: ratio <= target.value ? 'PASS' : 'MISS',
    };
  }
  return {
    target: `< ${target.value} ms`,
    ratio: formatRatio(ratio),
    result: figure.measured < target.value ? 'PASS' : 'MISS',
  };
}

async function main(): Promise<void> {
  const started = nowMs();
  const { values } = parseArgs({
    options: {
      rebuild: { type: 'boolean', default: false },
      count: { type: 'string', default: '200000' },
      // One figure alone (pay, lookup, search, open) while working on it; no device figures.
      only: { type: 'string' },
    },
  });
  const only = values.only;
  if (only !== undefined && !['pay', 'lookup', 'search', 'open'].includes(only)) {
    throw new Error('--only: one of pay, lookup, search, open');
  }
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1000) throw new Error('--count: an integer ≥ 1000');

  const cpus = os.cpus();
  console.log(
    `Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}, ${os.platform()} ${os.arch()}; ` +
      `SQLite ${new Database(':memory:').prepare('SELECT sqlite_version()').pluck().get() as string}`,
  );
  const catalog = ensureCatalogDb({ dir: BENCH_DIR, count, seed: SEED, rebuild: values.rebuild });
  console.log(
    `Catalogue: ${catalog.count} products in ${catalog.path} ` +
      (catalog.buildSeconds === null
        ? '(reused; --rebuild to build it again)'
        : `(built in ${catalog.buildSeconds.toFixed(1)} s)`),
  );
  console.log('');

  const label = count % 1000 === 0 ? `${count / 1000}k` : String(count);
  const seconds: string[] = [];
  if (catalog.buildSeconds !== null) seconds.push(`catalogue ${catalog.buildSeconds.toFixed(1)} s`);
  const timed = (name: string, run: () => Part): Part => {
    const start = nowMs();
    const part = run();
    seconds.push(`${name} ${((nowMs() - start) / 1000).toFixed(1)} s`);
    return part;
  };
  const benches: [string, () => Part][] = [
    ['pay', () => benchPay(catalog.path)],
    ['lookup', () => benchLookup(catalog.path, label)],
    ['search', () => benchSearch(catalog.path, label)],
    ['open', () => benchOpen(catalog.path, label)],
  ];
  const parts = benches
    .filter(([name]) => only === undefined || name === only)
    .map(([name, run]) => timed(name, run));
  const figures = parts.flatMap((part) => part.figures);
  console.log(
    table(
      [
        'Figure',
        'n',
        'Measured',
        'Baseline (same process)',
        'Baseline',
        'Ratio',
        'Target',
        'Result',
      ],
      figures.map((figure) => {
        const { target, ratio, result } = verdict(figure);
        return [
          figure.name,
          String(figure.n),
          formatMs(figure.measured),
          figure.baselineName,
          formatMs(figure.baseline),
          ratio,
          target,
          result,
        ];
      }),
    ),
  );
  console.log('');
  for (const note of parts.flatMap((part) => part.notes)) console.log(`- ${note}`);
  console.log('');
  // The device figures (bench/devices.ts), after the till core's.
  if (only === undefined) seconds.push(...(await printDeviceFigures()));
  console.log('');
  console.log(`Whole run: ${((nowMs() - started) / 1000).toFixed(1)} s (${seconds.join(', ')}).`);
}

await main();
