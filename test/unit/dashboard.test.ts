import { describe, expect, it } from 'vitest';
import {
  dashboardFigures,
  figuresFromHours,
  hourReader,
  hourRows,
  localTime,
  utcHour,
  type DashboardTicket,
} from '../../domain/dashboard';

const BRUSSELS = 'Europe/Brussels';

function ticket(over: Partial<DashboardTicket>): DashboardTicket {
  return {
    kind: 'sale',
    closedAt: '2026-03-02T09:15:00.000Z',
    total: 0,
    change: 0,
    rounding: 0,
    vat: [],
    payments: [],
    lines: [],
    ...over,
  };
}

const categoryOf = (productId: number | null) =>
  productId === null ? '' : productId < 10 ? 'Dairy' : 'Soap';
const figuresOf = (tickets: DashboardTicket[], timeZone = BRUSSELS) =>
  dashboardFigures(tickets, { timeZone, categoryOf });

describe('the local time of a ticket', () => {
  it('reads the day, the hour and the ISO weekday in the coop’s zone, summer time included', () => {
    expect(localTime('2026-03-02T09:15:00.000Z', BRUSSELS)).toEqual({
      day: '2026-03-02',
      hour: 10,
      weekday: 1,
    });
    // 23:30 UTC on Saturday 28 March is 00:30 on Sunday in Brussels.
    expect(localTime('2026-03-28T23:30:00.000Z', BRUSSELS)).toEqual({
      day: '2026-03-29',
      hour: 0,
      weekday: 7,
    });
    expect(localTime('2026-03-29T21:50:00.000Z', BRUSSELS).hour).toBe(23);
    expect(localTime('2026-03-29T21:50:00.000Z', 'UTC')).toEqual({
      day: '2026-03-29',
      hour: 21,
      weekday: 7,
    });
  });
});

