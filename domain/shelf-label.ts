import { isValidEan13 } from './barcode';
import { divRound, type Cents, type Milli } from './money';
import { lowestPriceBefore, priceSince, type PriceSince } from './price-history';
import {
  unitPrice,
  type ContentUnit,
  type SaleUnit,
  type UnitPrice,
  type UnitPriceBasis,
} from './unit-price';

/**
 * What a shelf label says, worked out from a product: the price, the unit price the law asks
 * for (EU 98/6/EC: per kg or per litre, per piece for what is sold by the piece), the net
 * content, the EAN-13 to draw, and for a price reduction the lowest price of the 30 days before
 * it (98/6/EC art. 6a, as the Omnibus directive 2019/2161 added it). All on integers.
 */

export interface Reduction {
  /** The lowest price of the 30 days before, which the reduction is measured against. */
  previous: Cents;
  /** The reduction in whole percent, rounded half up. */
  percent: number;
}

/** A reduction to announce when today's price is below the lowest of the 30 days before. */
export function reduction(currentPrice: Cents, lowestPrior: Cents | null): Reduction | null {
  if (lowestPrior === null || currentPrice >= lowestPrior) return null;
  return {
    previous: lowestPrior,
    percent: divRound((lowestPrior - currentPrice) * 100, lowestPrior),
  };
}

/** Cents as a Belgian shelf writes them: "2,99 €". */
export function euros(cents: Cents): string {
  const whole = Math.trunc(cents / 100);
  return `${whole},${String(cents % 100).padStart(2, '0')} €`;
}

const BASIS_TEXT: Readonly<Record<UnitPriceBasis, string>> = { kg: 'kg', l: 'l', piece: 'pc' };

/** "5,98 €/kg", "4,52 €/l", "0,42 €/pc". */
export function unitPriceText(unit: UnitPrice): string {
  return `${euros(unit.cents)}/${BASIS_TEXT[unit.per]}`;
}

/** A net content as packs print it: "500 g", "1,5 l", "6 pc". */
export function contentText(netContent: Milli, contentUnit: ContentUnit): string {
  const whole = Math.trunc(netContent / 1000);
  const fraction = String(netContent % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  const amount = fraction === '' ? String(whole) : `${whole},${fraction}`;
  return `${amount} ${contentUnit === 'piece' ? 'pc' : contentUnit}`;
}

/** The EAN-13 a label draws: the product's first barcode that is one, check digit right. */
export function labelEan(barcodes: readonly string[]): string | null {
  return barcodes.find(isValidEan13) ?? null;
}

export interface LabelProduct {
  productId: number;
  name: string;
  nameNl: string | null;
  price: Cents;
  unit: SaleUnit;
  netContent: Milli | null;
  contentUnit: ContentUnit | null;
  barcodes: readonly string[];
  zone: string | null;
  history: readonly PriceSince[];
}

/** A label as printed: every text already written, the barcode's digits or none. */
export interface ShelfLabel {
  productId: number;
  zone: string | null;
  nameFr: string;
  /** None when the catalogue has no Dutch name: the French one then takes both lines. */
  nameNl: string | null;
  price: string;
  /** "/kg" after the price of what is sold by weight. */
  perKg: boolean;
  unitPrice: string | null;
  content: string | null;
  ean: string | null;
  previous: string | null;
  percent: number | null;
}

export function shelfLabel(product: LabelProduct): ShelfLabel {
  const unit = unitPrice(product);
  // The lowest price of the 30 days before today's price took effect.
  const since = priceSince(product.history, product.price);
  const cut = reduction(
    product.price,
    since === null ? null : lowestPriceBefore(product.history, since, product.price),
  );
  const content =
    product.netContent !== null && product.contentUnit !== null
      ? contentText(product.netContent, product.contentUnit)
      : null;
  return {
    productId: product.productId,
    zone: product.zone,
    nameFr: product.name,
    // An empty Dutch name is none: the French name takes its line rather than a blank one.
    nameNl: product.nameNl?.trim() ? product.nameNl : null,
    price: euros(product.price),
    perKg: product.unit === 'kg',
    // One piece sold by the piece: its unit price is its price, said once.
    unitPrice:
      unit === null || (unit.per === 'piece' && product.netContent === 1000)
        ? null
        : unitPriceText(unit),
    content,
    ean: labelEan(product.barcodes),
    previous: cut ? euros(cut.previous) : null,
    percent: cut ? cut.percent : null,
  };
}

/** Shelf order: by zone (the ones with none last), then by name as French sorts it. */
export function shelfOrder(a: ShelfLabel, b: ShelfLabel): number {
  if (a.zone !== b.zone) {
    if (a.zone === null) return 1;
    if (b.zone === null) return -1;
    return a.zone.localeCompare(b.zone, 'fr', { numeric: true });
  }
  return a.nameFr.localeCompare(b.nameFr, 'fr') || a.productId - b.productId;
}

/** The label sizes a sheet can be cut to, in millimetres; 60 x 38 unless asked otherwise. */
export const LABEL_SIZES = {
  '60x38': { widthMm: 60, heightMm: 38 },
  '50x30': { widthMm: 50, heightMm: 30 },
  '70x42': { widthMm: 70, heightMm: 42 },
} as const;
export type LabelSize = keyof typeof LABEL_SIZES;
export const DEFAULT_LABEL_SIZE: LabelSize = '60x38';

export const A4 = { widthMm: 210, heightMm: 297 } as const;

export interface SheetGrid {
  columns: number;
  rows: number;
  perPage: number;
  /** Where the first label's top left corner is: the grid is centred on the page. */
  leftMm: number;
  topMm: number;
  widthMm: number;
  heightMm: number;
}

/** As many labels as fit on A4 inside the margins, the grid centred on the page. */
export function sheetGrid(size: LabelSize, marginMm = 10): SheetGrid {
  const { widthMm, heightMm } = LABEL_SIZES[size];
  const columns = Math.floor((A4.widthMm - 2 * marginMm) / widthMm);
  const rows = Math.floor((A4.heightMm - 2 * marginMm) / heightMm);
  return {
    columns,
    rows,
    perPage: columns * rows,
    leftMm: (A4.widthMm - columns * widthMm) / 2,
    topMm: (A4.heightMm - rows * heightMm) / 2,
    widthMm,
    heightMm,
  };
}

/** Where the n-th label (from 0) goes: its page (from 0) and its top left corner in mm. */
export function labelPlace(
  grid: SheetGrid,
  index: number,
): { page: number; xMm: number; yMm: number } {
  const page = Math.floor(index / grid.perPage);
  const onPage = index % grid.perPage;
  return {
    page,
    xMm: grid.leftMm + (onPage % grid.columns) * grid.widthMm,
    yMm: grid.topMm + Math.floor(onPage / grid.columns) * grid.heightMm,
  };
}
