import { describe, expect, it } from 'vitest';
import {
  diffPriceList,
  missingColumns,
  parseSupplierCost,
  priceListMappingSchema,
  readPriceList,
  type PriceListLine,
  type SupplierLink,
} from '../../domain/supplier-price-list';

const mapping = (extra: object = {}) =>
  priceListMappingSchema.parse({
    code: 'Réf',
    cost: 'Prix HT',
    barcode: 'EAN',
    name: 'Désignation',
    packSize: 'Colisage',
    minimumPacks: 'Min',
    ...extra,
  });

const rows = (...cells: Record<string, string>[]) =>
  cells.map((row, index) => ({ line: index + 2, cells: new Map(Object.entries(row)) }));

const row = (over: Record<string, string> = {}) => ({
  réf: 'R1',
  'prix ht': '1,25',
  ean: '5410000000011',
  désignation: 'Riz',
  colisage: '12',
  min: '2',
  ...over,
});

describe('priceListMappingSchema and missingColumns', () => {
  it('takes column names as the header writes them, lower-cased, the cost per unit by default', () => {
    expect(priceListMappingSchema.parse({ code: ' Ref ', cost: 'PRIX' })).toEqual({
      code: 'ref',
      cost: 'prix',
      costPer: 'unit',
    });
    expect(priceListMappingSchema.safeParse({ code: 'Ref' }).success).toBe(false);
    expect(priceListMappingSchema.safeParse({ code: '', cost: 'x' }).success).toBe(false);
    expect(priceListMappingSchema.safeParse({ code: 'a', cost: 'b', other: 'c' }).success).toBe(
      false,
    );
  });

  it('names every mapped column the file lacks, and none it has or is not mapped', () => {
    expect(
      missingColumns(mapping(), ['réf', 'prix ht', 'ean', 'désignation', 'colisage', 'min']),
    ).toEqual([]);
    expect(missingColumns(mapping(), ['réf', 'ean'])).toEqual([
      'cost ("prix ht")',
      'name ("désignation")',
      'packSize ("colisage")',
      'minimumPacks ("min")',
    ]);
    expect(missingColumns(priceListMappingSchema.parse({ code: 'a', cost: 'b' }), ['b'])).toEqual([
      'code ("a")',
    ]);
  });
});

describe('parseSupplierCost', () => {
  it('reads decimal commas and points, up to four decimals, rounding half up to the cent', () => {
    expect(parseSupplierCost('1,25')).toBe(125);
    expect(parseSupplierCost('1.25')).toBe(125);
    expect(parseSupplierCost('12')).toBe(1200);
    expect(parseSupplierCost('0,1234')).toBe(12);
    expect(parseSupplierCost('0,1250')).toBe(13);
    expect(parseSupplierCost('0,125')).toBe(13);
    expect(parseSupplierCost('0,1249')).toBe(12);
    expect(parseSupplierCost('3,5')).toBe(350);
    expect(parseSupplierCost(' 3,50 € ')).toBe(350);
    expect(parseSupplierCost('€2')).toBe(200);
    expect(parseSupplierCost('-1,5')).toBe(-150);
    expect(parseSupplierCost('123456789')).toBe(12_345_678_900);
  });

  it('refuses what is not a price', () => {
    for (const text of [
      '',
      'abc',
      '1,23456',
      '1.2.3',
      '1,',
      ',5',
      '1 234',
      '1234567890',
      '--1',
      '1a',
    ])
      expect(parseSupplierCost(text), text).toBeNull();
  });
});

