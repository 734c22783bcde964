import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE, createTestTill, ean13, type TestTill } from '../support/till';
import { TillError } from '../../domain/errors';
import { tableSnapshot } from '../support/snapshot';
import { hashPin } from '../../main/till/pin';

/**
 * Bad input at every operation of the till service: each is refused with a TillError that has a
 * specific code and a message in words, and changes nothing in the database.
 */

let t: TestTill;
afterEach(() => t.close());

// A wrong PIN is counted on purpose (the lockout): everything else must stay as it was.
const IGNORED = ['pin_failures'] as const;

/** A message a person can read: words, no control characters, no leaked internals. */
function expectWords(message: string): void {
  expect(message.length).toBeGreaterThanOrEqual(10);
  expect(message).toMatch(/\p{L}{2,}[\s:,]+\p{L}{2,}/u);
  // eslint-disable-next-line no-control-regex
  expect(message, 'no control characters in a message').not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  expect(message).not.toMatch(/\[object |SQLITE|SqliteError|at Object\./);
}

/**
 * work must throw a TillError with this code (or a code of this pattern, where the service has
 * none yet), in words, and leave the database as it was.
 */
function refused(work: () => unknown, code: string | RegExp): TillError {
  const before = tableSnapshot(t.db, IGNORED);
  let error: unknown;
  try {
    work();
  } catch (caught) {
    error = caught;
  }
  if (!(error instanceof TillError)) {
    throw new Error(
      `expected a TillError ${String(code)}, got ${error === undefined ? 'no error' : String(error)}`,
    );
  }
  if (typeof code === 'string') expect(error.code, error.message).toBe(code);
  else expect(error.code, error.message).toMatch(code);
  expectWords(error.message);
  expect(tableSnapshot(t.db, IGNORED)).toEqual(before);
  return error;
}

const manager = () => ({ userId: t.managerId, pin: FIXTURE.managerPin });
const signInCashier = () => t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
const openSession = () => t.till.openSession({ counts: { '2000': 5, '100': 10 } });
/** A call with an input of the wrong shape, as a renderer bug or a hostile page would send. */
const loose = <T>(value: unknown) => value as T;

/** A milk on the ticket being rung up: the line refused changes must not touch. */
function milkLine(): string {
  return t.till.addByBarcode({ code: FIXTURE.milk.code }).lines[0]?.id ?? '';
}

describe('signing in', () => {
  beforeEach(() => {
    t = createTestTill();
  });

  it('refuses a wrong PIN', () => {
    refused(() => t.till.signIn({ userId: t.cashierId, pin: '0000' }), 'auth.wrong_pin');
    refused(
      () => t.till.signIn({ userId: t.cashierId, pin: FIXTURE.managerPin }),
      'auth.wrong_pin',
    );
    expect(t.till.signedIn()).toBeNull();
  });

  it('refuses an unknown user with the same words as a wrong PIN', () => {
    const unknown = refused(() => t.till.signIn({ userId: 999, pin: '1234' }), 'auth.wrong_pin');
    const wrongPin = refused(
      () => t.till.signIn({ userId: t.cashierId, pin: '0000' }),
      'auth.wrong_pin',
    );
    expect(unknown.message).toBe(wrongPin.message);
    expect(t.till.signedIn()).toBeNull();
  });

  it('refuses a user who left', () => {
    const id = Number(
      t.db
        .prepare(
          "INSERT INTO users (name, role, pin_hash, active, created_at) VALUES ('Gone', 'manager', ?, 0, 'x')",
        )
        .run(hashPin('4321')).lastInsertRowid,
    );
    refused(() => t.till.signIn({ userId: id, pin: '4321' }), 'auth.wrong_pin');
    expect(t.till.signedIn()).toBeNull();
  });

  it('refuses a malformed PIN or user id before looking anything up', () => {
    for (const pin of [
      '',
      '12',
      '123',
      '123456789',
      'abcd',
      '12 34',
      ' 1234',
      '１２３４',
      '1234\n',
    ]) {
      refused(() => t.till.signIn({ userId: t.cashierId, pin }), 'input.invalid');
    }
    refused(() => t.till.signIn(loose({ userId: t.cashierId, pin: 1234 })), 'input.invalid');
    refused(() => t.till.signIn(loose({ userId: t.cashierId })), 'input.invalid');
    for (const userId of [0, -1, 1.5, '1', null]) {
      refused(() => t.till.signIn(loose({ userId, pin: '1234' })), 'input.invalid');
    }
    refused(
      () => t.till.signIn(loose({ userId: t.cashierId, pin: FIXTURE.cashierPin, role: 'manager' })),
      'input.invalid',
    );
    refused(() => t.till.signIn(loose(null)), 'input.invalid');
    expect(t.till.signedIn()).toBeNull();
  });

  it('locks a user out for a minute after 5 wrong PINs, even with the right PIN', () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      refused(() => t.till.signIn({ userId: t.cashierId, pin: '0000' }), 'auth.wrong_pin');
    }
    const locked = refused(() => signInCashier(), 'auth.locked');
    expect(locked.message).toMatch(/60 seconds/);
    expect(locked.details).toEqual({ seconds: 60 });
    t.clock.advance(30_000);
    expect(refused(() => signInCashier(), 'auth.locked').message).toMatch(/30 seconds/);
    // Another user is not locked out.
    expect(t.till.signIn(manager()).role).toBe('manager');
    t.till.signOut();
    t.clock.advance(30_000);
    expect(signInCashier().id).toBe(t.cashierId);
  });
});

