/** What the screens get of the catalogue and the session: views, never the database's rows. */
import type { Unit } from '../../db/catalog';
import * as catalog from '../../db/catalog';
import type { SessionRow } from '../../db/sessions';
import type { Db } from '../../db/open';

export interface SessionView {
  id: string;
  openedAt: string;
  /** The user who opened it. */
  openedBy: number;
  /** The opening float, in cents. */
  openingFloat: number;
}

export function sessionView(session: SessionRow | null): SessionView | null {
  if (!session) return null;
  const { id, openedAt, openedBy, openingFloat } = session;
  return { id, openedAt, openedBy, openingFloat };
}

export interface ProductView {
  id: number;
  /** The catalogue's name (French), and its Dutch name when it has one. */
  name: string;
  nameNl: string | null;
  /** One of its barcodes (the first), for the cashier to check against the pack. */
  barcode: string | null;
  /** Cents; per kg for a product sold by weight. */
  unitPrice: number;
  unit: Unit;
  vatRateBp: number;
}

export function productViews(db: Db, products: readonly catalog.Product[]): ProductView[] {
  const barcodes = catalog.firstBarcodes(
    db,
    products.map((product) => product.id),
  );
  return products.map((product) => ({
    id: product.id,
    name: product.name,
    nameNl: product.nameNl,
    barcode: barcodes.get(product.id) ?? null,
    unitPrice: product.price,
    unit: product.unit,
    vatRateBp: product.vatRateBp,
  }));
}
