import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { message } from '../../../domain/i18n';
import { startTill, type RunningTill } from '../../../main/index';
import { invoke, type TillEventMessage } from '../../../main/api';
import { runCli } from '../../../main/cli/till';
import { trainingPath } from '../../../main/training';
import { DEMO_USERS } from '../../../main/till/first-run';
import { DEMO_BARCODES } from '../../../db/demo-catalog';
import { openDatabase } from '../../../db/open';
import { createPtyPair } from '../../support/pty';
import {
  commandsOf,
  fakePrinter,
  type DecodedEscPos,
  type FakePrinter,
} from '../../support/escpos-decoder';

const [CAMILLE, MANON] = DEMO_USERS;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Till {
  running: RunningTill;
  dbPath: string;
  dir: string;
  printer: FakePrinter;
  events: TillEventMessage[];
  ids: { camille: number; manon: number };
  stop(): Promise<void>;
}

/** The demo till with a printer (and the drawer on it) on a real serial line. */
async function tillWithPrinter(existing?: { dir: string; printer: FakePrinter; device: string }) {
  let dir: string;
  let printer: FakePrinter;
  let device: string;
  if (existing) {
    ({ dir, printer, device } = existing);
  } else {
    const pair = await createPtyPair();
    cleanups.push(() => pair.kill());
    printer = fakePrinter(pair);
    cleanups.push(() => printer.stop());
    device = pair.device;
    dir = mkdtempSync(join(tmpdir(), 'emm-training-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  }
  const before = { ...process.env };
  Object.assign(process.env, {
    EMM_SCANNER: 'none',
    EMM_PRINTER: `serial:${device}?baudRate=19200`,
    EMM_DRAWER: 'printer',
    EMM_DISPLAY: 'none',
  });
  const dbPath = join(dir, 'till.db');
  const events: TillEventMessage[] = [];
  const running = startTill({ dbPath, devices: true, send: (m) => events.push(m) });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await running.stop();
    process.env = before;
  };
  cleanups.push(stop);
  const idOf = (name: string) =>
    (running.db.prepare('SELECT id FROM users WHERE name = ?').pluck().get(name) as number) ?? 0;
  const till: Till = {
    running,
    dbPath,
    dir,
    printer,
    events,
    ids: { camille: idOf(CAMILLE.name), manon: idOf(MANON.name) },
    stop,
  };
  return { till, device };
}

const manonApproves = (t: Till) => ({ userId: t.ids.manon, pin: MANON.pin });
const count = (t: Till, sql: string) => t.running.db.prepare(sql).pluck().get() as number;
const TRAINING_MARK = `*** ${message('fr-BE', 'receipt', 'training').replace('—', '-')} ***`;

/** Sells one milk for cash, exact amount rounded up to 5 cents; returns the ticket's number. */
function sellMilk(t: Till): number {
  const ticket = t.running.till.addByBarcode({ code: DEMO_BARCODES.piece.code });
  const due = Math.ceil(ticket.totals.total / 5) * 5;
  return t.running.till.pay({ payments: [{ method: 'cash', amount: due }] }).number as number;
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('training mode', () => {
  it('lets a volunteer sell, refund and move cash on a training ledger the books never see', async () => {
    const { till: t } = await tillWithPrinter();
    const { till } = t.running;
    till.signIn({ userId: t.ids.camille, pin: CAMILLE.pin });
    till.openSession({ counts: { '1000': 10 } });
    const realSale = sellMilk(t);
    await t.printer.waitFor((decoded) => commandsOf(decoded, 'cut').length >= 1);
    const realOutbox = count(t, 'SELECT count(*) FROM outbox');

    // A cashier cannot start training alone, nor with a wrong PIN: refused in words, nothing changes.
    const alone = await invoke(t.running, 'startTraining', {});
    expect(alone).toMatchObject({ ok: false, error: { code: 'auth.manager_required' } });
    const wrongPin = await invoke(t.running, 'startTraining', {
      approval: { userId: t.ids.manon, pin: '0000' },
    });
    expect(wrongPin.ok).toBe(false);
    if (!wrongPin.ok) {
      expect(wrongPin.error.code).toBe('auth.wrong_pin');
      expect(wrongPin.error.message).toBe(message('fr-BE', 'error', 'auth.wrong_pin'));
    }
    expect(till.training()).toEqual({ active: false });
    expect(existsSync(trainingPath(t.dbPath))).toBe(false);

    expect(till.startTraining({ approval: manonApproves(t) })).toEqual({ active: true });
    expect(t.events).toContainEqual({ event: 'training_changed', payload: { active: true } });
    expect(till.training()).toEqual({ active: true });
    // Camille goes on, signed in, on a till open as the real one (its float).
    expect(till.signedIn()?.name).toBe(CAMILLE.name);
    expect(till.currentSession()?.openingFloat).toBe(10_000);

    // The volunteer sells, refunds and takes cash out, as usual.
    const practice = sellMilk(t);
    const printed = await t.printer.waitFor((decoded) => commandsOf(decoded, 'cut').length >= 2);
    const receipts = splitAtCuts(printed);
    expect(receipts[1]?.filter((line) => line.trim() === TRAINING_MARK)).toHaveLength(2);
    expect(receipts[0]?.some((line) => line.includes(TRAINING_MARK))).toBe(false);
    till.refund({ ticketNumber: practice, method: 'cash', approval: manonApproves(t) });
    till.cashMove({ amount: -500, reason: 'practice', approval: manonApproves(t) });
    expect(till.xReport().tickets).toMatchObject({ sales: 1, refunds: 1 });
    const refundPrinted = await t.printer.waitFor(
      (decoded) => commandsOf(decoded, 'cut').length >= 3,
    );
    expect(splitAtCuts(refundPrinted)[2]?.filter((l) => l.trim() === TRAINING_MARK)).toHaveLength(
      2,
    );

    // The training session closes: its Z report prints, marked as no sale too.
    till.closeSession({ counts: { '1000': 9, '500': 1 }, approval: manonApproves(t) });
    const zPrinted = await t.printer.waitFor((decoded) => commandsOf(decoded, 'cut').length >= 4);
    const trainingZ = splitAtCuts(zPrinted)[3] ?? [];
    expect(trainingZ.filter((line) => line.trim() === TRAINING_MARK)).toHaveLength(2);
    expect(trainingZ.some((line) => /RAPPORT Z/.test(line))).toBe(true);

    // Leaving needs a manager too.
    const leaving = await invoke(t.running, 'endTraining', {});
    expect(leaving).toMatchObject({ ok: false, error: { code: 'auth.manager_required' } });
    expect(till.training()).toEqual({ active: true });
    expect(till.endTraining({ approval: manonApproves(t) })).toEqual({ active: false });
    expect(t.events).toContainEqual({ event: 'training_changed', payload: { active: false } });
    expect(existsSync(trainingPath(t.dbPath))).toBe(false);
    expect(till.signedIn()?.name).toBe(CAMILLE.name);

    // The real till: the X report, tickets, stock and outbox hold the real sale and nothing else.
    const x = till.xReport();
    expect(x.tickets).toEqual({ sales: 1, refunds: 0, cancellations: 0 });
    expect(x.cashMoves).toEqual([]);
    expect(count(t, "SELECT count(*) FROM tickets WHERE status <> 'draft'")).toBe(1);
    expect(count(t, 'SELECT count(*) FROM stock_moves')).toBe(1);
    expect(count(t, 'SELECT count(*) FROM cash_moves')).toBe(0);
    const outboxTypes = t.running.db
      .prepare('SELECT type FROM outbox ORDER BY seq')
      .pluck()
      .all() as string[];
    expect(outboxTypes.slice(realOutbox)).toEqual(['training', 'training']);
    const journal = t.running.db
      .prepare("SELECT payload FROM journal WHERE doc_type = 'training' ORDER BY seq")
      .pluck()
      .all() as string[];
    expect(journal.map((payload) => JSON.parse(payload) as unknown)).toEqual([
      expect.objectContaining({ act: 'start', by: t.ids.manon, signedInUserId: t.ids.camille }),
      expect.objectContaining({ act: 'end', by: t.ids.manon, signedInUserId: t.ids.camille }),
    ]);

    // The volunteer now sells for real: ticket numbers follow the real ones.
    expect(sellMilk(t)).toBe(realSale + 1);
    till.closeSession({ counts: { '1000': 10 }, approval: manonApproves(t) });
    await t.stop();

    const verified = await cli(['verify-journal', '--db', t.dbPath]);
    expect(verified.err).toBe('');
    expect(verified.code).toBe(0);
    const z = await cli(['z-report', '--db', t.dbPath]);
    expect(z.code).toBe(0);
    expect(z.out).not.toMatch(/practice|FORMATION/);
    const csv = join(t.dir, 'sales.csv');
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(today).not.toBe('');
    const exported = await cli([
      'export-sales',
      '--from',
      yesterday,
      '--to',
      tomorrow,
      '--out',
      csv,
      '--db',
      t.dbPath,
    ]);
    expect(exported.code).toBe(0);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    const ticketsExported = new Set(rows.slice(1).map((row) => row.split(';')[0]));
    expect([...ticketsExported]).toHaveLength(2);
  });

  it('comes back in training after a restart, and leaves it only with a manager', async () => {
    const first = await tillWithPrinter();
    const t = first.till;
    t.running.till.signIn({ userId: t.ids.manon, pin: MANON.pin });
    t.running.till.startTraining();
    sellMilk(t);
    const journalBefore = count(t, 'SELECT count(*) FROM journal');
    await t.stop();

    const again = (await tillWithPrinter({ dir: t.dir, printer: t.printer, device: first.device }))
      .till;
    expect(again.running.till.training()).toEqual({ active: true });
    again.running.till.signIn({ userId: again.ids.camille, pin: CAMILLE.pin });
    // The practice sale is still on the training ledger, not the real one.
    expect(again.running.till.xReport().tickets.sales).toBe(1);
    expect(count(again, "SELECT count(*) FROM tickets WHERE status <> 'draft'")).toBe(0);
    expect(again.running.till.endTraining({ approval: manonApproves(again) })).toEqual({
      active: false,
    });
    expect(count(again, 'SELECT count(*) FROM journal')).toBe(journalBefore + 1);
    expect(again.running.till.currentSession()).toBeNull();
    await again.stop();
    const db = openDatabase(join(t.dir, 'till.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(0);
    db.close();
  });
});

describe('training mode across a crash', () => {
  it('follows the real journal, not a file left beside it', async () => {
    const first = await tillWithPrinter();
    const t = first.till;
    t.running.till.signIn({ userId: t.ids.manon, pin: MANON.pin });
    t.running.till.startTraining();
    await t.stop();
    // The copy lost (a disk restored without it): the journal says training, so training it is,
    // on a fresh copy.
    rmSync(trainingPath(t.dbPath));
    const lost = (await tillWithPrinter({ dir: t.dir, printer: t.printer, device: first.device }))
      .till;
    expect(lost.running.till.training()).toEqual({ active: true });
    expect(existsSync(trainingPath(t.dbPath))).toBe(true);
    lost.running.till.signIn({ userId: lost.ids.manon, pin: MANON.pin });
    lost.running.till.endTraining();
    await lost.stop();
    // A copy the journal does not back (a crash after journaling the end): not training, removed.
    writeFileSync(trainingPath(t.dbPath), '');
    const left = (await tillWithPrinter({ dir: t.dir, printer: t.printer, device: first.device }))
      .till;
    expect(left.running.till.training()).toEqual({ active: false });
    expect(existsSync(trainingPath(t.dbPath))).toBe(false);
    await left.stop();
  });
});

/** The printed lines, receipt by receipt (each ends at a cut). */
function splitAtCuts(decoded: DecodedEscPos): string[][] {
  let from = 0;
  return commandsOf(decoded, 'cut').map((cut) => {
    const receipt = decoded.text.slice(from, cut.line);
    from = cut.line;
    return receipt;
  });
}