describe('readPriceList', () => {
  it('reads each mapped column, a pack in thousandths, the file’s line kept', () => {
    expect(
      readPriceList(
        rows(row(), row({ réf: 'R2', ean: '', désignation: '', colisage: '2,5', min: '' })),
        mapping(),
      ),
    ).toEqual({
      lines: [
        {
          line: 2,
          code: 'R1',
          barcode: '5410000000011',
          name: 'Riz',
          cost: 125,
          packSize: 12_000,
          minimumPacks: 2,
        },
        {
          line: 3,
          code: 'R2',
          barcode: null,
          name: null,
          cost: 125,
          packSize: 2_500,
          minimumPacks: 1,
        },
      ],
      problems: [],
    });
  });

  it('takes one piece per pack and one pack when those columns are not mapped', () => {
    const { lines } = readPriceList(
      rows(row()),
      priceListMappingSchema.parse({ code: 'réf', cost: 'prix ht' }),
    );
    expect(lines).toEqual([
      {
        line: 2,
        code: 'R1',
        barcode: null,
        name: null,
        cost: 125,
        packSize: 1000,
        minimumPacks: 1,
      },
    ]);
  });

  it('divides a cost per pack by the pack, to the cent', () => {
    const { lines } = readPriceList(
      rows(row({ 'prix ht': '10', colisage: '6' })),
      mapping({ costPer: 'pack' }),
    );
    expect(lines[0]?.cost).toBe(167); // 10.00 / 6 = 1.6667
    const weighed = readPriceList(
      rows(row({ 'prix ht': '25', colisage: '2,5' })),
      mapping({ costPer: 'pack' }),
    );
    expect(weighed.lines[0]?.cost).toBe(1000); // 25.00 for 2.5 kg: 10.00 a kg
  });

  it('names each problem by line and column, and keeps no line that has one', () => {
    const result = readPriceList(
      rows(
        row({ réf: '' }),
        row({ réf: 'x'.repeat(65) }),
        row({ réf: 'R3', ean: '54-10' }),
        row({ réf: 'R4', colisage: '0' }),
        row({ réf: 'R5', colisage: 'douze' }),
        row({ réf: 'R6', min: '0' }),
        row({ réf: 'R7', min: '1,5' }),
        row({ réf: 'R8', 'prix ht': '-1,00' }),
        row({ réf: 'R9', 'prix ht': 'gratuit' }),
        row({ réf: 'R10', 'prix ht': '100000,01' }),
        row({ réf: 'R11', colisage: '10000,001' }),
        row({ réf: 'R12' }),
        row({ réf: 'R12' }),
      ),
      mapping(),
    );
    expect(result.problems).toEqual([
      'line 2, code: the supplier’s code is empty',
      'line 3, code: a code of more than 64 characters',
      'line 4, barcode: "54-10" is not a barcode',
      'line 5, packSize: "0" is not a pack size (e.g. 12 or 2,5)',
      'line 6, packSize: "douze" is not a pack size (e.g. 12 or 2,5)',
      'line 7, minimumPacks: "0" is not a number of packs, 1 or more',
      'line 8, minimumPacks: "1,5" is not a number of packs, 1 or more',
      'line 9, cost: a negative cost (-1,00)',
      'line 10, cost: "gratuit" is not a price (e.g. 1,25 or 1.25)',
      'line 11, cost: a cost of more than 100 000 € (100000,01)',
      'line 12, packSize: "10000,001" is not a pack size (e.g. 12 or 2,5)',
      'line 14, code: R12 is also on line 13',
    ]);
    expect(result.lines.map((line) => line.code)).toEqual(['R12']);
  });

  it('accepts the bounds themselves', () => {
    const { lines, problems } = readPriceList(
      rows(row({ réf: 'x'.repeat(64), 'prix ht': '100000', colisage: '10000', min: '999999' })),
      mapping(),
    );
    expect(problems).toEqual([]);
    expect(lines[0]).toMatchObject({
      cost: 10_000_000,
      packSize: 10_000_000,
      minimumPacks: 999_999,
    });
  });
});

const line = (over: Partial<PriceListLine>): PriceListLine => ({
  line: 2,
  code: 'R1',
  barcode: null,
  name: null,
  cost: 100,
  packSize: 1000,
  minimumPacks: 1,
  ...over,
});
const link = (over: Partial<SupplierLink>): SupplierLink => ({
  productId: 1,
  code: 'R1',
  cost: 100,
  packSize: 1000,
  minimumPacks: 1,
  active: true,
  ...over,
});

