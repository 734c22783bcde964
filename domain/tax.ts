import { divRound, type Cents } from './money';
import { TillError } from './errors';

/** A VAT rate in basis points: 600 is 6 %, 2100 is 21 %. */
export type RateBp = number;

/** The Belgian VAT rates, in basis points. */
export const BELGIAN_VAT_RATES: readonly RateBp[] = [0, 600, 1200, 2100];

/**
 * The letters Belgian till receipts print after each line and in the VAT table
 * (the SCE / FDM convention): A = 21 %, B = 12 %, C = 6 %, D = 0 %.
 */
export const VAT_LETTERS: Readonly<Record<number, string>> = {
  2100: 'A',
  1200: 'B',
  600: 'C',
  0: 'D',
};

/** The receipt letter of a rate, or null for a rate that is not a Belgian one. */
export function vatLetter(rateBp: RateBp): string | null {
  return VAT_LETTERS[rateBp] ?? null;
}

export function isBelgianVatRate(rateBp: number): boolean {
  return BELGIAN_VAT_RATES.includes(rateBp);
}

/** Refuses anything but an integer rate from 0 to 100 %. */
export function assertVatRate(rateBp: number): void {
  if (!Number.isSafeInteger(rateBp) || rateBp < 0 || rateBp > 10_000) {
    throw new TillError(
      'tax.invalid_rate',
      `A VAT rate is 0 to 10000 basis points, got ${rateBp}`,
      {
        rateBp: String(rateBp),
      },
    );
  }
}

/**
 * The VAT contained in a VAT-inclusive amount: round(gross * r / (10000 + r)), half away from
 * zero, on cents. Symmetric: vatIncluded(-x) === -vatIncluded(x).
 */
export function vatIncluded(gross: Cents, rateBp: RateBp): Cents {
  assertVatRate(rateBp);
  if (!Number.isSafeInteger(gross)) throw new RangeError(`gross must be an integer, got ${gross}`);
  return divRound(gross * rateBp, 10_000 + rateBp);
}

/** One rate's line of a VAT table. gross = net + vat. */
export interface VatRow {
  rateBp: RateBp;
  /** VAT included. */
  gross: Cents;
  vat: Cents;
  /** VAT excluded. */
  net: Cents;
}

export interface VatAmount {
  rateBp: RateBp;
  /** A VAT-inclusive amount (a line's net, after every discount). */
  amount: Cents;
}

/**
 * The VAT table of a ticket (or of any set of amounts): one row per rate present, sorted by rate,
 * the VAT computed once from that rate's VAT-inclusive total (never summed per line, which would
 * let per-line rounding drift). Rows whose total is zero are kept: callers may filter them.
 */
export function vatBreakdown(linesNet: readonly VatAmount[]): VatRow[] {
  const totals = new Map<RateBp, Cents>();
  for (const { rateBp, amount } of linesNet) {
    assertVatRate(rateBp);
    if (!Number.isSafeInteger(amount))
      throw new RangeError(`amount must be an integer, got ${amount}`);
    totals.set(rateBp, (totals.get(rateBp) ?? 0) + amount);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rateBp, gross]) => {
      const vat = vatIncluded(gross, rateBp);
      return { rateBp, gross, vat, net: gross - vat };
    });
}