describe('opening a session', () => {
  beforeEach(() => {
    t = createTestTill();
    signInCashier();
  });

  it('refuses counts that are not counts', () => {
    const notCounts: Record<string, number>[] = [
      { '2000': -1 },
      { '2000': 1.5 },
      { '2000': 100_001 },
      { abc: 1 },
      { '-5': 1 },
    ];
    for (const counts of notCounts) {
      refused(() => t.till.openSession({ counts }), 'input.invalid');
    }
    refused(() => t.till.openSession(loose({ counts: { '2000': '5' } })), 'input.invalid');
    refused(() => t.till.openSession(loose({ counts: [5, 10] })), 'input.invalid');
    refused(() => t.till.openSession(loose({})), 'input.invalid');
    refused(() => t.till.openSession(loose({ counts: {}, float: 5000 })), 'input.invalid');
    expect(t.till.currentSession()).toBeNull();
  });

  it('refuses amounts that are not euro coins or notes', () => {
    for (const denomination of ['3', '0200', '100000', '1' + '0'.repeat(20)]) {
      refused(() => t.till.openSession({ counts: { [denomination]: 1 } }), 'session.invalid_count');
    }
    expect(t.till.currentSession()).toBeNull();
  });

  it('refuses a second session while one is open', () => {
    const open = openSession();
    refused(() => openSession(), 'session.already_open');
    t.till.signIn(manager());
    refused(() => t.till.openSession({ counts: {} }), 'session.already_open');
    expect(t.till.currentSession()?.id).toBe(open.id);
  });
});

