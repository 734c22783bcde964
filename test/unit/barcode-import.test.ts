import { describe, it, expect } from 'vitest';
import { parseBarcode } from '../../domain/barcode';
import { importNomenclatureCsv, importNomenclatureJson } from '../../domain/barcode-import';
import { TillError } from '../../domain/errors';

function thrown(fn: () => unknown): TillError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TillError);
    return error as TillError;
  }
  throw new Error('expected a TillError, nothing was thrown');
}

describe('importNomenclatureCsv', () => {
  it('reads an import-compatible export (technical names)', () => {
    const csv = [
      'name,sequence,type,encoding,pattern',
      'Weight,36,weight,ean13,21.....{NNDDD}',
      'Price,14,price,ean13,23.....{NNNDD}',
      'Products,90,product,any,.*',
    ].join('\n');
    const n = importNomenclatureCsv(csv);
    expect(n).toEqual({
      rules: [
        {
          name: 'Weight',
          sequence: 36,
          type: 'weight',
          encoding: 'ean13',
          pattern: '21.....{NNDDD}',
        },
        {
          name: 'Price',
          sequence: 14,
          type: 'price',
          encoding: 'ean13',
          pattern: '23.....{NNNDD}',
        },
        { name: 'Products', sequence: 90, type: 'product', encoding: 'any', pattern: '.*' },
      ],
    });
    expect(parseBarcode('2300002005996', n)).toMatchObject({ type: 'price', value: 599 });
    expect(parseBarcode('ABC', n).type).toBe('product');
  });

  it("reads Odoo's labelled export: BOM, CRLF, quotes, blank lines, ignored columns", () => {
    const csv =
      '\uFEFF"ID","Rule Name","Sequence","Type","Encoding","Barcode Pattern","Alias"\r\n' +
      '"barcodes.rule_1","Weight Barcodes, 3 decimals","36","Weighted Product","EAN-13","21.....{NNDDD}",""\r\n' +
      '\r\n' +
      '"barcodes.rule_2","Customer Barcodes","40","Client","Any","042",""\r\n' +
      '"barcodes.rule_3","Small products","91","Unit Product","EAN-8",".*",""\r\n' +
      '"barcodes.rule_4","US products","92","Unit Product","UPC-A",".*",""\r\n';
    const n = importNomenclatureCsv(csv);
    expect(n.rules).toEqual([
      {
        name: 'Weight Barcodes, 3 decimals',
        sequence: 36,
        type: 'weight',
        encoding: 'ean13',
        pattern: '21.....{NNDDD}',
      },
      { name: 'Customer Barcodes', sequence: 40, type: 'member', encoding: 'any', pattern: '042' },
      { name: 'Small products', sequence: 91, type: 'product', encoding: 'ean8', pattern: '.*' },
      { name: 'US products', sequence: 92, type: 'product', encoding: 'upca', pattern: '.*' },
    ]);
    expect(parseBarcode('2100001012342', n)).toMatchObject({ type: 'weight', value: 1234 });
    expect(parseBarcode('0421234', n).type).toBe('member');
  });

  it("defaults a missing sequence to 100 and a missing encoding to any, as Odoo's", () => {
    const n = importNomenclatureCsv('Rule Name,Type,Barcode Pattern\nCards,member,042\n');
    expect(n.rules).toEqual([
      { name: 'Cards', sequence: 100, type: 'member', encoding: 'any', pattern: '042' },
    ]);
    const empty = importNomenclatureCsv(
      'name,sequence,type,encoding,pattern\nCards,,member,,042\n',
    );
    expect(empty.rules[0]).toMatchObject({ sequence: 100, encoding: 'any' });
  });

  it.each([
    ['an alias rule', 'B,2,alias,any,999', 'Type', 'alias rules are not supported'],
    ['an unknown type', 'B,2,Lot,any,10', 'Type', 'unknown type "Lot"'],
    ['an inherited key as type', 'B,2,constructor,any,10', 'Type', 'unknown type "constructor"'],
    ['an inherited key as encoding', 'B,2,product,toString,1', 'Encoding', 'unknown encoding'],
    ['an unknown encoding', 'B,2,product,gs1-128,01', 'Encoding', 'unknown encoding "gs1-128"'],
    ['a sequence that is not a number', 'B,ten,product,any,1', 'Sequence', '"ten" is not a whole'],
    ['a fractional sequence', 'B,1.5,product,any,1', 'Sequence', '"1.5" is not a whole'],
    ['an empty name', ',2,product,any,1', 'Rule Name', 'the rule name is empty'],
    ['an invalid pattern', 'B,2,weight,ean13,21{DN}', 'Barcode Pattern', 'comes after a D'],
    ['a bare * pattern (Odoo 8)', 'B,2,product,ean13,*', 'Barcode Pattern', 'bare "*"'],
  ])('refuses %s, naming the row and column', (_kind, line, column, why) => {
    const csv = `Rule Name,Sequence,Type,Encoding,Barcode Pattern\nA,1,product,any,.*\n${line}\n`;
    const error = thrown(() => importNomenclatureCsv(csv));
    expect(error.code).toBe('barcode.import_error');
    expect(error.message).toContain(`row 2, column "${column}"`);
    expect(error.message).toContain(why);
    expect(error.details).toEqual({ row: 2, column });
  });

  it('refuses a file without a required column', () => {
    const error = thrown(() => importNomenclatureCsv('name,sequence,type\nA,1,product\n'));
    expect(error.code).toBe('barcode.import_error');
    expect(error.message).toContain('missing column "pattern"');
    expect(error.details).toEqual({ column: 'pattern' });
  });

  it('ignores columns it does not know, even named like inherited keys', () => {
    const n = importNomenclatureCsv('constructor,name,type,pattern\nx,A,product,.*\n');
    expect(n.rules).toEqual([
      { name: 'A', sequence: 100, type: 'product', encoding: 'any', pattern: '.*' },
    ]);
  });

  it('refuses two columns for the same field', () => {
    const error = thrown(() =>
      importNomenclatureCsv('name,Rule Name,type,pattern\nA,B,product,.*\n'),
    );
    expect(error.message).toContain('columns "name" and "Rule Name" both give the rule name');
  });

  it('refuses a row with the wrong number of cells', () => {
    const error = thrown(() =>
      importNomenclatureCsv('name,type,pattern\nA,product,.*\nB,product\n'),
    );
    expect(error.code).toBe('barcode.import_error');
    expect(error.message).toContain('row 2 has 2 cells but the header has 3 columns');
    expect(error.details).toEqual({ row: 2 });
  });

  it('refuses a broken CSV', () => {
    const error = thrown(() => importNomenclatureCsv('name,type,pattern\n"A,product,.*\n'));
    expect(error.code).toBe('barcode.import_error');
    expect(error.message).toContain('the CSV cannot be read');
  });

  it('refuses an empty file and a file without rules', () => {
    expect(thrown(() => importNomenclatureCsv('')).message).toContain('the file is empty');
    expect(thrown(() => importNomenclatureCsv('name,type,pattern\n')).message).toContain(
      'the file has no rules',
    );
  });
});

