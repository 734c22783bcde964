import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upsertProducts } from '../../db/catalog';
import { setSetting } from '../../db/settings';
import { runCli } from '../../main/cli/till';
import { FIXTURE, createTestTill, type TestTill } from '../support/till';

let t: TestTill;
const savedInitCwd = process.env.INIT_CWD;
beforeEach(() => {
  t = createTestTill();
});
afterEach(() => {
  if (savedInitCwd === undefined) delete process.env.INIT_CWD;
  else process.env.INIT_CWD = savedInitCwd;
  t.close();
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  t.db.close();
  const code = await runCli(
    args.includes('--db') ? args : [...args, '--db', t.path],
    (line) => out.push(line),
    (line) => err.push(line),
  );
  t.reopen();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function sellMilk(): void {
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  if (!t.till.currentSession()) t.till.openSession({ counts: { '1000': 5 } });
  t.till.addByBarcode({ code: FIXTURE.milk.code });
  t.till.pay({ payments: [{ method: 'card', amount: FIXTURE.milk.price }] });
}

describe('the command line tells what is wrong with a path, in one sentence', () => {
  it('an input file that is missing or a folder, an output path in a missing folder or a folder', async () => {
    const missing = join(t.dir, 'nope.csv');
    expect(await cli('import-products', missing)).toMatchObject({
      code: 1,
      err: `The file ${missing} does not exist`,
    });
    expect(await cli('import-products', t.dir)).toMatchObject({
      code: 1,
      err: `The file ${t.dir} is a folder, not a file`,
    });
    const inMissingFolder = join(t.dir, 'no-such-folder', 'sales.csv');
    expect(await cli('export-sales', '--out', inMissingFolder)).toMatchObject({
      code: 1,
      err: `Cannot write ${inMissingFolder}: its folder does not exist`,
    });
    expect(await cli('export-sales', '--out', t.dir)).toMatchObject({
      code: 1,
      err: `The output file ${t.dir} is a folder, not a file`,
    });
  });

  it("--db that is empty, a folder, in a missing folder, not a database or another program's", async () => {
    expect(await cli('verify-journal', '--db', '')).toMatchObject({
      code: 2,
      err: '--db is empty: give the path of the till database',
    });
    expect(await cli('import-products', 'x.csv', '--db', t.dir)).toMatchObject({
      code: 1,
      err: `The database ${t.dir} is a folder, not a file`,
    });
    const elsewhere = join(t.dir, 'missing', 'till.db');
    expect((await cli('verify-journal', '--db', elsewhere)).err).toBe(
      `The database ${elsewhere} does not exist`,
    );
    const text = join(t.dir, 'notes.txt');
    writeFileSync(text, 'shopping list: milk, eggs\n'.repeat(100));
    for (const command of ['verify-journal', 'z-report', 'export-sales']) {
      expect(await cli(command, '--db', text)).toMatchObject({
        code: 1,
        err: `The database ${text} is not a till database (not an SQLite file)`,
      });
    }
    const other = join(t.dir, 'other.sqlite');
    const foreign = new Database(other);
    foreign.exec('CREATE TABLE recipes (name TEXT)');
    foreign.close();
    const before = readFileSync(other);
    expect(await cli('devices', 'set', 'printer', 'sim', '--db', other)).toMatchObject({
      code: 1,
      err: `${other} is not a till database (it holds tables of another program)`,
    });
    expect(readFileSync(other).equals(before)).toBe(true);
  });

  it('takes relative paths from the folder the command was started in', async () => {
    sellMilk();
    const work = join(t.dir, 'work');
    mkdirSync(work);
    process.env.INIT_CWD = work;
    const result = await cli('export-sales', '--out', 'sales.csv', '--db', '../till.db');
    expect(result).toMatchObject({ code: 0, out: `1 lines written to ${join(work, 'sales.csv')}` });
    expect(readFileSync(join(work, 'sales.csv'), 'utf8')).toContain('Lait demi-écrémé 1 L');
  });

  it("writes the export to standard output behind npm run -s, from the user's folder", async () => {
    sellMilk();
    t.db.close();
    const { stdout } = await promisify(execFile)(
      'npm',
      ['--prefix', process.cwd(), 'run', '-s', 'till', '--', 'export-sales', '--db', 'till.db'],
      { cwd: t.dir, env: { ...process.env, INIT_CWD: undefined, EMM_DB: undefined } },
    );
    t.reopen();
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ticket,kind,closed_at,/);
    expect(lines).toHaveLength(2);
  });
});

/**
 * Makes a file read-only for this process: chmod, and for root (whom chmod does not stop) the
 * immutable attribute. Returns how to undo it.
 */
function writeProtect(path: string): () => void {
  chmodSync(path, 0o444);
  if (process.getuid?.() !== 0) return () => chmodSync(path, 0o644);
  execFileSync('chattr', ['+i', path]);
  return () => {
    execFileSync('chattr', ['-i', path]);
    chmodSync(path, 0o644);
  };
}

describe('read-only checks', () => {
  it('a write-protected database: an import says so; the checks still read it', async () => {
    sellMilk();
    t.db.close();
    const undo = writeProtect(t.path);
    try {
      const file = join(t.dir, 'p.csv');
      writeFileSync(file, 'id,name,vat,price,unit\n100,A,6,1,piece\n');
      const run = async (...args: string[]) => {
        const err: string[] = [];
        const code = await runCli(
          [...args, '--db', t.path],
          () => {},
          (line) => err.push(line),
        );
        return { code, err: err.join('\n') };
      };
      expect(await run('import-products', file)).toEqual({
        code: 1,
        err: `The database ${t.path} is read-only: the till cannot write to it`,
      });
      for (const command of ['verify-journal', 'export-sales', 'z-report', 'sessions'])
        expect((await run(command)).err).not.toContain('read-only');
      expect((await run('verify-journal')).code).toBe(0);
    } finally {
      undo();
      t.reopen();
    }
  });

  it('verify-journal, export-sales and z-report leave the file as it was: no WAL switch, no migration', async () => {
    sellMilk();
    t.till.closeSession({
      counts: { '1000': 5 },
      approval: { userId: t.managerId, pin: FIXTURE.managerPin },
    });
    t.db.close();
    // An auditor's copy: rollback journal, not WAL.
    const copy = new Database(t.path);
    copy.pragma('journal_mode = DELETE');
    const version = copy.pragma('user_version', { simple: true });
    copy.close();
    const before = readFileSync(t.path);
    for (const command of ['verify-journal', 'export-sales', 'z-report', 'sessions']) {
      const out: string[] = [];
      const code = await runCli(
        [command, '--db', t.path],
        (line) => out.push(line),
        () => {},
      );
      expect(code).toBe(0);
      expect(readFileSync(t.path).equals(before)).toBe(true);
    }
    const after = new Database(t.path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(version);
    after.close();
    t.reopen();
  });
});

describe('dates are local days of the till', () => {
  it('a sale at 23:30 UTC on 2 March is in the export of 3 March in Brussels', async () => {
    t.clock.now = new Date('2026-03-02T23:30:00.000Z');
    sellMilk();
    const day = async (from: string, to: string) =>
      (await cli('export-sales', '--from', from, '--to', to)).out.split('\n').length - 1;
    expect(await day('2026-03-03', '2026-03-04')).toBe(1);
    expect(await day('2026-03-02', '2026-03-03')).toBe(0);
  });

  it('the Z report and the export follow the till.timeZone setting', async () => {
    sellMilk();
    t.till.closeSession({
      counts: { '1000': 5 },
      approval: { userId: t.managerId, pin: FIXTURE.managerPin },
    });
    expect((await cli('z-report')).out).toContain('02/03/2026 09:00');
    setSetting(t.db, 'till.timeZone', 'Asia/Tokyo');
    expect((await cli('z-report')).out).toContain('02/03/2026 17:00');
    t.clock.now = new Date('2026-03-02T16:00:00.000Z'); // 3 March, 01:00 in Tokyo
    sellMilk();
    const lines = (await cli('export-sales', '--from', '2026-03-03', '--to', '2026-03-04')).out;
    expect(lines.split('\n')).toHaveLength(2);
  });

  it('refuses an impossible day and --from after --to', async () => {
    expect(await cli('export-sales', '--from', '2026-02-30')).toMatchObject({
      code: 2,
      err: '--from must be a day such as 2026-03-01, got "2026-02-30"',
    });
    expect(await cli('export-sales', '--from', '2026-03-05', '--to', '2026-03-01')).toMatchObject({
      code: 2,
      err: '--from 2026-03-05 is after --to 2026-03-01',
    });
  });
});

describe('sessions', () => {
  it('are listed, and the Z report prints a short id that finds the session again', async () => {
    sellMilk();
    const sessionId = t.till.currentSession()?.id as string;
    t.till.closeSession({
      counts: { '1000': 5 },
      approval: { userId: t.managerId, pin: FIXTURE.managerPin },
    });
    const listed = await cli('sessions');
    expect(listed.code).toBe(0);
    const short = sessionId.slice(0, 8);
    expect(listed.out).toBe(
      `${short}  opened 2026-03-02T08:00:00.000Z by Camille, closed 2026-03-02T08:00:00.000Z by Manon; 1 ticket, sales 1.29, refunds 0.00 EUR`,
    );
    const z = await cli('z-report', '--session', short, '--locale', 'en');
    expect(z.code).toBe(0);
    expect(z.out).toContain(`Session ${short}`);
    expect(z.out).not.toContain(sessionId);
    expect(await cli('z-report', '--session', 'ffff')).toMatchObject({
      code: 1,
      err: 'No session has an id starting with "ffff" (see: sessions)',
    });
  });
});

describe('the sales export', () => {
  it('neutralises formulas and shows both discounts, so that quantity x price - discounts = amount', async () => {
    upsertProducts(t.db, [
      {
        id: 9,
        name: '=HYPERLINK("http://evil.example","Prix")',
        taxRateId: 1,
        price: 1000,
        unit: 'piece',
        barcodes: [],
        updatedAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
    t.till.openSession({ counts: {} });
    const view = t.till.addProduct({ productId: 9, quantity: 3000 });
    t.till.setLineDiscount({
      lineId: view.lines[0]?.id as string,
      discount: { kind: 'percent', basisPoints: 1000 },
    });
    t.till.setTicketDiscount({ discount: { kind: 'amount', cents: 100 } });
    t.till.pay({ payments: [{ method: 'card', amount: 2600 }] });
    const [header, line] = (await cli('export-sales')).out.split('\n');
    expect(header).toBe(
      'ticket,kind,closed_at,cashier,member,line,product,barcode,quantity,unit_price,gross,line_discount,ticket_discount,amount,vat_rate',
    );
    expect(line).toContain(`,"'=HYPERLINK(""http://evil.example"",""Prix"")",`);
    expect(line).toMatch(/,3\.000,10\.00,30\.00,3\.00,1\.00,26\.00,6$/);
  });
});
