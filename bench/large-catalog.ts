/**
 * Large plausible catalogues for the benchmarks (200k products), made from the demo catalogue's
 * items with qualifiers and brands: bench data, not part of the till.
 *
 * Deterministic: no Math.random (a seeded PRNG), so that a benchmark can name what it reads.
 */
import { ean13CheckDigit } from '../domain/barcode';
import { upsertProducts, type ProductRow } from '../db/catalog';
import {
  DEMO_ITEMS,
  priceLabelBase,
  weightLabelBase,
  writeDemoTaxRatesAndCategories,
} from '../db/demo-catalog';
import type { Db } from '../db/open';

const ean13 = (first12: string): string => first12 + String(ean13CheckDigit(first12));
const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** The first id of a generated catalogue, well above the demo's. */
export const GENERATED_FIRST_ID = 1_000_000;

type Pair = readonly [fr: string, nl: string];

/** Qualifiers by kind of goods; the empty pair (no qualifier) is listed twice to weigh it. */
const FOOD_QUALIFIERS: readonly Pair[] = [
  ['', ''],
  ['', ''],
  ['équitable', 'fairtrade'],
  ['local', 'lokaal'],
  ['sans gluten', 'glutenvrij'],
  ['Demeter', 'Demeter'],
  ['vegan', 'vegan'],
  ['sans sucre ajouté', 'zonder toegevoegde suiker'],
  ['en conversion', 'in omschakeling'],
  ['format familial', 'familieverpakking'],
  ['de Wallonie', 'uit Wallonië'],
  ['de Flandre', 'uit Vlaanderen'],
  ['artisanal', 'ambachtelijk'],
  ['premier prix', 'voordeelprijs'],
];
const DRINK_QUALIFIERS: readonly Pair[] = [
  ['', ''],
  ['', ''],
  ['× 6', '× 6'],
  ['pack de 4', '4-pack'],
  ['bouteille consignée', 'statiegeldfles'],
  ['canette', 'blik'],
  ['édition limitée', 'beperkte oplage'],
  ['millésime 2022', 'oogstjaar 2022'],
  ['magnum', 'magnum'],
];
const CARE_QUALIFIERS: readonly Pair[] = [
  ['', ''],
  ['', ''],
  ['lavande', 'lavendel'],
  ['citron', 'citroen'],
  ['sans parfum', 'parfumvrij'],
  ['eucalyptus', 'eucalyptus'],
  ["fleur d'oranger", 'oranjebloesem'],
  ['recharge', 'navulling'],
  ['peaux sensibles', 'gevoelige huid'],
  ['aloe vera', 'aloë vera'],
  ['menthe poivrée', 'pepermunt'],
  ['format économique', 'voordeelverpakking'],
];
const FOOD_BRANDS = [
  'Lima',
  'Bioplanet',
  'Priméal',
  'Markal',
  'Danival',
  'Ekibio',
  'Rapunzel',
  'Joannusmolen',
  'Terrasana',
  'Natur Compagnie',
  'Bio Village',
  'Alter Eco',
  'Oxfam Fairtrade',
  'Zonnatura',
  'Biofarm',
  'Ferme du Peuplier',
  'Hof ter Musschen',
  'La Ferme de la Sarte',
  'Les Champs de Cérès',
  'Fromagerie du Gros Chêne',
  'Coopérative Paysanne',
  'De Zonnehoeve',
  'Het Bioboerke',
  'Mélanie & Frères',
] as const;
const DRINK_BRANDS = [
  'Voelkel',
  'Biotta',
  'Brasserie de la Senne',
  'Brussels Beer Project',
  'Brasserie Cantillon',
  'Brouwerij Boon',
  'Domaine de Mellery',
  'Château Bon Baron',
  'Fruitsapperij Van Hoorebeke',
  'Appelaere',
  'Brasserie Dupont',
  'Wijndomein Aldeneyck',
] as const;
const CARE_BRANDS = [
  'Ecover',
  'Sonett',
  'Officina Naturae',
  'Lamazuna',
  'Cattier',
  'Lavera',
  'Weleda',
  'Marius Fabre',
  'Najel',
  'Ecodoo',
  'Étamine du Lys',
  'Klaar',
  'Bioprotect',
  'Jacques Savonnerie',
] as const;

const DRINK_SECTIONS = new Set([8, 9]);
const CARE_SECTIONS = new Set([12, 13]);

/** A demo name split into what it is and its size ("Yaourt nature bio" | "500 g"). */
function splitSize(name: string): [string, string] {
  const match = /^(.*?)\s+((?:\d|×).*)$/u.exec(name);
  return match?.[1] && match[2] ? [match[1], match[2]] : [name, ''];
}

interface Template {
  readonly categoryId: number;
  readonly taxRateId: number;
  readonly unit: 'piece' | 'kg';
  readonly label: boolean;
  readonly price: number;
  readonly fr: readonly [string, string];
  readonly nl: readonly [string, string];
  readonly qualifiers: readonly Pair[];
  readonly brands: readonly string[];
}