describe('importNomenclatureJson', () => {
  const rules = [
    { name: 'Price', sequence: 14, type: 'price', encoding: 'ean13', pattern: '23.....{NNNDD}' },
    { name: 'Products', sequence: 90, type: 'product', encoding: 'ean13', pattern: '.*' },
  ];

  it('reads { rules: [...] } and a bare array alike', () => {
    const expected = { rules };
    expect(importNomenclatureJson(JSON.stringify({ rules }))).toEqual(expected);
    expect(importNomenclatureJson(JSON.stringify(rules))).toEqual(expected);
  });

  it("reads Odoo's search_read records: extra fields, false for empty, client as member", () => {
    const records = [
      {
        id: 3,
        name: 'Customer Barcodes',
        sequence: 40,
        type: 'client',
        encoding: false,
        pattern: '042',
        alias: false,
        barcode_nomenclature_id: [1, 'Default Nomenclature'],
      },
    ];
    const n = importNomenclatureJson(JSON.stringify(records));
    expect(n.rules).toEqual([
      { name: 'Customer Barcodes', sequence: 40, type: 'member', encoding: 'any', pattern: '042' },
    ]);
    expect(parseBarcode('0425555', n).type).toBe('member');
  });

  it('refuses invalid JSON', () => {
    const error = thrown(() => importNomenclatureJson('{"rules": ['));
    expect(error.code).toBe('barcode.import_error');
    expect(error.message).toContain('the JSON cannot be read');
  });

  it('refuses JSON that holds no rule list', () => {
    for (const text of ['{"name": "x"}', '42', 'null', '"rules"']) {
      expect(thrown(() => importNomenclatureJson(text)).message).toContain(
        'expected an array of rules',
      );
    }
    expect(thrown(() => importNomenclatureJson('[]')).message).toContain('the file has no rules');
  });

  it('refuses a row that is not an object', () => {
    const error = thrown(() => importNomenclatureJson(JSON.stringify([rules[0], 'oops'])));
    expect(error.message).toContain('row 2: a rule must be an object');
    expect(error.details).toEqual({ row: 2 });
  });

  it('refuses a row without a pattern, naming it', () => {
    const error = thrown(() =>
      importNomenclatureJson(JSON.stringify([rules[0], { name: 'P', type: 'product' }])),
    );
    expect(error.message).toContain('row 2: missing column "pattern"');
    expect(error.details).toEqual({ row: 2, column: 'pattern' });
  });

  it('refuses bad values, naming the row and field', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...rules[1], sequence: 1.5 }, 'sequence', '"1.5" is not a whole number'],
      [{ ...rules[1], type: 'alias' }, 'type', 'alias rules are not supported'],
      [{ ...rules[1], encoding: 'gs1-128' }, 'encoding', 'unknown encoding'],
      [{ ...rules[1], pattern: ['.*'] }, 'pattern', 'expected text'],
      [{ ...rules[1], pattern: '{NN}{DD}' }, 'pattern', 'two brace groups'],
    ];
    for (const [bad, column, why] of cases) {
      const error = thrown(() =>
        importNomenclatureJson(JSON.stringify({ rules: [rules[0], bad] })),
      );
      expect(error.code).toBe('barcode.import_error');
      expect(error.message).toContain(`row 2, column "${column}"`);
      expect(error.message).toContain(why);
      expect(error.details).toEqual({ row: 2, column });
    }
  });
});