describe('the weekdays', () => {
  it('are told apart every day of a week, Monday 1 to Sunday 7', () => {
    const week = [2, 3, 4, 5, 6, 7, 8].map(
      (date) => localTime(`2026-03-0${date}T12:00:00.000Z`, BRUSSELS).weekday,
    );
    expect(week).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('the dashboard’s figures', () => {
  it('are all zero with no ticket, with 24 hours and 7 weekdays', () => {
    const figures = figuresOf([]);
    expect(figures).toMatchObject({
      sales: 0,
      refunds: 0,
      net: 0,
      tickets: 0,
      refundTickets: 0,
      averageBasket: 0,
      byCategory: [],
      byPayment: [],
      vat: [],
      rounding: 0,
      changeGiven: 0,
    });
    expect(figures.byHour.map((row) => row.key)).toEqual([...Array(24).keys()]);
    expect(figures.byWeekday.map((row) => row.key)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(figures.byHour.every((row) => row.tickets === 0 && row.amount === 0)).toBe(true);
  });

  const sale = ticket({
    total: 1029,
    change: 473,
    rounding: -1,
    vat: [
      { rateBp: 600, gross: 579, vat: 33 },
      { rateBp: 2100, gross: 450, vat: 78 },
    ],
    payments: [{ method: 'cash', kind: 'cash', amount: 1500 }],
    lines: [
      { productId: 2, net: 579 },
      { productId: 30, net: 450 },
    ],
  });
  const card = ticket({
    closedAt: '2026-03-03T16:05:00.000Z',
    total: 258,
    vat: [{ rateBp: 600, gross: 258, vat: 15 }],
    payments: [{ method: 'card', kind: 'card', amount: 258 }],
    lines: [{ productId: 2, net: 258 }],
  });
  const refund = ticket({
    kind: 'refund',
    closedAt: '2026-03-03T16:20:00.000Z',
    total: -129,
    vat: [{ rateBp: 600, gross: -129, vat: -7 }],
    payments: [{ method: 'card', kind: 'card', amount: -129 }],
    lines: [{ productId: 2, net: -129 }],
  });

  it('sum sales, refunds, tickets and the basket as the Z counts them', () => {
    const figures = figuresOf([sale, card, refund]);
    expect(figures).toMatchObject({
      sales: 1287,
      refunds: -129,
      net: 1158,
      tickets: 2,
      refundTickets: 1,
      // 1287 / 2 = 643.5: half away from zero.
      averageBasket: 644,
      rounding: -1,
      changeGiven: 473,
    });
  });

  it('give VAT per rate net of refunds, from the tickets’ own rows, ordered by rate', () => {
    const soap = ticket({ vat: [{ rateBp: 2100, gross: 450, vat: 78 }] });
    expect(figuresOf([soap]).vat).toEqual([{ rateBp: 2100, gross: 450, vat: 78, net: 372 }]);
    expect(figuresOf([soap, card, refund]).vat.map((row) => row.rateBp)).toEqual([600, 2100]);
    expect(figuresOf([card, sale, refund]).vat).toEqual([
      { rateBp: 600, gross: 708, vat: 41, net: 667 },
      { rateBp: 2100, gross: 450, vat: 78, net: 372 },
    ]);
  });

  it('give payments per method by name, net of refunds and of the change taken off cash', () => {
    expect(figuresOf([sale, card, refund]).byPayment).toEqual([
      { method: 'card', kind: 'card', amount: 129 },
      { method: 'cash', kind: 'cash', amount: 1027 },
    ]);
    // Change with no cash payment at all: a cash row of its own, as on the Z.
    const over = ticket({
      total: 1000,
      change: 200,
      payments: [{ method: 'voucher', kind: 'voucher', amount: 1200 }],
    });
    expect(figuresOf([over]).byPayment).toEqual([
      { method: 'voucher', kind: 'voucher', amount: 1200 },
      { method: 'cash', kind: 'cash', amount: -200 },
    ]);
    // A till from before payment kinds: its "cash" method was the drawer.
    const legacy = ticket({
      total: 500,
      change: 100,
      payments: [
        { method: 'cash', amount: 600 },
        { method: 'meal', amount: 0 },
      ],
    });
    expect(figuresOf([legacy]).byPayment).toEqual([
      { method: 'cash', kind: 'cash', amount: 500 },
      { method: 'meal', kind: 'other', amount: 0 },
    ]);
  });

  it('put sale tickets and net amounts in their local hour and weekday', () => {
    const figures = figuresOf([sale, card, refund]);
    expect(figures.byHour[10]).toEqual({ key: 10, tickets: 1, amount: 1029 });
    expect(figures.byHour[17]).toEqual({ key: 17, tickets: 1, amount: 129 });
    expect(figures.byHour.filter((row) => row.amount !== 0)).toHaveLength(2);
    expect(figures.byWeekday[0]).toEqual({ key: 1, tickets: 1, amount: 1029 });
    expect(figures.byWeekday[1]).toEqual({ key: 2, tickets: 1, amount: 129 });
    expect(figuresOf([sale], 'UTC').byHour[9]).toEqual({ key: 9, tickets: 1, amount: 1029 });
  });

  it('give the net per category, largest first, lines with no product under no name', () => {
    const loose = ticket({ total: 50, lines: [{ productId: null, net: 50 }] });
    expect(figuresOf([sale, card, refund, loose]).byCategory).toEqual([
      { category: 'Dairy', amount: 708 },
      { category: 'Soap', amount: 450 },
      { category: '', amount: 50 },
    ]);
    const tie = ticket({
      lines: [
        { productId: 30, net: 100 },
        { productId: 2, net: 100 },
      ],
    });
    expect(figuresOf([tie]).byCategory.map((row) => row.category)).toEqual(['Dairy', 'Soap']);
  });
});

describe('the dashboard from hour rows', () => {
  const random = (() => {
    let seed = 24;
    return () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
  })();
  const cents = (max: number) => Math.floor(random() * max);
  // Tickets over three days across midnight UTC and the change to summer time: sales and refunds,
  // change, rounding, methods with and without their kind, three rates, lines with no product.
  const tickets = Array.from({ length: 300 }, (_, i): DashboardTicket => {
    const sale = random() < 0.8;
    const sign = sale ? 1 : -1;
    const total = sign * (1 + cents(5000));
    const method = ['cash', 'card', 'bon', 'cash'][i % 4] ?? 'cash';
    return ticket({
      kind: sale ? 'sale' : 'refund',
      closedAt: new Date(Date.parse('2026-03-27T00:00:00.000Z') + cents(3 * 86_400_000))
        .toISOString()
        .replace(/\.\d{3}Z$/, `.${String(i % 1000).padStart(3, '0')}Z`),
      total,
      change: sale && method === 'cash' ? cents(500) : 0,
      rounding: method === 'cash' ? cents(5) - 2 : 0,
      vat: [600, 2100, i % 7 === 0 ? 1200 : 600].map((rateBp) => ({
        rateBp,
        gross: sign * cents(900),
        vat: sign * cents(60),
      })),
      payments: [
        i % 3 === 0
          ? { method, amount: total }
          : {
              method,
              kind: method === 'bon' ? 'voucher' : method === 'card' ? 'card' : 'cash',
              amount: total,
            },
      ],
      lines: [
        { productId: i % 5 === 0 ? null : i % 20, net: sign * cents(2000) },
        { productId: 3, net: sign * cents(300) },
      ],
    });
  });

  it('are the tickets’ own figures, in Brussels and in UTC, for any subset of hours', () => {
    const rows = hourRows(tickets, categoryOf);
    for (const zone of [BRUSSELS, 'UTC', 'America/New_York']) {
      expect(figuresFromHours(rows, zone)).toEqual(figuresOf(tickets, zone));
    }
    const late = tickets.filter((t) => t.closedAt >= '2026-03-28T23:00:00.000Z');
    const lateRows = {
      hours: rows.hours.filter((row) => row.hour >= '2026-03-28T23'),
      payments: rows.payments.filter((row) => row.hour >= '2026-03-28T23'),
      vat: rows.vat.filter((row) => row.hour >= '2026-03-28T23'),
      categories: rows.categories.filter((row) => row.hour >= '2026-03-28T23'),
    };
    expect(late.length).toBeGreaterThan(10);
    expect(figuresFromHours(lateRows, BRUSSELS)).toEqual(figuresOf(late));
  });

  it('keep one row per hour and what each hour holds', () => {
    const rows = hourRows(
      [
        ticket({ closedAt: '2026-03-02T22:59:59.999Z', total: 100, change: 5, rounding: 1 }),
        ticket({ closedAt: '2026-03-02T22:00:00.000Z', total: 50 }),
        ticket({ kind: 'refund', closedAt: '2026-03-02T23:00:00.000Z', total: -30 }),
      ],
      categoryOf,
    );
    expect(rows.hours).toEqual([
      {
        hour: '2026-03-02T22',
        sales: 150,
        refunds: 0,
        tickets: 2,
        refundTickets: 0,
        rounding: 1,
        changeGiven: 5,
      },
      {
        hour: '2026-03-02T23',
        sales: 0,
        refunds: -30,
        tickets: 0,
        refundTickets: 1,
        rounding: 0,
        changeGiven: 0,
      },
    ]);
    // A payment from before kinds: cash is the drawer's, any other method 'other'.
    expect(
      hourRows(
        [
          ticket({
            payments: [
              { method: 'cash', amount: 100 },
              { method: 'bon', amount: 50 },
              { method: 'card', kind: 'card', amount: 20 },
            ],
          }),
        ],
        categoryOf,
      ).payments,
    ).toEqual([
      { hour: '2026-03-02T09', method: 'cash', kind: 'cash', amount: 100 },
      { hour: '2026-03-02T09', method: 'bon', kind: 'other', amount: 50 },
      { hour: '2026-03-02T09', method: 'card', kind: 'card', amount: 20 },
    ]);
    expect(utcHour('2026-03-02T23:59:59.999+01:00')).toBe('2026-03-02T22');
    expect(figuresFromHours({ hours: [], payments: [], vat: [], categories: [] }, 'UTC')).toEqual(
      figuresOf([], 'UTC'),
    );
  });
});

describe('the hour reader', () => {
  it('reads every hour as localTime does, around summer time and in half-hour zones', () => {
    // The weeks of the switches in Europe and America, both ways (every hour of them).
    const weeks = ['2026-03-06', '2026-03-26', '2026-10-22', '2026-10-30'];
    for (const zone of [BRUSSELS, 'UTC', 'America/New_York', 'Asia/Kolkata', 'America/St_Johns']) {
      const read = hourReader(zone);
      for (const week of weeks) {
        for (let i = 0; i < 5 * 24; i += 1) {
          const iso = new Date(Date.parse(`${week}T00:00:00.000Z`) + i * 3_600_000).toISOString();
          const { hour, weekday } = localTime(iso, zone);
          expect(read(iso.slice(0, 13)), `${zone} ${iso}`).toEqual({ hour, weekday });
        }
      }
    }
  });
});