/** The demo products as templates: what they are, their size, their kind of qualifiers. */
const TEMPLATES: readonly Template[] = DEMO_ITEMS.map((item) => ({
  categoryId: item.categoryId,
  taxRateId: item.taxRateId,
  unit: item.sold === 'piece' ? 'piece' : 'kg',
  label: item.sold === 'label',
  price: item.price,
  fr: splitSize(item.name),
  nl: splitSize(item.nameNl),
  qualifiers: DRINK_SECTIONS.has(item.categoryId)
    ? DRINK_QUALIFIERS
    : CARE_SECTIONS.has(item.categoryId)
      ? CARE_QUALIFIERS
      : FOOD_QUALIFIERS,
  brands: DRINK_SECTIONS.has(item.categoryId)
    ? DRINK_BRANDS
    : CARE_SECTIONS.has(item.categoryId)
      ? CARE_BRANDS
      : FOOD_BRANDS,
}));

/**
 * EAN-13 prefixes of generated products (Belgium, France, Germany, the Netherlands, Italy,
 * Spain...): none is 541 (the demo's), 02x/04x (in-store, members) or 2x (scale labels).
 */
const GENERATED_PREFIXES = [
  '540',
  '542',
  '543',
  '544',
  '545',
  '549',
  '300',
  '327',
  '350',
  '376',
  '400',
  '405',
  '406',
  '409',
  '426',
  '871',
  '872',
  '873',
  '876',
  '800',
  '803',
  '805',
  '843',
  '848',
  '900',
  '760',
] as const;

const BILLION = 1_000_000_000;
/** Odd and not a multiple of 5, hence coprime with 10^9: k -> k * A + B mod 10^9 is a bijection. */
const SPREAD = 7_654_321;
/** First PLU of generated products sold by weight (the demo's PLUs are its ids, below 14000). */
const GENERATED_FIRST_PLU = 20_000;

/**
 * A large plausible catalogue for benchmarks, made lazily: `count` products with ids from
 * GENERATED_FIRST_ID, unique valid EAN-13s (a product in ten has a second one; a product sold by
 * weight also has its scale-label base code while 5-digit PLUs last), names combining the demo's
 * products with qualifiers and brands in French and Dutch, and the demo's categories and tax
 * rates. The same seed gives the same products, and the first n products do not depend on count.
 */
export function* generateCatalog(
  count: number,
  seed: number,
  updatedAt = '2026-01-01T00:00:00.000Z',
): Generator<ProductRow, void, undefined> {
  if (!Number.isSafeInteger(count) || count < 0 || count * 2 > BILLION) {
    throw new RangeError(`generateCatalog: count must be a whole number up to ${BILLION / 2}`);
  }
  const random = mulberry32(seed);
  const offset = Math.floor(mulberry32(seed ^ 0x5bd1e995)() * BILLION);
  // Two distinct 9-digit serials per product (2k and 2k + 1), unique whatever their prefixes.
  const serial = (k: number): string => pad((((k * SPREAD) % BILLION) + offset) % BILLION, 9);
  let plu = GENERATED_FIRST_PLU;

  for (let i = 0; i < count; i++) {
    const template = pick(random, TEMPLATES);
    const [qualifierFr, qualifierNl] = pick(random, template.qualifiers);
    const brand = pick(random, template.brands);
    const join = (parts: readonly string[]): string => parts.filter(Boolean).join(' ');
    const name = join([template.fr[0], qualifierFr, brand, template.fr[1]]);
    const nameNl = join([template.nl[0], qualifierNl, brand, template.nl[1]]);
    // 0.75 to 1.5 times the demo's price, ending in 9 cents.
    const price = Math.max(
      49,
      Math.round((template.price * (0.75 + random() * 0.75)) / 10) * 10 - 1,
    );

    const barcodes = [ean13(pick(random, GENERATED_PREFIXES) + serial(2 * i))];
    if (random() < 0.1) barcodes.push(ean13(pick(random, GENERATED_PREFIXES) + serial(2 * i + 1)));
    if (template.unit === 'kg' && plu <= 99_999) {
      barcodes.push(template.label ? priceLabelBase(plu) : weightLabelBase(plu));
      plu += 1;
    }
    yield {
      id: GENERATED_FIRST_ID + i,
      name,
      nameNl,
      categoryId: template.categoryId,
      taxRateId: template.taxRateId,
      price,
      unit: template.unit,
      active: random() >= 0.02,
      barcodes,
      updatedAt,
    };
  }
}

/**
 * Writes a generated catalogue of `count` products (and the demo's tax rates and categories when
 * missing) in one transaction. Returns the number of products written.
 */
export function seedLargeCatalog(db: Db, count: number, seed: number, updatedAt: string): number {
  return db.transaction(() => {
    writeDemoTaxRatesAndCategories(db, updatedAt, true);
    return upsertProducts(db, generateCatalog(count, seed, updatedAt));
  })();
}