describe('ringing up', () => {
  beforeEach(() => {
    t = createTestTill();
    signInCashier();
    openSession();
  });

  describe('scanning a barcode', () => {
    it('refuses what is not a barcode, and leaves no ticket behind', () => {
      refused(() => t.till.addByBarcode({ code: '' }), 'input.invalid');
      refused(() => t.till.addByBarcode({ code: '   ' }), 'scan.unrecognised');
      refused(() => t.till.addByBarcode({ code: 'x'.repeat(10_240) }), 'input.invalid');
      refused(() => t.till.addByBarcode({ code: '5'.repeat(65) }), 'input.invalid');
      refused(() => t.till.addByBarcode(loose({ code: 5410000000012 })), 'input.invalid');
      refused(() => t.till.addByBarcode(loose({})), 'input.invalid');
      expect(t.till.currentTicket()).toBeNull();
    });

    // The message goes to the screen and the logs: a terminal escape must not pass through.
    it('says a control-character noise is not a barcode, without echoing the raw bytes', () => {
      const error = refused(
        () => t.till.addByBarcode({ code: '\u0000\u001b]]' }),
        'scan.unrecognised',
      );
      expect(error.message).not.toContain('\u001b');
      expect(t.till.currentTicket()).toBeNull();
    });

    it('refuses a scale label that weighs nothing', () => {
      milkLine();
      // 0.000 kg of apples: the label's base code itself.
      refused(() => t.till.addByBarcode({ code: FIXTURE.appleScaleBase }), /^scan\./);
      expect(t.till.currentTicket()?.lines).toHaveLength(1);
    });

    it('refuses each bad scan and leaves the ticket being rung up as it was', () => {
      milkLine();
      const badCheck = FIXTURE.soap.code.slice(0, 12) + ((Number(FIXTURE.soap.code[12]) + 1) % 10);
      const cases: [string, string][] = [
        [badCheck, 'scan.unrecognised'],
        ['541000000000', 'scan.unrecognised'], // 12 digits but not a valid UPC-A
        ['hello', 'scan.unrecognised'],
        [ean13('541999999999'), 'scan.unknown_product'],
        [FIXTURE.apple.code, 'scan.needs_weight'],
        [FIXTURE.retired.code, 'product.inactive'],
        [ean13('041000000001'), 'scan.cashier_card'],
        [ean13('042999999999'), 'member.unknown'],
        [ean13('210000901234'), 'scan.unknown_product'], // a scale label for no product
      ];
      for (const [code, expected] of cases) {
        const error = refused(() => t.till.addByBarcode({ code }), expected);
        if (['scan.unrecognised', 'scan.unknown_product', 'member.unknown'].includes(expected)) {
          expect(error.message, 'the message names the code').toContain(code);
        }
      }
      expect(t.till.currentTicket()?.lines).toHaveLength(1);
    });

    it('names the product sold by weight or no longer sold', () => {
      expect(
        refused(() => t.till.addByBarcode({ code: FIXTURE.apple.code }), 'scan.needs_weight')
          .message,
      ).toContain('Pommes Élstar bio');
      expect(
        refused(() => t.till.addByBarcode({ code: FIXTURE.retired.code }), 'product.inactive')
          .message,
      ).toContain('Ancien produit');
    });

    it('refuses a discount label with nothing to discount', () => {
      refused(() => t.till.addByBarcode({ code: '2220' }), 'scan.discount_without_line');
      expect(t.till.currentTicket()).toBeNull();
    });
  });

  describe('adding a product by hand', () => {
    it('refuses an unknown, inactive or unweighed product', () => {
      milkLine();
      refused(() => t.till.addProduct({ productId: 999 }), 'product.unknown');
      refused(() => t.till.addProduct({ productId: FIXTURE.retired.id }), 'product.inactive');
      refused(() => t.till.addProduct({ productId: FIXTURE.apple.id }), 'scan.needs_weight');
    });

    it('refuses a fractional number of pieces and quantities that are not quantities', () => {
      milkLine();
      refused(
        () => t.till.addProduct({ productId: FIXTURE.milk.id, quantity: 1500 }),
        'line.fractional_pieces',
      );
      for (const quantity of [0, -1000, 1000.5, 10_000_001, Number.NaN, Infinity]) {
        refused(() => t.till.addProduct({ productId: FIXTURE.milk.id, quantity }), 'input.invalid');
      }
      for (const productId of [0, -2, 2.5, '2']) {
        refused(() => t.till.addProduct(loose({ productId })), 'input.invalid');
      }
    });
  });

  describe('changing a line', () => {
    let lineId: string;
    beforeEach(() => {
      lineId = milkLine();
    });

    it('refuses a quantity that is zero, negative, fractional or absurd', () => {
      for (const quantity of [0, -1000, 1.5, 1000.5, 10_000_001]) {
        refused(() => t.till.setQuantity({ lineId, quantity }), 'input.invalid');
      }
      refused(() => t.till.setQuantity({ lineId, quantity: 1500 }), 'line.fractional_pieces');
      refused(() => t.till.setQuantity(loose({ lineId, quantity: '2000' })), 'input.invalid');
    });

    it('refuses an unknown line', () => {
      refused(() => t.till.setQuantity({ lineId: 'no-such-line', quantity: 2000 }), 'line.unknown');
      refused(() => t.till.setQuantity({ lineId: '', quantity: 2000 }), 'input.invalid');
      refused(() => t.till.removeLine({ lineId: 'no-such-line' }), 'line.unknown');
      refused(
        () => t.till.setLineDiscount({ lineId: 'no-such-line', discount: null }),
        'line.unknown',
      );
      refused(
        () => t.till.setPrice({ lineId: 'no-such-line', price: 100, approval: manager() }),
        'line.unknown',
      );
    });

    it('refuses to change a line of a paid ticket', () => {
      t.till.pay({ payments: [{ method: 'card', amount: 129 }] });
      refused(() => t.till.setQuantity({ lineId, quantity: 2000 }), 'line.unknown');
      refused(() => t.till.removeLine({ lineId }), 'line.unknown');
    });

    it('needs a manager to change a price', () => {
      refused(() => t.till.setPrice({ lineId, price: 100 }), 'auth.manager_required');
      refused(
        () =>
          t.till.setPrice({ lineId, price: 100, approval: { userId: t.managerId, pin: '0000' } }),
        'auth.wrong_pin',
      );
      refused(
        () =>
          t.till.setPrice({
            lineId,
            price: 100,
            approval: { userId: t.cashierId, pin: FIXTURE.cashierPin },
          }),
        'auth.manager_required',
      );
      refused(
        () => t.till.setPrice({ lineId, price: 100, approval: { userId: 999, pin: '1234' } }),
        'auth.wrong_pin',
      );
      expect(t.till.currentTicket()?.lines[0]?.priceOverride).toBeNull();
    });

    it('refuses a price that is not cents', () => {
      for (const price of [-1, 1.5, 10_000_001]) {
        refused(() => t.till.setPrice({ lineId, price, approval: manager() }), 'input.invalid');
      }
      refused(
        () => t.till.setPrice(loose({ lineId, price: '1,00', approval: manager() })),
        'input.invalid',
      );
    });

    it('refuses a discount over 100 % or larger than the line', () => {
      refused(
        () =>
          t.till.setLineDiscount({ lineId, discount: { kind: 'percent', basisPoints: 10_001 } }),
        'input.invalid',
      );
      refused(
        () => t.till.setLineDiscount({ lineId, discount: { kind: 'percent', basisPoints: -100 } }),
        'input.invalid',
      );
      refused(
        () => t.till.setLineDiscount({ lineId, discount: { kind: 'amount', cents: 130 } }),
        'ticket.discount_too_large',
      );
      refused(
        () => t.till.setLineDiscount({ lineId, discount: { kind: 'amount', cents: -10 } }),
        'input.invalid',
      );
      refused(
        () => t.till.setLineDiscount(loose({ lineId, discount: { kind: 'free' } })),
        'input.invalid',
      );
      refused(
        () => t.till.setTicketDiscount({ discount: { kind: 'percent', basisPoints: 10_001 } }),
        'input.invalid',
      );
      refused(
        () => t.till.setTicketDiscount({ discount: { kind: 'amount', cents: 130 } }),
        'ticket.discount_too_large',
      );
      expect(t.till.currentTicket()?.totals.total).toBe(129);
    });

    it('refuses a change that would leave a discount larger than what it discounts', () => {
      t.till.setQuantity({ lineId, quantity: 3000 }); // 3.87
      t.till.setLineDiscount({
        lineId,
        discount: { kind: 'amount', cents: 200 },
        approval: manager(),
      });
      refused(() => t.till.setQuantity({ lineId, quantity: 1000 }), 'ticket.discount_too_large');
      refused(
        () => t.till.setPrice({ lineId, price: 50, approval: manager() }),
        'ticket.discount_too_large',
      );
      t.till.setLineDiscount({ lineId, discount: null });
      const soap = t.till.addByBarcode({ code: FIXTURE.soap.code }).lines[1]?.id ?? '';
      t.till.setTicketDiscount({ discount: { kind: 'amount', cents: 500 }, approval: manager() }); // of 8.37
      refused(() => t.till.removeLine({ lineId: soap }), 'ticket.discount_too_large');
      expect(t.till.currentTicket()?.totals.total).toBe(337);
    });

    it('refuses a ticket discount when a line discount already took the line to zero', () => {
      t.till.setLineDiscount({
        lineId,
        discount: { kind: 'percent', basisPoints: 10_000 },
        approval: manager(),
      });
      refused(
        () => t.till.setTicketDiscount({ discount: { kind: 'amount', cents: 1 } }),
        'ticket.discount_too_large',
      );
    });
  });

  describe('attaching a member', () => {
    it('refuses an unknown card or number', () => {
      milkLine();
      refused(() => t.till.attachMember({ barcode: ean13('042999999999') }), 'member.unknown');
      refused(() => t.till.attachMember({ barcode: FIXTURE.milk.code }), 'member.unknown');
      refused(() => t.till.attachMember({ barcode: 'garbage' }), 'member.unknown');
      refused(() => t.till.attachMember({ number: '9999' }), 'member.unknown');
      refused(() => t.till.attachMember({ number: '0' }), 'member.unknown');
      expect(t.till.currentTicket()?.member).toBeNull();
    });

    it('names an unknown card without echoing control characters', () => {
      milkLine();
      const error = refused(
        () => t.till.attachMember({ barcode: '\u001b[2J\u0007' }),
        'member.unknown',
      );
      expect(error.message).not.toContain('\u001b');
    });

    it('wants a card or a number, not both nor neither', () => {
      refused(() => t.till.attachMember({}), 'input.invalid');
      refused(
        () => t.till.attachMember({ barcode: FIXTURE.memberCard, number: '1001' }),
        'input.invalid',
      );
      refused(() => t.till.attachMember({ number: '' }), 'input.invalid');
      refused(() => t.till.attachMember({ barcode: 'x'.repeat(10_240) }), 'input.invalid');
    });
  });

  describe('paying', () => {
    it('refuses to pay for nothing', () => {
      refused(() => t.till.pay({ payments: [{ method: 'cash', amount: 0 }] }), 'ticket.empty');
      const lineId = milkLine();
      t.till.removeLine({ lineId });
      refused(() => t.till.pay({ payments: [{ method: 'card', amount: 0 }] }), 'ticket.empty');
    });

    it('refuses too little, an unknown method, and card overpayment', () => {
      milkLine(); // 1.29
      refused(
        () => t.till.pay({ payments: [{ method: 'card', amount: 128 }] }),
        'payment.insufficient',
      );
      // Cash alone is rounded to 1.30: 1.29 in cash is short.
      refused(
        () => t.till.pay({ payments: [{ method: 'cash', amount: 129 }] }),
        'payment.insufficient',
      );
      refused(
        () =>
          t.till.pay({
            payments: [
              { method: 'cash', amount: 50 },
              { method: 'card', amount: 50 },
            ],
          }),
        'payment.insufficient',
      );
      refused(
        () => t.till.pay({ payments: [{ method: 'bitcoin', amount: 129 }] }),
        'payment.unknown_method',
      );
      refused(
        () => t.till.pay({ payments: [{ method: 'card', amount: 200 }] }),
        'payment.overpaid_non_cash',
      );
      refused(
        () =>
          t.till.pay({
            payments: [
              { method: 'card', amount: 100 },
              { method: 'card', amount: 100 },
            ],
          }),
        'payment.overpaid_non_cash',
      );
      expect(t.till.currentTicket()?.status).toBe('draft');
    });

    it('refuses amounts that are not cents', () => {
      milkLine();
      for (const amount of [129.5, -129, Number.NaN, 10_000_001]) {
        refused(() => t.till.pay({ payments: [{ method: 'card', amount }] }), 'input.invalid');
      }
      refused(
        () => t.till.pay(loose({ payments: [{ method: 'card', amount: '129' }] })),
        'input.invalid',
      );
      refused(() => t.till.pay({ payments: [] }), 'input.invalid');
      refused(() => t.till.pay({ payments: [{ method: '', amount: 129 }] }), 'input.invalid');
      refused(
        () =>
          t.till.pay({
            payments: Array.from({ length: 11 }, () => ({ method: 'card', amount: 12 })),
          }),
        'input.invalid',
      );
    });
  });
});

