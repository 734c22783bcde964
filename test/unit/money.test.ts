import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  centsToDecimalString,
  divRound,
  formatQuantity,
  milliToDecimalString,
  parseCents,
  parseMilli,
} from '../../domain/money';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('divRound', () => {
  it('divides exactly when it can', () => {
    expect(divRound(10, 2)).toBe(5);
    expect(divRound(-10, 2)).toBe(-5);
    expect(divRound(0, 7)).toBe(0);
  });

  it('rounds half away from zero', () => {
    expect(divRound(5, 2)).toBe(3);
    expect(divRound(7, 2)).toBe(4);
    expect(divRound(-5, 2)).toBe(-3);
    expect(divRound(-7, 2)).toBe(-4);
    expect(divRound(5, -2)).toBe(-3);
    expect(divRound(-5, -2)).toBe(3);
    expect(divRound(25, 10)).toBe(3);
    expect(divRound(-25, 10)).toBe(-3);
  });

  it('rounds to the nearest below and above the half', () => {
    expect(divRound(1, 3)).toBe(0);
    expect(divRound(2, 3)).toBe(1);
    expect(divRound(-1, 3)).toBe(0);
    expect(divRound(-2, 3)).toBe(-1);
    expect(divRound(1249, 100)).toBe(12);
    expect(divRound(1250, 100)).toBe(13);
  });

  it('never gives a negative zero', () => {
    expect(Object.is(divRound(-1, 3), 0)).toBe(true);
  });

  it('is exact on large integers where floats would drift', () => {
    // 2^53 - 1 = 9007199254740991; a float division would lose the last digit.
    expect(divRound(Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(divRound(Number.MAX_SAFE_INTEGER, 2)).toBe(4503599627370496);
    expect(divRound(9007199254740990, 10)).toBe(900719925474099);
  });

  it('refuses floats, unsafe integers and a zero divisor', () => {
    expect(() => divRound(1.5, 2)).toThrow(RangeError);
    expect(() => divRound(1, 0)).toThrow(RangeError);
    expect(() => divRound(2 ** 60, 3)).toThrow(RangeError);
    expect(() => divRound(Number.NaN, 3)).toThrow(RangeError);
  });
});

describe('decimal strings', () => {
  it('writes cents and thousandths exactly', () => {
    expect(centsToDecimalString(1205)).toBe('12.05');
    expect(centsToDecimalString(-1205)).toBe('-12.05');
    expect(centsToDecimalString(5)).toBe('0.05');
    expect(centsToDecimalString(-5)).toBe('-0.05');
    expect(centsToDecimalString(0)).toBe('0.00');
    expect(milliToDecimalString(532)).toBe('0.532');
    expect(milliToDecimalString(-1500)).toBe('-1.500');
    expect(() => centsToDecimalString(1.5)).toThrow(RangeError);
  });
});

describe('parseCents', () => {
  it('reads a dot or a comma, up to two decimals', () => {
    expect(parseCents('12.34')).toBe(1234);
    expect(parseCents('12,34')).toBe(1234);
    expect(parseCents('12,3')).toBe(1230);
    expect(parseCents('12')).toBe(1200);
    expect(parseCents('0,05')).toBe(5);
    expect(parseCents(' 7 ')).toBe(700);
    expect(parseCents('-0,05')).toBe(-5);
    expect(parseCents('-12.50')).toBe(-1250);
  });

  it('refuses what is not an amount of cents', () => {
    expect(parseCents('12.345')).toBeNull();
    expect(parseCents('')).toBeNull();
    expect(parseCents('abc')).toBeNull();
    expect(parseCents('1 234,00')).toBeNull();
    expect(parseCents('12.')).toBeNull();
    expect(parseCents('€12')).toBeNull();
    expect(parseCents('99999999999999999999')).toBeNull();
  });
});

describe('parseMilli', () => {
  it('reads a dot or a comma, up to three decimals', () => {
    expect(parseMilli('0,532')).toBe(532);
    expect(parseMilli('0.532')).toBe(532);
    expect(parseMilli('2')).toBe(2000);
    expect(parseMilli('1,5')).toBe(1500);
    expect(parseMilli('-1')).toBe(-1000);
  });

  it('refuses more than three decimals and garbage', () => {
    expect(parseMilli('0.0005')).toBeNull();
    expect(parseMilli('one')).toBeNull();
    expect(parseMilli('')).toBeNull();
  });
});

describe('formatMoney', () => {
  // formatMoney keeps one Intl format per locale: a fresh module for every test, so that each
  // test builds the formats it uses (per-test mutation coverage then sees all of them).
  let formatMoney: typeof import('../../domain/money').formatMoney;
  beforeEach(async () => {
    vi.resetModules();
    ({ formatMoney } = await import('../../domain/money'));
  });

  it('writes euros the Belgian French way', () => {
    expect(formatMoney(1234, 'fr-BE')).toBe(`12,34${NBSP}€`);
    expect(formatMoney(-5, 'fr-BE')).toBe(`-0,05${NBSP}€`);
    expect(formatMoney(0, 'fr-BE')).toBe(`0,00${NBSP}€`);
    expect(formatMoney(123456789, 'fr-BE')).toBe(`1${NNBSP}234${NNBSP}567,89${NBSP}€`);
  });

  it('writes euros the Belgian Dutch way', () => {
    expect(formatMoney(1234, 'nl-BE')).toBe(`€${NBSP}12,34`);
    expect(formatMoney(-5, 'nl-BE')).toBe(`€${NBSP}-0,05`);
    expect(formatMoney(123456789, 'nl-BE')).toBe(`€${NBSP}1.234.567,89`);
  });

  it('writes euros in English', () => {
    expect(formatMoney(1234, 'en')).toBe('€12.34');
    expect(formatMoney(-5, 'en')).toBe('-€0.05');
    expect(formatMoney(123456789, 'en')).toBe('€1,234,567.89');
  });

  it('is exact where a float would not be', () => {
    // 0.1 + 0.2 style drift cannot happen: cents go through a decimal string.
    expect(formatMoney(30, 'en')).toBe('€0.30');
    expect(formatMoney(900719925474099, 'en')).toBe('€9,007,199,254,740.99');
  });
});

describe('formatQuantity', () => {
  it('writes pieces as whole numbers, or with decimals when fractional', () => {
    expect(formatQuantity(3000, false, 'fr-BE')).toBe('3');
    expect(formatQuantity(-2000, false, 'nl-BE')).toBe('-2');
    expect(formatQuantity(1500, false, 'fr-BE')).toBe('1,5');
    expect(formatQuantity(1250, false, 'en')).toBe('1.25');
  });

  it('writes weights in kg with three decimals', () => {
    expect(formatQuantity(532, true, 'fr-BE')).toBe('0,532 kg');
    expect(formatQuantity(532, true, 'nl-BE')).toBe('0,532 kg');
    expect(formatQuantity(532, true, 'en')).toBe('0.532 kg');
    expect(formatQuantity(2000, true, 'fr-BE')).toBe('2,000 kg');
    expect(formatQuantity(-532, true, 'fr-BE')).toBe('-0,532 kg');
  });
});
