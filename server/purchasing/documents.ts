import PDFDocument from 'pdfkit';
import { centsToDecimalString } from '../../domain/money';
import { quantityWords } from '../../domain/purchasing';
import type { Order } from './orders';

/**
 * A purchase order as the supplier receives it: an A4 PDF for people (a table that runs on to more pages), and
 * a CSV (`;`, decimal points, UTF-8) for the supplier's order entry.
 */

const euros = (cents: number) => `€ ${centsToDecimalString(cents)}`;
const packs = (line: Order['lines'][number]) =>
  line.quantity % line.packSize === 0 ? String(line.quantity / line.packSize) : '';

/** Fields quoted only when they must be; a formula's leading sign is defused for spreadsheets. */
function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function orderCsv(order: Order): string {
  const rows = [
    ['supplier_code', 'product', 'quantity', 'packs', 'pack_size', 'unit_cost', 'line_total'],
    ...order.lines.map((line) => [
      line.supplierCode ?? '',
      line.name,
      quantityWords(line.quantity),
      packs(line),
      quantityWords(line.packSize),
      centsToDecimalString(line.unitCost),
      centsToDecimalString(line.cost),
    ]),
  ];
  return rows.map((row) => row.map(csvField).join(';')).join('\r\n') + '\r\n';
}

export const orderFileName = (order: Order, extension: 'pdf' | 'csv') =>
  `purchase-order-${order.id}.${extension}`;

export function orderPdf(order: Order, shopName: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: { Title: `Purchase order ${order.id}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(18).text(`Purchase order ${order.id}`);
  doc.font('Helvetica').fontSize(11).moveDown(0.3);
  doc.text(`From: ${shopName}`);
  doc.text(`To: ${order.supplierName}${order.supplierEmail ? ` <${order.supplierEmail}>` : ''}`);
  doc.text(`Date: ${(order.sentAt ?? order.createdAt).slice(0, 10)}`);
  doc.moveDown();

  const columns = [
    { title: 'Code', x: 40, width: 70, align: 'left' as const },
    { title: 'Product', x: 115, width: 180, align: 'left' as const },
    { title: 'Packs', x: 300, width: 40, align: 'right' as const },
    { title: 'Pack', x: 345, width: 45, align: 'right' as const },
    { title: 'Quantity', x: 395, width: 50, align: 'right' as const },
    { title: 'Unit cost', x: 450, width: 50, align: 'right' as const },
    { title: 'Total', x: 505, width: 50, align: 'right' as const },
  ];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    let bottom = y;
    columns.forEach((column, i) => {
      doc.text(cells[i] ?? '', column.x, y, { width: column.width, align: column.align });
      bottom = Math.max(bottom, doc.y);
    });
    doc.x = 40;
    doc.y = bottom + 3;
  };
  const rule = () => {
    doc.moveTo(40, doc.y).lineTo(555, doc.y).stroke();
    doc.y += 3;
  };
  const headings = () => {
    row(
      columns.map((column) => column.title),
      true,
    );
    rule();
  };
  // A supplier reading page 2 on its own still knows whose order it is and what each column says.
  let page = 1;
  const roomFor = () => {
    if (doc.y <= 760) return;
    doc.addPage();
    page += 1;
    doc.font('Helvetica-Bold').fontSize(11).text(`Purchase order ${order.id}, page ${page}`);
    doc.moveDown(0.5);
    headings();
  };
  headings();
  for (const line of order.lines) {
    roomFor();
    row([
      line.supplierCode ?? '',
      line.name,
      packs(line),
      quantityWords(line.packSize),
      quantityWords(line.quantity),
      euros(line.unitCost),
      euros(line.cost),
    ]);
  }
  roomFor();
  rule();
  row(['', `${order.lines.length} lines`, '', '', '', 'Total', euros(order.total)], true);
  doc.end();
  return done;
}
