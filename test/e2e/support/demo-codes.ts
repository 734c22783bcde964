import { ean13CheckDigit } from '../../../domain/barcode';
import { DEMO_BARCODES, demoProduct, weightLabelBase } from '../../../db/demo-catalog';

/** A scale or price label: the base code with its five value digits, and its check digit. */
function label(base: string, value: number): string {
  const first12 = base.slice(0, 7) + String(value).padStart(5, '0');
  return first12 + String(ean13CheckDigit(first12));
}

const firstCode = (name: string): string => {
  const code = demoProduct(name).barcodes[0];
  if (code === undefined) throw new Error(`"${name}" has no barcode`);
  return code;
};

const comte = DEMO_BARCODES.priceLabel;
const carrots = demoProduct('Carottes bio');

/** The nine scanned items of the day's first customer, and the one weighed on the scale. */
export const FIRST_BASKET = {
  scanned: [
    DEMO_BARCODES.piece.code,
    DEMO_BARCODES.vat21.code,
    firstCode("Pain d'épeautre 750 g"),
    firstCode("Confiture d'abricots bio 370 g"),
    firstCode("Jus d'orange bio 1 L"),
    firstCode("Savon d'Alep 200 g"),
    // Comté cut at the counter: its price label says 7,59 €.
    label(comte.priceBase, 759),
    // Jonagold apples weighed at the fruit stand: 1,250 kg.
    label(DEMO_BARCODES.kg.weightBase, 1250),
    // Carrots: 0,800 kg.
    label(weightLabelBase(carrots.id), 800),
  ],
  /** Typed in the search, then weighed on the scale. */
  weighed: { search: 'Elstar', grams: 1234 },
} as const;

export const MILK = DEMO_BARCODES.piece;
export const BREAD = firstCode("Pain d'épeautre 750 g");
export const MEMBER_CARDS = {
  upToDate: DEMO_BARCODES.members.up_to_date,
  /** Suspended: the cashier is warned and acknowledges. */
  soft: DEMO_BARCODES.members.suspended,
  /** Blocked: a manager approves. */
  hard: DEMO_BARCODES.members.blocked,
};
