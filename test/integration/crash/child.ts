/**
 * A till ringing up sales as fast as it can, until it is killed. It reports on stdout, after each
 * commit, what it has made durable: `LINES <ticketId> <n>` once a draft holds n lines, and
 * `PAID <ticketId>` once a ticket is paid. The parent kills it with SIGKILL at random moments.
 */
import { writeSync } from 'node:fs';
import { createIdGenerator } from '../../../main/ids';
import { openDatabase } from '../../../db/open';
import { bareTill } from '../../../main/bare-till';
import { FIXTURE, ean13 } from '../../support/till';
import { pick, seededRandom } from '../../support/random';
import { roundCashAmount } from '../../../domain/payment';

const [dbPath, seedText, cashierId, managerId] = process.argv.slice(2);
const random = seededRandom(Number(seedText));
const report = (line: string) => writeSync(1, `${line}\n`);

const db = openDatabase(dbPath ?? '');
const till = bareTill({ db, clock: () => new Date(), newId: createIdGenerator() });
till.signIn({ userId: Number(cashierId), pin: FIXTURE.cashierPin });
if (!till.currentSession()) till.openSession({ counts: { '1000': 10 } });
const approval = { userId: Number(managerId), pin: FIXTURE.managerPin };
report('READY');

const scans = [
  () => FIXTURE.milk.code,
  () => FIXTURE.soap.code,
  () => ean13(`2100001${String(50 + Math.floor(random() * 3000)).padStart(5, '0')}`),
  () => ean13(`2300004${String(100 + Math.floor(random() * 2000)).padStart(5, '0')}`),
];

for (;;) {
  const lines = 1 + Math.floor(random() * 6);
  let ticket = till.currentTicket();
  while ((ticket?.lines.length ?? 0) < lines) {
    ticket = till.addByBarcode({ code: pick(random, scans)() });
    report(`LINES ${ticket.id} ${ticket.lines.length}`);
  }
  if (!ticket) continue;
  if (random() < 0.2) {
    ticket = till.attachMember({ barcode: FIXTURE.memberCard });
    report(`LINES ${ticket.id} ${ticket.lines.length}`);
  }
  const roll = random();
  if (roll < 0.05) {
    till.cancelTicket();
    report(`CANCELLED ${ticket.id}`);
    continue;
  }
  const total = ticket.totals.total;
  const cashDue = roundCashAmount(total);
  const payments =
    roll < 0.5
      ? [{ method: 'cash', amount: cashDue + Math.floor(random() * 3) * 500 }]
      : roll < 0.8
        ? [{ method: 'card', amount: total }]
        : [
            { method: 'card', amount: Math.floor(total / 2) },
            // The cash part is rounded to 0.05 EUR (Belgian law), also in a split payment.
            { method: 'cash', amount: roundCashAmount(total - Math.floor(total / 2)) },
          ];
  const paid = till.pay({ payments });
  report(`PAID ${paid.id}`);
  if (random() < 0.1 && paid.number !== null) {
    const refund = till.refund({ ticketNumber: paid.number, method: 'card', approval });
    report(`PAID ${refund.id}`);
  }
}
