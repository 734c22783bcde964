import { describe, expect, it } from 'vitest';
import {
  adjustedPrice,
  adjustmentProblem,
  barcodeProblem,
  MAX_PERCENT_BP,
  parsePercent,
} from '../../domain/catalogue-edit';
import { MAX_CENTS } from '../../domain/money';

describe('a barcode a manager adds', () => {
  it('takes EAN-13, EAN-8, UPC-A with their check digit, and short shop codes', () => {
    expect(barcodeProblem('5410000000019')).toBeNull();
    expect(barcodeProblem('96385074')).toBeNull();
    expect(barcodeProblem('036000291452')).toBeNull();
    expect(barcodeProblem('1234')).toBeNull();
    expect(barcodeProblem('1')).toBeNull();
    expect(barcodeProblem('12345678901234567890')).toBeNull();
  });

  it('refuses a wrong check digit, in words naming the code', () => {
    expect(barcodeProblem('5410000000010')).toBe(
      '5410000000010 has a wrong check digit: check the code on the pack',
    );
    expect(barcodeProblem('96385075')).toMatch(/^96385075 has a wrong check digit/);
    expect(barcodeProblem('036000291453')).toMatch(/^036000291453 has a wrong check digit/);
  });

  it('refuses what is not digits, or too long, or empty', () => {
    for (const code of ['', '54100 0001', 'abc', '123456789012345678901', '12a4']) {
      expect(barcodeProblem(code)).toBe(`"${code}" is not a barcode: digits only, 1 to 20 of them`);
    }
  });
});

describe('a bulk price change', () => {
  const percent = (basisPoints: number) => ({ kind: 'percent' as const, basisPoints });
  const cents = (amount: number) => ({ kind: 'cents' as const, cents: amount });

  it('rounds a percent half up to the cent, once, as the markup does', () => {
    expect(adjustedPrice(129, percent(500))).toBe(135); // 135.45
    expect(adjustedPrice(130, percent(500))).toBe(137); // 136.5 -> 137
    expect(adjustedPrice(110, percent(-500))).toBe(105); // 104.5 -> 105
    expect(adjustedPrice(109, percent(-500))).toBe(104); // 103.55 -> 104
    expect(adjustedPrice(1999, percent(1))).toBe(1999); // 1999.1999
    expect(adjustedPrice(100, percent(-10_000))).toBe(0);
    expect(adjustedPrice(0, percent(2000))).toBe(0);
    expect(adjustedPrice(333, percent(MAX_PERCENT_BP))).toBe(3663);
  });

  it('adds or takes off cents', () => {
    expect(adjustedPrice(129, cents(10))).toBe(139);
    expect(adjustedPrice(129, cents(-29))).toBe(100);
    expect(adjustedPrice(129, cents(-129))).toBe(0);
  });

  it('refuses a price below zero or above the till’s limit, for that product only', () => {
    expect(adjustedPrice(129, cents(-130))).toBeNull();
    expect(adjustedPrice(MAX_CENTS, cents(1))).toBeNull();
    expect(adjustedPrice(MAX_CENTS - 1, cents(1))).toBe(MAX_CENTS);
    expect(adjustedPrice(MAX_CENTS, percent(1))).toBeNull();
    expect(adjustedPrice(MAX_CENTS, percent(-1))).toBe(MAX_CENTS - 1000);
  });

  it('names a change that cannot be applied', () => {
    expect(adjustmentProblem(percent(0))).toBe('a change of 0 % changes nothing');
    expect(adjustmentProblem(cents(0))).toBe('a change of 0 cents changes nothing');
    for (const bp of [-10_001, MAX_PERCENT_BP + 1, 1.5, Number.NaN]) {
      expect(adjustmentProblem(percent(bp))).toBe('a percent from -100 to +1000, to the hundredth');
    }
    expect(adjustmentProblem(percent(-10_000))).toBeNull();
    expect(adjustmentProblem(percent(MAX_PERCENT_BP))).toBeNull();
    for (const amount of [MAX_CENTS + 1, -MAX_CENTS - 1, 0.5]) {
      expect(adjustmentProblem(cents(amount))).toBe(
        'an amount in whole cents, up to the till’s limit',
      );
    }
    expect(adjustmentProblem(cents(MAX_CENTS))).toBeNull();
    expect(adjustmentProblem(cents(-MAX_CENTS))).toBeNull();
    expect(() => adjustedPrice(100, percent(0))).toThrow(
      'The change cannot be applied: a change of 0 % changes nothing',
    );
  });

  it('refuses a price that is not whole cents, zero or more', () => {
    expect(() => adjustedPrice(-1, cents(1))).toThrow(
      'A price must be whole cents, zero or more: -1',
    );
    expect(() => adjustedPrice(1.5, cents(1))).toThrow(RangeError);
  });
});

describe('a percent as typed', () => {
  it('reads signs, a decimal comma or point, and a % sign', () => {
    expect(parsePercent('5')).toBe(500);
    expect(parsePercent('-5,5')).toBe(-550);
    expect(parsePercent('+2.25')).toBe(225);
    expect(parsePercent(' 10 % ')).toBe(1000);
    expect(parsePercent('0,05')).toBe(5);
    expect(parsePercent('1000')).toBe(100_000);
    expect(Object.is(parsePercent('-0'), 0)).toBe(true);
  });

  it('refuses what is not a percent', () => {
    for (const text of ['', 'abc', '5,555', '12345', '5..5', '--5', '5 %%', ',5']) {
      expect(parsePercent(text)).toBeNull();
    }
  });
});
