/**
 * Paying, run the same way every time: a fixed clock, counted ids and a seeded choice of
 * products, so that a change meant to make paying faster can be checked to write the very same
 * bytes (tickets, lines, payments, stock moves, journal, outbox, applied operations).
 *
 *   npx tsx bench/pay-rows.ts dump 200 var/pay-rows-before.txt   # rows, then their SHA-256
 *   npx tsx bench/pay-rows.ts time 1500                          # wall and CPU time per pay
 *
 * Dump before and after the change and compare the files (`cmp`). `time` pays without fsync,
 * so that it measures the CPU's share; run it alternately with the code before the change, the
 * machine being noisy. Its catalogue (20k products) is built once in var/pay-rows/.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/open';
import { insertUser } from '../db/users';
import { hashPin } from '../main/till/pin';
import { bareTill } from '../main/bare-till';
import type { TicketView } from '../main/till/ticket-view';
import { seededRandom, pick } from '../test/support/random';
import { ensureCatalogDb } from './catalog-db';
import { sampleProductCodes } from './samples';

const DIR = fileURLToPath(new URL('../var/pay-rows/', import.meta.url));
const TABLES = [
  ['tickets', 'created_at, id'],
  ['ticket_lines', 'id'],
  ['payments', 'id'],
  ['stock_moves', 'id'],
  ['journal', 'seq'],
  ['outbox', 'seq'],
  ['applied_operations', 'id'],
] as const;

const [mode = 'dump', count = '200', out = join(DIR, 'rows.txt')] = process.argv.slice(2);
const tickets = Number(count);
if (mode !== 'dump' && mode !== 'time') throw new Error('Mode: dump or time');
if (!Number.isInteger(tickets) || tickets < 1) throw new Error('Tickets: a whole number ≥ 1');

const catalog = ensureCatalogDb({ dir: DIR, count: 20000, seed: 7, rebuild: false });
const runDir = join(DIR, `run-${process.pid}`);
rmSync(runDir, { recursive: true, force: true });
mkdirSync(runDir, { recursive: true });
const path = join(runDir, 'till.db');
copyFileSync(catalog.path, path);
const db = openDatabase(path);
db.pragma('synchronous = OFF');

let now = Date.parse('2026-12-01T08:00:00.000Z');
let ids = 0;
// Counted, time-ordered ids: the same run gives the same ids.
const newId = (): string => `0190a000-0000-7000-8000-${(++ids).toString(16).padStart(12, '0')}`;
const managerId = insertUser(db, {
  name: 'Manager',
  role: 'manager',
  pinHash: hashPin('1234'),
  createdAt: '2026-12-01T07:00:00.000Z',
});
const till = bareTill({ db, clock: () => new Date((now += 1234)), newId });
till.signIn({ userId: managerId, pin: '1234' });
till.openSession({ counts: { '1000': 5, '200': 10 } });
const random = seededRandom(99);
const codes = sampleProductCodes(db, random, 500, {
  where: "p.active = 1 AND p.unit = 'piece'",
  labels: false,
});

let wallNs = 0n;
let cpuUs = 0;
for (let i = 0; i < tickets; i++) {
  let view: TicketView | undefined;
  for (let line = 0; line < 5; line++) view = till.addByBarcode({ code: pick(random, codes) });
  if (!view) throw new Error('Ringing up failed');
  // Cash with change, cards, and some with an operation id: each path paying takes.
  const payments =
    i % 3 === 0
      ? [{ method: 'cash', amount: view.due + 500 }]
      : [{ method: 'card', amount: view.due }];
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const paid = till.pay({ payments, ...(i % 4 === 0 ? { operationId: newId() } : {}) });
  const used = process.cpuUsage(cpu);
  wallNs += process.hrtime.bigint() - wall;
  cpuUs += used.user + used.system;
  const first = paid.lines[0];
  if (mode === 'dump' && i % 7 === 0 && paid.number !== null && first) {
    till.refund({
      ticketNumber: paid.number,
      method: 'cash',
      lines: [{ lineId: first.id, quantity: first.quantity }],
    });
  }
}
console.log(
  `pay: ${(Number(wallNs) / tickets / 1000).toFixed(0)} µs wall, ` +
    `${(cpuUs / tickets).toFixed(0)} µs CPU, mean of ${tickets}`,
);
if (mode === 'dump') {
  const rows: string[] = [];
  for (const [table, order] of TABLES) {
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all()) {
      rows.push(`${table} ${JSON.stringify(row)}`);
    }
  }
  const text = rows.join('\n');
  writeFileSync(out, text);
  console.log(
    `${rows.length} rows in ${out}, SHA-256 ${createHash('sha256').update(text).digest('hex')}`,
  );
}
db.close();
rmSync(runDir, { recursive: true, force: true });
