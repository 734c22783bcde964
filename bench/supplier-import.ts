/**
 * Previewing a supplier's price list on a BEES-sized store (3,500 products): `npx tsx
 * bench/supplier-import.ts` (PGlite in this process; `STORE=pg` for the PostgreSQL at
 * $BENCH_DATABASE_URL, else $TEST_DATABASE_URL, in a throwaway schema).
 * The file has 10,000 lines: 3,000 products the supplier already sells us (a third with a new
 * cost), 300 of ours found by barcode, 6,700 we do not sell; 200 of today's links are gone.
 * Target: the preview (read, map, compare, suggest prices, keep it) < 10 s, for a CSV in
 * Windows-1252 with decimal commas and for the same list as XLSX. Baseline, same run: reading
 * the same file into rows alone (the table reader, or exceljs for the XLSX). Then, once, for
 * scale (no target): applying the CSV's preview.
 */
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ean13CheckDigit } from '../domain/barcode';
import { readTable } from '../domain/table-file';
import { migrateServer } from '../server/migrate';
import { openPgliteStore, openPgStore, type Store } from '../server/store';
import { applyPriceList, previewPriceList } from '../server/stock/price-lists';
import { readSupplierFile } from '../server/stock/supplier-file';
import { formatMs, formatRatio, nowMs, table } from './stats';

const PRODUCTS = 3_500;
const LINKED = 3_000;
const BY_BARCODE = 300; // products 3,201 to 3,500: ours, not yet bought from this supplier
const LINES = 10_000;
const GONE = 200;
const RUNS = Number(process.env.RUNS ?? 3);

