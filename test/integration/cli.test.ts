import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getProduct, findProductByBarcode } from '../../db/catalog';
import { runCli } from '../../main/cli/till';
import { FIXTURE, createTestTill, ean13, type TestTill } from '../support/till';

let t: TestTill;
beforeEach(() => {
  t = createTestTill();
});
afterEach(() => t.close());

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  t.db.close(); // the command line opens the file itself, as a technician would
  const code = await runCli(
    [...args, '--db', t.path],
    (line) => out.push(line),
    (line) => err.push(line),
  );
  t.reopen();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function csvFile(name: string, text: string): string {
  const path = join(t.dir, name);
  writeFileSync(path, text);
  return path;
}

describe('till import-products', () => {
  it('imports new products and updates existing ones, with categories and VAT by name', async () => {
    const file = csvFile(
      'products.csv',
      [
        'id,name,name_nl,category,vat,price,unit,barcodes,active',
        `2,Lait entier 1 L,Volle melk 1 L,Produits laitiers,6,1.39,piece,${FIXTURE.milk.code},1`,
        `100,"Café moulu, 250 g",Gemalen koffie 250 g,Épicerie,6,"4,95",piece,${ean13('541000000100')},1`,
        `101,Liquide vaisselle,Afwasmiddel,Entretien,21,3.20,piece,${ean13('541000000101')} ${ean13('541000000102')},`,
      ].join('\n'),
    );
    const result = await cli('import-products', file);
    expect(result).toMatchObject({ code: 0, out: '3 products imported' });
    expect(getProduct(t.db, 2)).toMatchObject({ name: 'Lait entier 1 L', price: 139 });
    expect(getProduct(t.db, 100)).toMatchObject({
      name: 'Café moulu, 250 g',
      price: 495,
      vatRateBp: 600,
      category: 'Épicerie',
    });
    expect(findProductByBarcode(t.db, [ean13('541000000102')])?.id).toBe(101);
    expect(getProduct(t.db, 101)?.vatRateBp).toBe(2100);
  });

  it('refuses a broken file as a whole, naming each row and column, and changes nothing', async () => {
    const file = csvFile(
      'broken.csv',
      [
        'id,name,vat,price,unit,barcodes',
        `200,Good product,6,1.00,piece,${ean13('541000000200')}`,
        `201,,7,1.234,litre,5410000002019`,
        `abc,Bad id,21,2,piece,`,
      ].join('\n'),
    );
    const result = await cli('import-products', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('Nothing imported');
    expect(result.err).toContain('line 3, name: a name is required');
    expect(result.err).toContain('line 3, vat: a Belgian VAT rate');
    expect(result.err).toContain('line 3, price: "1.234" is not a price');
    expect(result.err).toContain('line 3, unit: piece or kg');
    expect(result.err).toContain(
      'line 3, barcodes: 5410000002019 has a wrong check digit (an EAN-13 starting 541000000201 ends in 3)',
    );
    expect(result.err).toContain('line 4, id: a product number is a whole number');
    expect(getProduct(t.db, 200)).toBeUndefined();
  });

  it('refuses a file without the required columns', async () => {
    const result = await cli('import-products', csvFile('nocolumns.csv', 'name,price\nX,1.00\n'));
    expect(result.code).toBe(1);
    expect(result.err).toContain('Missing columns: id, vat, unit');
  });
});

describe('till export-sales, z-report, verify-journal', () => {
  it('exports the paid lines of a date range as CSV, in euros and kilograms', async () => {
    t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    t.till.openSession({ counts: { '1000': 5 } });
    t.till.addByBarcode({ code: ean13('210000100532') });
    t.till.pay({ payments: [{ method: 'card', amount: 212 }] });
    const out = join(t.dir, 'sales.csv');
    expect(
      (await cli('export-sales', '--from', '2026-03-02', '--to', '2026-03-03', '--out', out)).code,
    ).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'ticket,kind,closed_at,cashier,member,line,product,barcode,quantity,unit_price,gross,line_discount,ticket_discount,amount,vat_rate',
    );
    expect(lines[1]).toContain(',Pommes Élstar bio,');
    expect(lines[1]).toContain(',0.532,3.99,2.12,0.00,0.00,2.12,6');
    expect((await cli('export-sales', '--from', '2026-03-03')).out).toBe(lines[0]);
    expect((await cli('export-sales', '--from', 'yesterday')).code).toBe(2);
  });

  it('says when no session was closed, and when the journal was tampered with', async () => {
    expect(await cli('z-report')).toMatchObject({ code: 1, err: 'No session has been closed yet' });
    t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    t.till.openSession({ counts: { '1000': 5 } });
    expect((await cli('verify-journal')).code).toBe(0);
    t.db.exec(
      "DROP TRIGGER journal_no_update; UPDATE journal SET payload = replace(payload, '5000', '4000')",
    );
    const result = await cli('verify-journal');
    expect(result.code).toBe(1);
    expect(result.err).toContain('Entry 1 was changed after it was written');
  });

  it('refuses an unknown command with the usage', async () => {
    const result = await cli('launch-rockets');
    expect(result.code).toBe(2);
    expect(result.err).toContain('Unknown command "launch-rockets"');
    expect(result.err).toContain('Usage: npm run -s till');
  });
});