describe('refunding', () => {
  let sale: ReturnType<TestTill['till']['pay']>;
  beforeEach(() => {
    t = createTestTill();
    signInCashier();
    openSession();
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    t.till.addByBarcode({ code: FIXTURE.soap.code });
    sale = t.till.pay({ payments: [{ method: 'card', amount: 579 }] });
  });
  const milk = () => sale.lines[0]?.id ?? '';

  it('needs a manager', () => {
    refused(() => t.till.refund({ ticketNumber: 1, method: 'card' }), 'auth.manager_required');
    refused(
      () =>
        t.till.refund({
          ticketNumber: 1,
          method: 'card',
          approval: { userId: t.managerId, pin: '0000' },
        }),
      'auth.wrong_pin',
    );
    refused(
      () =>
        t.till.refund({
          ticketNumber: 1,
          method: 'card',
          approval: { userId: t.cashierId, pin: FIXTURE.cashierPin },
        }),
      'auth.manager_required',
    );
  });

  it('refuses an unknown ticket, or a refund of a refund', () => {
    refused(
      () => t.till.refund({ ticketNumber: 999, method: 'card', approval: manager() }),
      'refund.unknown_ticket',
    );
    const refund = t.till.refund({ ticketNumber: 1, method: 'card', approval: manager() });
    refused(
      () =>
        t.till.refund({ ticketNumber: refund.number ?? 0, method: 'card', approval: manager() }),
      'refund.unknown_ticket',
    );
  });

  it('refuses more than was sold, and a ticket refunded in full already', () => {
    refused(
      () =>
        t.till.refund({
          ticketNumber: 1,
          lines: [{ lineId: milk(), quantity: 2000 }],
          method: 'card',
          approval: manager(),
        }),
      'refund.too_much',
    );
    t.till.refund({ ticketNumber: 1, method: 'card', approval: manager() });
    refused(
      () => t.till.refund({ ticketNumber: 1, method: 'card', approval: manager() }),
      'refund.nothing_left',
    );
    refused(
      () =>
        t.till.refund({
          ticketNumber: 1,
          lines: [{ lineId: milk(), quantity: 1000 }],
          method: 'card',
          approval: manager(),
        }),
      'refund.too_much',
    );
  });

  it('refuses an unknown line, a line named twice, or part of a piece', () => {
    const refund = (lines: { lineId: string; quantity: number }[]) => () =>
      t.till.refund({ ticketNumber: 1, lines, method: 'card', approval: manager() });
    refused(refund([{ lineId: 'no-such-line', quantity: 1000 }]), 'refund.unknown_line');
    refused(
      refund([
        { lineId: milk(), quantity: 1000 },
        { lineId: milk(), quantity: 1000 },
      ]),
      'refund.unknown_line',
    );
    refused(refund([{ lineId: milk(), quantity: 500 }]), 'line.fractional_pieces');
    // A line of another ticket.
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    const other = t.till.pay({ payments: [{ method: 'card', amount: 129 }] });
    refused(refund([{ lineId: other.lines[0]?.id ?? '', quantity: 1000 }]), 'refund.unknown_line');
    refused(refund([]), 'input.invalid');
    refused(refund([{ lineId: milk(), quantity: 0 }]), 'input.invalid');
    refused(refund([{ lineId: milk(), quantity: -1000 }]), 'input.invalid');
  });

  it('refuses an unknown payment method', () => {
    refused(
      () => t.till.refund({ ticketNumber: 1, method: 'bitcoin', approval: manager() }),
      'payment.unknown_method',
    );
    refused(
      () => t.till.refund({ ticketNumber: 1, method: '', approval: manager() }),
      'input.invalid',
    );
  });

  it('refuses a ticket number that is not a number', () => {
    for (const ticketNumber of [0, -1, 1.5, '1']) {
      refused(
        () => t.till.refund(loose({ ticketNumber, method: 'card', approval: manager() })),
        'input.invalid',
      );
    }
  });
});