describe('diffPriceList', () => {
  const products = [
    { id: 1, barcodes: ['111'] },
    { id: 2, barcodes: ['222', '223'] },
    { id: 3, barcodes: [] },
  ];

  it('finds a product by the supplier’s code, else by barcode; what matches nothing is unknown', () => {
    const diff = diffPriceList(
      [
        line({ line: 2, code: 'R1', cost: 100 }),
        line({ line: 3, code: 'N2', barcode: '223', cost: 250, packSize: 6000, minimumPacks: 2 }),
        line({ line: 4, code: 'U9', barcode: '999', name: 'Quinoa' }),
        line({ line: 5, code: 'U8' }),
      ],
      [link({})],
      products,
    );
    expect(diff).toEqual({
      added: [{ line: 3, productId: 2, code: 'N2', cost: 250, packSize: 6000, minimumPacks: 2 }],
      changed: [],
      unchanged: 1,
      gone: [],
      unknown: [
        line({ line: 4, code: 'U9', barcode: '999', name: 'Quinoa' }),
        line({ line: 5, code: 'U8' }),
      ],
      problems: [],
    });
  });

  it('sees each change of cost, pack, minimum or code, and a link brought back', () => {
    const links = [
      link({ productId: 1, code: 'A' }),
      link({ productId: 2, code: 'B' }),
      link({ productId: 3, code: 'C' }),
      link({ productId: 4, code: 'D' }),
      link({ productId: 5, code: 'E', active: false }),
    ];
    const diff = diffPriceList(
      [
        line({ line: 2, code: 'A', cost: 101 }),
        line({ line: 3, code: 'B', packSize: 2000 }),
        line({ line: 4, code: 'C', minimumPacks: 3 }),
        line({ line: 5, code: 'D2', barcode: '999' }),
        line({ line: 6, code: 'E' }),
      ],
      links,
      [...products, { id: 4, barcodes: ['999'] }],
    );
    const base = { code: 'A', cost: 100, packSize: 1000, minimumPacks: 1 };
    expect(diff.changed).toEqual([
      { line: 2, productId: 1, before: { ...base, active: true }, after: { ...base, cost: 101 } },
      {
        line: 3,
        productId: 2,
        before: { ...base, code: 'B', active: true },
        after: { ...base, code: 'B', packSize: 2000 },
      },
      {
        line: 4,
        productId: 3,
        before: { ...base, code: 'C', active: true },
        after: { ...base, code: 'C', minimumPacks: 3 },
      },
      {
        line: 5,
        productId: 4,
        before: { ...base, code: 'D', active: true },
        after: { ...base, code: 'D2' },
      },
      {
        line: 6,
        productId: 5,
        before: { ...base, code: 'E', active: false },
        after: { ...base, code: 'E' },
      },
    ]);
    expect(diff.added).toEqual([]);
    expect(diff.gone).toEqual([]);
    expect(diff.unchanged).toBe(0);
  });

  it('lists the active products the supplier no longer lists, not those already inactive', () => {
    const diff = diffPriceList(
      [line({ code: 'A' })],
      [
        link({ productId: 1, code: 'A' }),
        link({ productId: 2, code: 'B', cost: 300, packSize: 6000, minimumPacks: 2 }),
        link({ productId: 3, code: 'C', active: false }),
      ],
      products,
    );
    expect(diff.gone).toEqual([
      { productId: 2, code: 'B', cost: 300, packSize: 6000, minimumPacks: 2 },
    ]);
    expect(diff.unchanged).toBe(1);
  });

  it('refuses two lines for one product, by code and by barcode', () => {
    const diff = diffPriceList(
      [line({ line: 2, code: 'A' }), line({ line: 7, code: 'X', barcode: '111' })],
      [link({ productId: 1, code: 'A' })],
      products,
    );
    expect(diff.problems).toEqual(['line 7: product 1 is also on line 2 (code X)']);
    expect(diff.unchanged).toBe(1);
    expect(diff.changed).toEqual([]);
  });
});
