import { describe, expect, it } from 'vitest';
import { computeTicket, type LineInput } from '../../domain/ticket';
import { refusal } from '../support/refusal';

const line = (unitPrice: number, quantity: number): LineInput => ({
  unitPrice,
  quantity,
  vatRateBp: 600,
});

describe("the till's limits on a line", () => {
  it('takes a price of 100 000 EUR and a quantity of 10 000, each at the limit', () => {
    expect(computeTicket([line(10_000_000, 1000)]).total).toBe(10_000_000);
    expect(computeTicket([line(1, 10_000_000)]).total).toBe(10_000);
    expect(computeTicket([line(-10_000_000, -1000)]).total).toBe(10_000_000);
  });

  it('refuses a price above 100 000 EUR, either way, in words', () => {
    for (const unitPrice of [10_000_001, -10_000_001]) {
      expect(refusal(() => computeTicket([line(unitPrice, 1000)]))).toMatchObject({
        code: 'ticket.amount_too_large',
        message: 'A price above 100000 EUR or a quantity above 10000 is more than the till takes',
        details: { unitPrice, quantity: 1000 },
      });
    }
  });

  it('refuses a quantity above 10 000, either way, and a manager price above the limit', () => {
    for (const quantity of [10_000_001, -10_000_001]) {
      expect(refusal(() => computeTicket([line(1, quantity)]))).toMatchObject({
        code: 'ticket.amount_too_large',
        details: { unitPrice: 1, quantity },
      });
    }
    const overridden = { ...line(100, 1000), priceOverride: 10_000_001 };
    expect(refusal(() => computeTicket([overridden])).code).toBe('ticket.amount_too_large');
  });
});

describe("the till's limit on a ticket", () => {
  it('takes nine lines at the limit, and refuses a tenth: its percent would not stay exact', () => {
    const big = line(10_000_000, 10_000_000);
    expect(computeTicket(Array.from({ length: 9 }, () => big)).subtotal).toBe(900_000_000_000);
    expect(refusal(() => computeTicket(Array.from({ length: 10 }, () => big)))).toMatchObject({
      code: 'ticket.amount_too_large',
      message: 'This ticket is too large for the till',
      details: { subtotal: 1_000_000_000_000 },
    });
  });
});
