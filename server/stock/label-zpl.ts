import { LABEL_SIZES, type LabelSize, type ShelfLabel } from '../../domain/shelf-label';

/**
 * Shelf labels in ZPL II for label printers (Zebra and those that speak it), one ^XA...^XZ per
 * label, at 203 dpi (8 dots a millimetre), the most common head. Text is UTF-8 (^CI28); every
 * field goes through ^FH so that a ^ or ~ in a product's name cannot end the field or start a
 * command. The EAN-13 is given its 12 first digits: ^BE computes the check digit itself, the
 * one our barcode already carries.
 */

const DOTS_PER_MM = 8;

/** A field's text with ^FH escapes: _ ^ ~ as their hex codes, nothing else touched. */
export function zplText(text: string): string {
  return text.replace(/[_^~]/g, (char) => `_${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Text cut to what a one-line field holds: font 0's characters average about 0.55 of its
 * height; ^FB would otherwise print the rest over the same line.
 */
export function fitZpl(text: string, widthDots: number, fontDots: number): string {
  const room = Math.floor(widthDots / (fontDots * 0.55));
  return text.length <= room ? text : `${text.slice(0, Math.max(1, room - 3)).trimEnd()}...`;
}

export function labelsZpl(labels: readonly ShelfLabel[], size: LabelSize): string {
  return labels.map((label) => labelZpl(label, size)).join('');
}

function labelZpl(label: ShelfLabel, size: LabelSize): string {
  const { widthMm, heightMm } = LABEL_SIZES[size];
  const width = widthMm * DOTS_PER_MM;
  const height = heightMm * DOTS_PER_MM;
  // Laid out for 60 x 38 mm (480 x 304 dots), scaled to the size asked.
  const s = Math.min(width / 480, height / 304);
  const d = (dots: number) => Math.round(dots * s);
  const pad = d(20);
  const inner = width - 2 * pad;
  const field = (x: number, y: number, font: number, w: number, align: 'L' | 'R', text: string) =>
    `^FO${x},${d(y)}^A0N,${d(font)},${d(font)}^FB${w},1,0,${align}^FH^FD${zplText(fitZpl(text, w, d(font)))}^FS\n`;

  let zpl = `^XA\n^CI28\n^PW${width}\n^LL${height}\n`;
  zpl += field(pad, 16, 30, inner, 'L', label.nameFr);
  if (label.nameNl) zpl += field(pad, 50, 26, inner, 'L', label.nameNl);
  if (label.content) zpl += field(pad, 86, 22, inner / 2, 'L', label.content);
  if (label.percent !== null) {
    zpl += `^FO${pad},${d(116)}^GB${d(100)},${d(36)},${d(36)}^FS\n`;
    zpl += `^FO${pad},${d(122)}^FR^A0N,${d(28)},${d(28)}^FB${d(100)},1,0,C^FD-${label.percent} %^FS\n`;
  }
  zpl += field(pad, 84, 70, inner, 'R', label.perKg ? `${label.price}/kg` : label.price);
  if (label.unitPrice && !label.perKg) zpl += field(pad, 156, 24, inner, 'R', label.unitPrice);
  if (label.previous) {
    zpl += field(pad, 190, 16, inner, 'R', 'Prix le plus bas 30 j.');
    zpl += field(pad, 208, 16, inner, 'R', 'Laagste prijs 30 d.');
    zpl += field(pad, 228, 24, inner, 'R', label.previous);
  }
  if (label.zone) zpl += field(pad, 276, 16, inner, 'R', label.zone);
  if (label.ean) {
    zpl += `^FO${pad + d(16)},${d(192)}^BY${Math.max(1, d(2))}^BEN,${d(70)},Y,N^FD${label.ean.slice(0, 12)}^FS\n`;
  }
  return `${zpl}^XZ\n`;
}
