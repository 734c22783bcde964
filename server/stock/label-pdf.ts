import bwipjs from 'bwip-js/node';
import PDFDocument from 'pdfkit';
import { labelPlace, sheetGrid, type LabelSize, type ShelfLabel } from '../../domain/shelf-label';

/**
 * Shelf labels on A4 sheets (pdfkit): a grid of labels of one size, each framed by a thin grey
 * line to cut along. A label is laid out for 60 x 38 mm and scaled to the size asked. The
 * EAN-13 is drawn as vector bars from bwip-js's encoding (its guards a little longer, its digits
 * under it), crisp at any printer's resolution. Fonts are PDF's standard Helvetica: nothing to
 * embed, and every French and Dutch letter is in its character set.
 */

const MM = 72 / 25.4;
/** The size the layout below is drawn for; others are scaled from it. */
const BASE = { widthMm: 60, heightMm: 38 };
/** Bars and spaces of an EAN-13 as modules; width of one module on a 60 x 38 label. */
const EAN_MODULES = 95;
const MODULE_MM = 0.3;
/** EAN-13 at 80 % of its nominal 0.33 mm, the smallest the standard allows. */
const MIN_MODULE_MM = 0.264;

export async function labelsPdf(labels: readonly ShelfLabel[], size: LabelSize): Promise<Buffer> {
  const grid = sheetGrid(size);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: 'Étiquettes de rayon / Schaplabels', Producer: 'EasyMyMarket' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  if (labels.length === 0) {
    doc.addPage();
    doc
      .font('Helvetica')
      .fontSize(12)
      .text('Aucune étiquette / Geen labels', 20 * MM, 20 * MM);
  }
  labels.forEach((label, index) => {
    const place = labelPlace(grid, index);
    if (index % grid.perPage === 0) doc.addPage();
    drawLabel(doc, label, {
      x: place.xMm * MM,
      y: place.yMm * MM,
      width: grid.widthMm * MM,
      height: grid.heightMm * MM,
    });
  });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function drawLabel(doc: PDFKit.PDFDocument, label: ShelfLabel, box: Box): void {
  // Vertical places scale with the height, fonts with the smaller of the two ratios.
  const sy = box.height / (BASE.heightMm * MM);
  const s = Math.min(box.width / (BASE.widthMm * MM), sy);
  const pad = 2.5 * MM * s;
  const left = box.x + pad;
  const inner = box.width - 2 * pad;
  const at = (pt: number) => box.y + pt * sy;
  const line = { lineBreak: false, ellipsis: true, width: inner, height: 12 * s } as const;

  doc.lineWidth(0.3).strokeColor('#bbbbbb').rect(box.x, box.y, box.width, box.height).stroke();
  doc
    .fillColor('black')
    .font('Helvetica-Bold')
    .fontSize(9.5 * s);
  if (label.nameNl) {
    doc.text(label.nameFr, left, at(7), line);
    doc
      .fillColor('#333333')
      .font('Helvetica-Oblique')
      .fontSize(8.5 * s);
    doc.text(label.nameNl, left, at(18.5), line);
  } else {
    // No Dutch name: the French one may take the second line too.
    doc.text(label.nameFr, left, at(7), { ...line, lineBreak: true, height: 24 * s });
  }

  const half = { width: inner / 2, lineBreak: false } as const;
  doc
    .fillColor('black')
    .font('Helvetica')
    .fontSize(7.5 * s);
  if (label.content) doc.text(label.content, left, at(31), half);
  if (label.percent !== null) {
    const text = `-${label.percent} %`;
    doc.font('Helvetica-Bold').fontSize(10 * s);
    const width = doc.widthOfString(text) + 4 * s;
    doc.rect(left, at(42), width, 13 * s).fill('black');
    doc.fillColor('white').text(text, left + 2 * s, at(44.5), { lineBreak: false });
  }

  const right = { width: inner, align: 'right', lineBreak: false } as const;
  const price = label.perKg ? `${label.price}/kg` : label.price;
  // A long price (1234,00 €/kg) shrinks to leave the content and the reduction their room.
  let priceSize = 24 * s;
  doc.fillColor('black').font('Helvetica-Bold').fontSize(priceSize);
  while (doc.widthOfString(price) > inner * 0.7 && priceSize > 12 * s) {
    priceSize -= s;
    doc.fontSize(priceSize);
  }
  doc.text(price, left, at(30) + (24 * s - priceSize) * 0.8, right);
  // A loose product's price is its price per kg already: said once, big.
  if (label.unitPrice && !label.perKg) {
    doc.font('Helvetica').fontSize(8 * s);
    doc.text(label.unitPrice, left, at(55), right);
  }

  if (label.previous) {
    doc.font('Helvetica').fontSize(5.5 * s);
    doc.text('Prix le plus bas 30 j.', left, at(68), right);
    doc.text('Laagste prijs 30 d.', left, at(74.5), right);
    doc.font('Helvetica-Bold').fontSize(8 * s);
    doc.text(label.previous, left, at(81), right);
  }
  if (label.zone) {
    doc
      .fillColor('#666666')
      .font('Helvetica')
      .fontSize(5.5 * s);
    doc.text(label.zone, left, at(96), right);
  }
  if (label.ean) drawEan13(doc, label.ean, left + 6 * s, at(66), s, sy);
}

/** The bars of an EAN-13 (its 13 digits, check digit right), its digits under them. */
function drawEan13(
  doc: PDFKit.PDFDocument,
  ean: string,
  x: number,
  y: number,
  s: number,
  sy: number,
): void {
  const [encoded] = bwipjs.raw('ean13', ean, {}) as { sbs: number[] }[];
  if (!encoded) throw new Error(`bwip-js gave no bars for ${ean}`);
  const module = Math.max(MODULE_MM * s, MIN_MODULE_MM) * MM;
  const barHeight = 24 * sy;
  // Bars 0-1, 14-15 and 28-29 are the guards: longer, between and around the digits.
  const guards = new Set([0, 1, 14, 15, 28, 29]);
  let cursor = x;
  encoded.sbs.forEach((modules, index) => {
    const width = modules * module;
    if (index % 2 === 0) {
      const bar = index / 2;
      doc.rect(cursor, y, width, barHeight + (guards.has(bar) ? 4 * sy : 0));
    }
    cursor += width;
  });
  doc.fill('black');
  doc.font('Helvetica').fontSize(7 * s);
  const digitY = y + barHeight + 1 * sy;
  const digit = (char: string, fromModule: number) =>
    doc.text(char, x + fromModule * module, digitY, {
      width: 7 * module,
      align: 'center',
      lineBreak: false,
    });
  digit(ean.charAt(0), -8);
  for (let i = 1; i <= 6; i += 1) digit(ean.charAt(i), 3 + (i - 1) * 7);
  for (let i = 7; i <= 12; i += 1) digit(ean.charAt(i), 50 + (i - 7) * 7);
  if (cursor - x > EAN_MODULES * module + 0.01) throw new Error(`EAN-13 ${ean} drawn too wide`);
}
