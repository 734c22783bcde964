import { describe, expect, it } from 'vitest';
import { importNomenclatureCsv, importNomenclatureJson } from '../../domain/barcode-import';
import { TillError, errorMessage, isTillError } from '../../domain/errors';

function thrown(fn: () => unknown): TillError {
  try {
    fn();
  } catch (error) {
    if (isTillError(error)) return error;
    throw error;
  }
  throw new Error('expected a TillError, nothing was thrown');
}

describe("the names Odoo's exports give types, encodings and columns", () => {
  it('reads every type and encoding name, whatever the case, spaces and underscores', () => {
    const n = importNomenclatureCsv(
      [
        ' Rule  Name ,Sequence,Rule__Type,Encoding,Barcode Pattern',
        'A,1,price,EAN-8,1',
        'B,2,Discounted_Product,ean8,2',
        'C,3,discount,UPC-A,3',
        'D,4,Member,upca,4',
        'E,5,cashier,Any,5',
        'F,6,  Priced   Product ,EAN-13,6',
      ].join('\n'),
    );
    expect(n.rules.map((r) => [r.name, r.type, r.encoding])).toEqual([
      ['A', 'price', 'ean8'],
      ['B', 'discount', 'ean8'],
      ['C', 'discount', 'upca'],
      ['D', 'member', 'upca'],
      ['E', 'cashier', 'any'],
      ['F', 'price', 'ean13'],
    ]);
  });

  it('names the missing columns and the columns it found', () => {
    const error = thrown(() => importNomenclatureCsv('sequence,type\n1,product\n'));
    expect(error.message).toBe(
      'Cannot import the nomenclature: missing column "name", "pattern" (found "sequence", "type")',
    );
    expect(error.details).toEqual({ column: 'name,pattern' });
  });

  it('names the second column giving the same field', () => {
    const error = thrown(() =>
      importNomenclatureCsv('name,Rule Name,type,pattern\nA,B,product,.*\n'),
    );
    expect(error.details).toEqual({ column: 'Rule Name' });
  });

  it('lists the types and encodings it knows when it meets another', () => {
    expect(
      thrown(() => importNomenclatureCsv('name,type,pattern\nA,packaging,1\n')).message,
    ).toContain('(expected one of product, weight, price, discount, member, cashier, tare)');
    expect(
      thrown(() => importNomenclatureCsv('name,type,encoding,pattern\nA,product,gs1,1\n')).message,
    ).toContain('(expected one of ean13, ean8, upca, any)');
  });

  it('names a pattern the parser refuses, by row and column', () => {
    const error = thrown(() =>
      importNomenclatureJson('[{"name":"A","type":"product","pattern":"21{DN}"}]'),
    );
    expect(error.message).toContain(
      'row 1, column "pattern": Barcode rule "A" has an invalid pattern',
    );
  });

  it('reads a number cell as its text, and refuses a cell that is neither', () => {
    const n = importNomenclatureJson('[{"name":7,"type":"product","pattern":"1"}]');
    expect(n.rules[0]?.name).toBe('7');
    expect(
      thrown(() => importNomenclatureJson('[{"name":true,"type":"product","pattern":"1"}]'))
        .message,
    ).toContain('expected text, found true');
    expect(thrown(() => importNomenclatureJson('[null]')).code).toBe('barcode.import_error');
    expect(thrown(() => importNomenclatureJson('"rules"')).code).toBe('barcode.import_error');
  });
});

describe('TillError', () => {
  it('is named so in logs, and its message is found whatever was thrown', () => {
    const error = new TillError('input.invalid', 'Something in words', {});
    expect(error.name).toBe('TillError');
    expect(String(error)).toBe('TillError: Something in words');
    expect(error.details).toEqual({});
    expect(errorMessage(error)).toBe('Something in words');
    expect(errorMessage('plain')).toBe('plain');
    expect(isTillError(new Error('x'))).toBe(false);
  });
});
