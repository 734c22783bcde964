import { MAX_MILLI, ONE_PIECE, parseMilli, type Milli } from './money';

/**
 * The handheld's flows worked out on the device, with no clock and no database: what a typed
 * quantity means, how a delivery compares with its order line by line (as the server will when
 * it is validated), and what a counter has counted so far once their undone scans are left out.
 */

/** A typed quantity: thousandths of the product's unit, or why not, in a word the screen says. */
export type TypedQuantity =
  | { kind: 'ok'; quantity: Milli }
  | { kind: 'error'; reason: 'format' | 'zero' | 'fraction' | 'tooMuch' };

/**
 * "3", "1,5" or "0.250" as typed on a phone: pieces are whole, weights have up to three
 * decimals; nothing, zero, negatives and more than 10,000 units at once are refused.
 */
export function parseTypedQuantity(text: string, unit: 'piece' | 'kg'): TypedQuantity {
  const quantity = parseMilli(text);
  if (quantity === null || quantity < 0) return { kind: 'error', reason: 'format' };
  if (quantity === 0) return { kind: 'error', reason: 'zero' };
  if (unit === 'piece' && quantity % ONE_PIECE !== 0) return { kind: 'error', reason: 'fraction' };
  if (quantity > MAX_MILLI) return { kind: 'error', reason: 'tooMuch' };
  return { kind: 'ok', quantity };
}

export type ReceptionOutcome = 'ok' | 'short' | 'over' | 'missing' | 'substituted' | 'unexpected';

/** What is still expected of one ordered product. */
export interface OrderedLine {
  productId: number;
  outstanding: Milli;
}

/** One reception line as the device recorded it (several per product add up). */
export interface ReceivedScan {
  productId: number;
  quantity: Milli;
  /** The ordered product this one replaces, when the volunteer said so. */
  substitutes?: number | undefined;
}

export interface ReceptionLine {
  productId: number;
  ordered: Milli;
  received: Milli;
  outcome: ReceptionOutcome;
  /** The ordered product this one came in place of (a product nobody ordered only). */
  substitutes: number | null;
  /**
   * Of an ordered line, what its substitutes settle: what they brought, counted one for one in
   * the ordered product's units, up to what was still due once the product's own came. 0 else.
   */
  replaced: Milli;
}

function compare(ordered: Milli, received: Milli): ReceptionOutcome {
  if (received === 0) return 'missing';
  if (received < ordered) return 'short';
  return received > ordered ? 'over' : 'ok';
}

/**
 * A delivery against its order, line by line: the ordered lines first (in the order's order),
 * then what came that nobody ordered. Without an order (`withOrder` false) all that came is ok.
 * A product nobody ordered that the volunteer says came in place of an ordered one is
 * `substituted`. It settles the ordered line one for one, only for the quantity that came: the
 * ordered line is `substituted` when its own and its substitutes cover it, and `short` when they
 * do not (the rest stays on order or is closed, as the receiver chooses for every short line).
 * The server's validation works a delivery out with this same function.
 */
export function compareReception(
  ordered: readonly OrderedLine[],
  scans: readonly ReceivedScan[],
  withOrder = true,
): ReceptionLine[] {
  const received = new Map<number, { quantity: Milli; substitutes: number | null }>();
  for (const scan of scans) {
    const held = received.get(scan.productId) ?? { quantity: 0, substitutes: null };
    held.quantity += scan.quantity;
    // The last substitute the volunteer named is the one that holds.
    if (scan.substitutes !== undefined) held.substitutes = scan.substitutes;
    received.set(scan.productId, held);
  }
  const orderedIds = new Set(ordered.map((line) => line.productId));
  const replaces = ({ substitutes }: { substitutes: number | null }): number | null =>
    substitutes !== null && orderedIds.has(substitutes) ? substitutes : null;
  // What the substitutes brought for each ordered product (a product that was itself ordered
  // came as itself, whatever the volunteer said).
  const brought = new Map<number, Milli>();
  for (const [productId, got] of received) {
    const named = orderedIds.has(productId) ? null : replaces(got);
    if (named !== null) brought.set(named, (brought.get(named) ?? 0) + got.quantity);
  }
  const lines: ReceptionLine[] = ordered.map((line) => {
    const quantity = received.get(line.productId)?.quantity ?? 0;
    const due = Math.max(line.outstanding - quantity, 0);
    const replaced = Math.min(brought.get(line.productId) ?? 0, due);
    let outcome: ReceptionOutcome = compare(line.outstanding, quantity);
    if (replaced > 0) outcome = replaced < due ? 'short' : 'substituted';
    return {
      productId: line.productId,
      ordered: line.outstanding,
      received: quantity,
      outcome,
      substitutes: null,
      replaced,
    };
  });
  for (const [productId, got] of received) {
    if (orderedIds.has(productId)) continue;
    const named = replaces(got);
    lines.push({
      productId,
      ordered: 0,
      received: got.quantity,
      outcome: named !== null ? 'substituted' : withOrder ? 'unexpected' : 'ok',
      substitutes: named,
      replaced: 0,
    });
  }
  return lines;
}

/** The lines a volunteer must look at before validating: every one that is not ok. */
export function receptionDifferences(lines: readonly ReceptionLine[]): ReceptionLine[] {
  return lines.filter((line) => line.outcome !== 'ok');
}

/** One count scan as the device recorded it. */
export interface CountScan {
  uuid: string;
  productId: number;
  quantity: Milli;
  pass: 'first' | 'recount';
}

/** A product's count on this device: the sum of its live scans, and those scans, newest first. */
export interface CountTally {
  productId: number;
  pass: 'first' | 'recount';
  counted: Milli;
  scans: CountScan[];
}

/**
 * What the counter has counted so far, per product and pass, leaving out the scans they undid;
 * products in the order they were first scanned. A product whose scans are all undone stays,
 * at zero, so the counter sees their undo took.
 */
export function tallyCounts(
  scans: readonly CountScan[],
  undone: ReadonlySet<string>,
): CountTally[] {
  const tallies = new Map<string, CountTally>();
  for (const scan of scans) {
    const key = `${scan.pass}:${scan.productId}`;
    let tally = tallies.get(key);
    if (!tally) {
      tally = { productId: scan.productId, pass: scan.pass, counted: 0, scans: [] };
      tallies.set(key, tally);
    }
    if (undone.has(scan.uuid)) continue;
    tally.counted += scan.quantity;
    tally.scans.unshift(scan);
  }
  return [...tallies.values()];
}