describe('cash moves', () => {
  beforeEach(() => {
    t = createTestTill();
    signInCashier();
    openSession();
  });

  it('refuses a zero, fractional or absurd amount', () => {
    for (const amount of [0, 1.5, -0.01, 10_000_001, Number.NaN]) {
      refused(() => t.till.cashMove({ amount, reason: 'Float top-up' }), 'input.invalid');
    }
  });

  it('refuses a move without a reason', () => {
    for (const reason of ['', '   ', '\n\t', 'x'.repeat(201)]) {
      refused(() => t.till.cashMove({ amount: -500, reason }), 'input.invalid');
    }
    refused(() => t.till.cashMove(loose({ amount: -500 })), 'input.invalid');
  });
});

describe('closing a session', () => {
  beforeEach(() => {
    t = createTestTill();
    signInCashier();
    openSession();
  });

  it('needs a manager', () => {
    refused(() => t.till.closeSession({ counts: { '2000': 5 } }), 'auth.manager_required');
    refused(
      () =>
        t.till.closeSession({
          counts: { '2000': 5 },
          approval: { userId: t.managerId, pin: '0000' },
        }),
      'auth.wrong_pin',
    );
    refused(
      () =>
        t.till.closeSession({
          counts: { '2000': 5 },
          approval: { userId: t.cashierId, pin: FIXTURE.cashierPin },
        }),
      'auth.manager_required',
    );
    expect(t.till.currentSession()).not.toBeNull();
  });

  it('refuses while a ticket is still being rung up', () => {
    milkLine();
    const error = refused(
      () => t.till.closeSession({ counts: { '2000': 5 }, approval: manager() }),
      'session.draft_open',
    );
    expect(error.details.ticketId).toBe(t.till.currentTicket()?.id);
  });

  it('refuses counts that are not counts', () => {
    refused(
      () => t.till.closeSession({ counts: { '2000': -1 }, approval: manager() }),
      'input.invalid',
    );
    refused(
      () => t.till.closeSession({ counts: { '3': 1 }, approval: manager() }),
      'session.invalid_count',
    );
    refused(() => t.till.closeSession(loose({ approval: manager() })), 'input.invalid');
  });
});