const ean13 = (first12: string) => first12 + String(ean13CheckDigit(first12));
const barcodeOf = (index: number) => ean13(`54${String(index).padStart(10, '0')}`);
const euros = (cents: number) =>
  `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

async function openStore(): Promise<{ store: Store; close: () => Promise<void> }> {
  if (process.env.STORE !== 'pg') {
    const store = await openPgliteStore(null);
    return { store, close: () => store.close() };
  }
  const url =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const store = await openPgStore(url, { schema });
  return {
    store,
    async close() {
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

async function seed(store: Store): Promise<number> {
  await migrateServer(store);
  await store.exec(
    `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES (6, '6 %', 600, 1), (21, '21 %', 2100, 2);
     INSERT INTO categories (id, name, version) VALUES (1, 'Épicerie', 3);`,
  );
  const products = Array.from({ length: PRODUCTS }, (_, i) => ({
    id: i + 1,
    name: `Produit ${i + 1}`,
    price: 150 + (i % 900),
    vat: i % 7 === 0 ? 21 : 6,
    barcode: barcodeOf(i + 1),
  }));
  await store.query(
    `INSERT INTO products (id, name, category_id, tax_rate_id, price, unit, barcodes, version)
     SELECT p.id, p.name, 1, p.vat, p.price, 'piece', ARRAY[p.barcode], nextval('catalog_version')
       FROM jsonb_to_recordset($1::jsonb) AS p(id int, name text, vat int, price int, barcode text)`,
    [JSON.stringify(products)],
  );
  const [supplier] = await store.query<{ id: number }>(
    `INSERT INTO suppliers (name, import_mapping, created_at, updated_at)
     VALUES ('Grossiste bio', $1::jsonb, 'now', 'now') RETURNING id`,
    [
      JSON.stringify({
        code: 'réf',
        barcode: 'ean',
        name: 'désignation',
        cost: 'prix ht',
        packSize: 'colisage',
        costPer: 'unit',
      }),
    ],
  );
  const supplierId = (supplier as { id: number }).id;
  // Today's links: the first LINKED products, and GONE more the new list no longer has.
  await store.query(
    `INSERT INTO supplier_products (supplier_id, product_id, supplier_code, pack_size, cost, updated_at)
     SELECT $1, g, 'G-' || g, 6000, 100 + g % 500, 'now' FROM generate_series(1, $2::int) AS g`,
    [supplierId, LINKED + GONE],
  );
  return supplierId;
}

/** The supplier's list as rows of cells: code, barcode, name, cost (cents), pack. */
function listRows(): [string, string, string, number, number][] {
  return Array.from({ length: LINES }, (_, i) => {
    const n = i + 1;
    if (n <= LINKED) {
      const cost = 100 + (n % 500) + (n % 3 === 0 ? 7 : 0); // a third of the costs move
      return [`G-${n}`, barcodeOf(n), `Produit ${n}`, cost, 6];
    }
    if (n <= LINKED + BY_BARCODE) {
      const product = LINKED + GONE + (n - LINKED);
      return [`N-${n}`, barcodeOf(product), `Produit ${product}`, 200 + (n % 300), 12];
    }
    return [`U-${n}`, barcodeOf(100_000 + n), `Article inconnu ${n}`, 99 + (n % 400), 10];
  });
}

function csvFile(): Buffer {
  const lines = listRows().map(
    ([code, barcode, name, cost, pack]) => `${code};${barcode};${name};${euros(cost)};${pack}`,
  );
  // Windows-1252 (é as one byte), as Excel's plain CSV on Windows.
  return Buffer.from(`Réf;EAN;Désignation;Prix HT;Colisage\r\n${lines.join('\r\n')}\r\n`, 'latin1');
}

async function xlsxFile(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Tarif');
  sheet.addRow(['Réf', 'EAN', 'Désignation', 'Prix HT', 'Colisage']);
  for (const [code, barcode, name, cost, pack] of listRows()) {
    sheet.addRow([code, barcode, name, cost / 100, pack]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = nowMs();
    await work();
    samples.push(nowMs() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;
}

async function main() {
  const { store, close } = await openStore();
  try {
    const supplierId = await seed(store);
    const files = { csv: csvFile(), xlsx: await xlsxFile() };
    const rows: string[][] = [];
    for (const [format, bytes] of Object.entries(files)) {
      const preview = await previewPriceList(store, {
        supplierId,
        bytes,
        fileName: `tarif.${format}`,
        personId: null,
        now: new Date(),
      });
      const counts = `${preview.added.length} new, ${preview.changed.length} changed, ${preview.unchanged} same, ${preview.gone.length} gone, ${preview.unknown.length} unknown`;
      const baseline = await timed(async () =>
        format === 'csv' ? readTable(bytes) : readSupplierFile(bytes),
      );
      const full = await timed(() =>
        previewPriceList(store, {
          supplierId,
          bytes,
          fileName: `tarif.${format}`,
          personId: null,
          now: new Date(),
        }),
      );
      rows.push([
        `${format} (${Math.round(bytes.length / 1024)} KiB)`,
        formatMs(full),
        formatMs(baseline),
        formatRatio(full / baseline),
        full < 10_000 ? 'yes' : 'NO',
        counts,
      ]);
    }
    // Once, for scale: applying the CSV's preview (links, costs, 1,300 suggested prices queued).
    const last = await previewPriceList(store, {
      supplierId,
      bytes: files.csv,
      fileName: 'tarif.csv',
      personId: null,
      now: new Date(),
    });
    const applyStart = nowMs();
    const applied = await applyPriceList(store, {
      supplierId,
      importId: last.id,
      effectiveFrom: '2026-12-10',
      personId: null,
      now: new Date(),
    });
    const applyMs = nowMs() - applyStart;
    console.log(
      `Preview of a ${LINES.toLocaleString('en')}-line supplier file, ${PRODUCTS.toLocaleString('en')} products, ${process.env.STORE === 'pg' ? 'PostgreSQL' : 'PGlite'}, median of ${RUNS}`,
    );
    console.log(
      table(['file', 'preview', 'baseline: read rows', 'ratio', '< 10 s', 'what it found'], rows),
    );
    console.log(
      `Applying the CSV's preview once: ${formatMs(applyMs)} (${applied.costsChanged} costs, ${applied.priceChangesQueued} prices queued for approval, ${applied.deactivated} links made inactive)`,
    );
  } finally {
    await close();
  }
}

await main();
