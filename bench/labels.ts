/**
 * Shelf labels' benchmark: `npx tsx bench/labels.ts` (ROUNDS=5 by default). The issue's figure:
 * 500 labels to PDF in < 10 s. Measured: the queue of 500 products read from the server's store
 * (PGlite in this process, migrated, each product with a price history, one in five reduced) and
 * drawn as the A4 PDF the back office gets (waitingLabels + labelsPdf: names FR/NL, price, unit
 * price, EAN-13 bars, reductions). Baseline, in the same run and interleaved with it (A B, then
 * B A, ...): the same 500 labels as text only (name and price) on the same grid by pdfkit, no
 * database and no barcode: what pdfkit itself costs for that many labels.
 * A report, not a test: PASS or MISS stands beside the target; the exit code is 0.
 */
import os from 'node:os';
import PDFDocument from 'pdfkit';
import { ean13CheckDigit } from '../domain/barcode';
import { labelPlace, sheetGrid, type ShelfLabel } from '../domain/shelf-label';
import { migrateServer } from '../server/migrate';
import { labelsPdf } from '../server/stock/label-pdf';
import { waitingLabels } from '../server/stock/labels';
import { openPgliteStore } from '../server/store';
import { formatRatio, nowMs } from './stats';

const LABELS = 500;
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const MM = 72 / 25.4;
const WORDS = ['Lentilles', 'Café', 'Jus', 'Pâtes', 'Riz', 'Farine', 'Œufs', 'Chocolat'];
const KINDS = ['vertes bio', 'moulu équitable', 'de pomme', 'complètes', 'basmati', 'T65'];

async function seed() {
  const store = await openPgliteStore(null);
  await migrateServer(store);
  await store.query(`INSERT INTO tax_rates (id, name, rate_bp, version) VALUES (6, '6 %', 600, 1)`);
  const day = 24 * 60 * 60 * 1000;
  for (let id = 1; id <= LABELS; id += 1) {
    const first12 = `541${String(id).padStart(9, '0')}`;
    const loose = id % 10 === 0;
    await store.query(
      `INSERT INTO products (id, name, name_nl, tax_rate_id, price, unit, barcodes, net_content,
                             content_unit, zone, version)
       VALUES ($1, $2, $3, 6, $4, $5, $6, $7, $8, $9, 1)`,
      [
        id,
        `${WORDS[id % WORDS.length]} ${KINDS[id % KINDS.length]} ${id}`,
        `Product ${id} NL`,
        99 + ((id * 37) % 1500),
        loose ? 'kg' : 'piece',
        loose ? [] : [`${first12}${ean13CheckDigit(first12)}`],
        loose ? null : 250_000 + (id % 4) * 250_000,
        loose ? null : 'g',
        `R${1 + (id % 12)}`,
      ],
    );
    const reduced = id % 5 === 0;
    await store.query(
      `INSERT INTO price_history (product_id, price, at) VALUES ($1, $2, $3), ($1, $4, $5)`,
      [
        id,
        reduced ? 99 + ((id * 37) % 1500) + 50 : 99 + ((id * 37) % 1500),
        new Date(Date.now() - 60 * day).toISOString(),
        99 + ((id * 37) % 1500),
        new Date(Date.now() - 3 * day).toISOString(),
      ],
    );
    await store.query(
      `INSERT INTO label_queue (product_id, reason, queued_at) VALUES ($1, 'price', 'now')`,
      [id],
    );
  }
  return store;
}

/** The baseline: the same labels, name and price only, on the same grid. */
async function textOnlyPdf(labels: readonly ShelfLabel[]): Promise<Buffer> {
  const grid = sheetGrid('60x38');
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on('end', resolve));
  labels.forEach((label, index) => {
    if (index % grid.perPage === 0) doc.addPage();
    const { xMm, yMm } = labelPlace(grid, index);
    doc
      .font('Helvetica-Bold')
      .fontSize(9.5)
      .text(label.nameFr, xMm * MM + 7, yMm * MM + 7, {
        lineBreak: false,
      });
    doc.fontSize(24).text(label.price, xMm * MM + 7, yMm * MM + 30, { lineBreak: false });
  });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

async function main() {
  const store = await seed();
  const labels = await waitingLabels(store);
  if (labels.length !== LABELS) throw new Error(`Expected ${LABELS} labels, got ${labels.length}`);
  const full: number[] = [];
  const baseline: number[] = [];
  let bytes = 0;
  const runFull = async () => {
    const start = nowMs();
    const pdf = await labelsPdf(await waitingLabels(store), '60x38');
    full.push(nowMs() - start);
    bytes = pdf.length;
  };
  const runBaseline = async () => {
    const start = nowMs();
    await textOnlyPdf(labels);
    baseline.push(nowMs() - start);
  };
  await runFull(); // warm-up, not counted
  full.length = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round % 2 === 0) {
      await runFull();
      await runBaseline();
    } else {
      await runBaseline();
      await runFull();
    }
  }
  await store.close();
  const a = median(full);
  const b = median(baseline);
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  console.log(`500 labels to PDF (60x38, ${Math.ceil(LABELS / 21)} A4 pages, ${bytes} bytes)`);
  console.log(
    `  queue read + full labels: median ${a.toFixed(0)} ms of ${ROUNDS} (target < 10000 ms: ${a < 10_000 ? 'PASS' : 'MISS'})`,
  );
  console.log(`  baseline, text only:      median ${b.toFixed(0)} ms`);
  console.log(`  ratio ${formatRatio(a / b)}; load average ${load}; ${os.cpus().length} cores`);
}

await main();
