import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { barcodesOf, findProductByBarcode, getProduct } from '../../db/catalog';
import { runCli } from '../../main/cli/till';
import { FIXTURE, createTestTill, ean13, type TestTill } from '../support/till';

// The whole way a manager's file takes: bytes on disk, the command line, the database.
let t: TestTill;
beforeEach(() => {
  t = createTestTill();
});
afterEach(() => t.close());

interface Run {
  code: number;
  out: string;
  err: string;
  /** The database file was left byte for byte as it was. */
  unchanged: boolean;
}

async function importFile(bytes: Uint8Array | string, ...options: string[]): Promise<Run> {
  const file = join(t.dir, 'products.csv');
  writeFileSync(file, bytes);
  t.db.close(); // folds the WAL into the file: what is compared is the whole database
  const before = readFileSync(t.path);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ['import-products', file, ...options, '--db', t.path],
    (line) => out.push(line),
    (line) => err.push(line),
  );
  const unchanged = Buffer.compare(before, readFileSync(t.path)) === 0;
  t.reopen();
  return { code, out: out.join('\n'), err: err.join('\n'), unchanged };
}

const BOM = '\ufeff';
const code100 = ean13('541000000100');
const code101 = ean13('541000000101');

function utf16le(text: string): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
}

describe('importing products from the files coops really have', () => {
  it('imports a Belgian Excel export: BOM, semicolons, CRLF, decimal commas, headers in any case', async () => {
    const file = [
      ' ID ;Name; NAME_NL ;Category;VAT;Price;Unit;Barcodes;Active',
      `100;Café moulu 250 g;Gemalen koffie;Épicerie;6;3,99;piece;${code100};1`,
      `101;"Vin rouge; 75 cl";Rode wijn;Boissons;21 %;12,50;piece;${code101};1`,
      '',
    ].join('\r\n');
    const result = await importFile(BOM + file);
    expect(result).toMatchObject({ code: 0, out: '2 products imported' });
    expect(getProduct(t.db, 100)).toMatchObject({
      name: 'Café moulu 250 g',
      price: 399,
      vatRateBp: 600,
    });
    expect(getProduct(t.db, 101)).toMatchObject({
      name: 'Vin rouge; 75 cl',
      price: 1250,
      vatRateBp: 2100,
    });
  });

  it('imports UTF-16 with tabs (Excel "Unicode text")', async () => {
    const file = `id\tname\tvat\tprice\tunit\r\n100\tŒufs bio ×6\t6\t3.20\tpiece\r\n`;
    expect(await importFile(utf16le(file))).toMatchObject({ code: 0 });
    expect(getProduct(t.db, 100)?.name).toBe('Œufs bio ×6');
  });

  it("names the file's line, counting blank lines and a multi-line quoted name, and changes nothing", async () => {
    const file = [
      'id,name,vat,price,unit',
      '',
      '100,"Pâte à tartiner',
      'noisettes 400 g",6,4.50,piece',
      '',
      '101,Biscuits,6,deux euros,piece',
      '102,Chips,7,1.00,piece',
    ].join('\n');
    const result = await importFile(file);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      [
        'Nothing imported; 2 problem(s):',
        'line 6, price: "deux euros" is not a price (e.g. 3.99 or 3,99)',
        'line 7, vat: a Belgian VAT rate: 0, 6, 12 or 21',
      ].join('\n'),
    );
    expect(result.unchanged).toBe(true);
  });

  it('refuses a header-only file, saying so', async () => {
    const result = await importFile(`${BOM}id;name;vat;price;unit\r\n\r\n`);
    expect(result).toMatchObject({
      code: 1,
      err: 'The file has a header (id, name, vat, price, unit) but no rows below it',
      unchanged: true,
    });
  });

  it('refuses 5 MB of junk in a sentence, without a stack trace, and changes nothing', async () => {
    const junk = new Uint8Array(5 * 1024 * 1024);
    let seed = 42;
    for (let i = 0; i < junk.length; i += 1) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      junk[i] = seed >>> 24;
    }
    const result = await importFile(junk);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^The file cannot be read as a spreadsheet export: /);
    expect(result.err).toContain('encodings tried');
    expect(result.err).not.toContain('    at ');
    expect(result.unchanged).toBe(true);
  });

  it('never moves a barcode silently, a scale label code included; --move-barcodes lists each move', async () => {
    const file = [
      'id,name,vat,price,unit,barcodes',
      `100,Lait d'avoine,6,2.10,piece,${FIXTURE.milk.code}`,
      `101,Pommes Jonagold,6,2.99,kg,${FIXTURE.appleScaleBase}`,
    ].join('\n');
    const refused = await importFile(file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `line 2, barcodes: ${FIXTURE.milk.code} belongs to product 2 "Lait demi-écrémé 1 L" (give --move-barcodes to move it)`,
    );
    expect(refused.err).toContain(
      `line 3, barcodes: ${FIXTURE.appleScaleBase} belongs to product 1`,
    );
    expect(refused.unchanged).toBe(true);

    const moved = await importFile(file, '--move-barcodes');
    expect(moved.code).toBe(0);
    expect(moved.out.split('\n')).toEqual([
      `barcode ${FIXTURE.milk.code} moves from product 2 "Lait demi-écrémé 1 L" to product 100`,
      `barcode ${FIXTURE.appleScaleBase} moves from product 1 "Pommes Élstar bio" to product 101`,
      '2 products imported',
    ]);
    expect(findProductByBarcode(t.db, [FIXTURE.milk.code])?.id).toBe(100);
  });

  it('moves a barcode between two products listed in the same file without asking', async () => {
    const file = [
      'id,name,vat,price,unit,barcodes',
      `2,Lait demi-écrémé 1 L,6,1.29,piece,`,
      `100,Lait d'avoine,6,2.10,piece,${FIXTURE.milk.code}`,
    ].join('\n');
    expect(await importFile(file)).toMatchObject({ code: 0 });
    expect(barcodesOf(t.db, 2)).toEqual([]);
  });

  it('leaves a column the file does not have as it was', async () => {
    const result = await importFile('id,name,vat,price,unit\n2,Lait entier 1 L,6,1.39,piece\n');
    expect(result.code).toBe(0);
    expect(getProduct(t.db, 2)).toMatchObject({
      name: 'Lait entier 1 L',
      price: 139,
      nameNl: 'Halfvolle melk 1 L',
      category: 'Produits laitiers',
      active: true,
    });
    expect(barcodesOf(t.db, 2)).toEqual([FIXTURE.milk.code]);
  });

  it('refuses a price the till cannot take, and a duplicated column', async () => {
    const price = await importFile('id,name,vat,price,unit\n100,Lingot,21,"99999999,00",piece\n');
    expect(price).toMatchObject({ code: 1, unchanged: true });
    expect(price.err).toContain(
      'line 2, price: 99999999,00 is more than the till takes (100000.00 EUR)',
    );
    const twice = await importFile('id,name,Name,vat,price,unit\n100,A,B,6,1,piece\n');
    expect(twice.err).toContain('line 1: the column "name" appears twice (columns 2 and 3)');
  });

  it('lists at most 50 problems, then how many more', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${100 + i},Produit,6,1.00,litre`);
    const result = await importFile(['id,name,vat,price,unit', ...rows].join('\n'));
    const lines = result.err.split('\n');
    expect(lines[0]).toBe('Nothing imported; 60 problem(s):');
    expect(lines).toHaveLength(52);
    expect(lines.at(-1)).toBe('and 10 more');
  });

  it('refuses an extra argument rather than ignoring it', async () => {
    const result = await importFile('id,name,vat,price,unit\n100,A,6,1,piece\n', 'other.csv');
    expect(result).toMatchObject({ code: 2, unchanged: true });
    expect(result.err).toContain('import-products takes 1 argument; left over: other.csv');
  });
});