describe('operations in the wrong order', () => {
  beforeEach(() => {
    t = createTestTill();
  });

  /** Every operation that changes something, with an input that would be fine. */
  const operations = (lineId: string): [string, () => unknown][] => [
    ['openSession', () => t.till.openSession({ counts: { '2000': 5 } })],
    ['startTicket', () => t.till.startTicket()],
    ['addByBarcode', () => t.till.addByBarcode({ code: FIXTURE.milk.code })],
    ['addProduct', () => t.till.addProduct({ productId: FIXTURE.milk.id })],
    ['setQuantity', () => t.till.setQuantity({ lineId, quantity: 2000 })],
    ['setPrice', () => t.till.setPrice({ lineId, price: 100, approval: manager() })],
    ['setLineDiscount', () => t.till.setLineDiscount({ lineId, discount: null })],
    ['setTicketDiscount', () => t.till.setTicketDiscount({ discount: null })],
    ['removeLine', () => t.till.removeLine({ lineId })],
    ['attachMember', () => t.till.attachMember({ barcode: FIXTURE.memberCard })],
    ['detachMember', () => t.till.detachMember()],
    ['cancelDraft', () => t.till.cancelTicket()],
    ['pay', () => t.till.pay({ payments: [{ method: 'card', amount: 129 }] })],
    ['refund', () => t.till.refund({ ticketNumber: 1, method: 'card', approval: manager() })],
    ['cashMove', () => t.till.cashMove({ amount: 500, reason: 'Change' })],
    ['xReport', () => t.till.xReport()],
    ['closeSession', () => t.till.closeSession({ counts: {}, approval: manager() })],
  ];

  it('refuses every operation before anyone signs in', () => {
    for (const [name, work] of operations('some-line')) {
      const error = refused(work, 'auth.required');
      expect(error.message, name).toBe('Sign in first');
    }
  });

  it('refuses every operation after the cashier signed out, mid-ticket', () => {
    signInCashier();
    openSession();
    const lineId = milkLine();
    t.till.signOut();
    for (const [, work] of operations(lineId)) refused(work, 'auth.required');
    expect(t.till.currentTicket()?.lines).toHaveLength(1);
  });

  it('refuses selling before a session is open', () => {
    signInCashier();
    for (const [name, work] of operations('some-line')) {
      if (name === 'openSession') continue;
      refused(work, 'session.not_open');
    }
  });

  it('refuses selling once the session is closed', () => {
    signInCashier();
    openSession();
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    t.till.pay({ payments: [{ method: 'card', amount: 129 }] });
    t.till.closeSession({ counts: { '2000': 5, '100': 10 }, approval: manager() });
    for (const [name, work] of operations('some-line')) {
      if (name === 'openSession') continue;
      refused(work, 'session.not_open');
    }
  });
});
