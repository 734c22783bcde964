import { describe, expect, it } from 'vitest';
import {
  LOCALES,
  assertInteger,
  centsToDecimalString,
  divRound,
  formatQuantity,
  milliToDecimalString,
  parseCents,
  parseMilli,
} from '../../domain/money';

describe('reading quantities and amounts typed at the till', () => {
  it('reads 10 or more, with a comma or a dot', () => {
    expect(parseMilli('12,5')).toBe(12_500);
    expect(parseMilli('10')).toBe(10_000);
    expect(parseMilli('125.25')).toBe(125_250);
    expect(parseMilli('-12,5')).toBe(-12_500);
    expect(parseCents('12,5')).toBe(1250);
    expect(parseCents('10')).toBe(1000);
    expect(parseCents('125.05')).toBe(12_505);
  });

  it('reads a weight with leading zeros in its decimals', () => {
    expect(parseMilli('1,005')).toBe(1005);
    expect(parseMilli('0,05')).toBe(50);
    expect(parseCents('3,05')).toBe(305);
  });

  it('refuses a quantity too large to count exactly (the overflow guard)', () => {
    // 9 007 199 254 740.991 is the largest safe number of thousandths.
    expect(parseMilli('9007199254740,991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseMilli('9007199254740,992')).toBeNull();
    expect(parseMilli('9007199254741')).toBeNull();
    expect(parseMilli('-9007199254741')).toBeNull();
    expect(parseCents('90071992547409,91')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseCents('90071992547409,92')).toBeNull();
  });

  it('refuses signs, spaces and separators in the wrong places', () => {
    for (const text of ['1,2,3', '+1', '- 1', '1-', ',5', '1 000', '1,5 kg', '0x10', '1e3']) {
      expect(parseMilli(text)).toBeNull();
      expect(parseCents(text)).toBeNull();
    }
    expect(parseMilli('1.2345')).toBeNull();
    expect(parseMilli(' 2,5 ')).toBe(2500);
  });
});

describe('writing quantities', () => {
  it('writes a zero weight as 0,000 kg, never -0,000', () => {
    expect(formatQuantity(0, true, 'fr-BE')).toBe('0,000 kg');
    expect(formatQuantity(-0, true, 'fr-BE')).toBe('0,000 kg');
    expect(formatQuantity(-0, true, 'en')).toBe('0.000 kg');
    expect(milliToDecimalString(-0)).toBe('0.000');
    expect(centsToDecimalString(-0)).toBe('0.00');
  });

  it('writes 10.5 pieces right', () => {
    expect(formatQuantity(10_500, false, 'fr-BE')).toBe('10,5');
    expect(formatQuantity(10_500, false, 'en')).toBe('10.5');
    expect(formatQuantity(-10_500, false, 'nl-BE')).toBe('-10,5');
    expect(formatQuantity(10_050, false, 'fr-BE')).toBe('10,05');
    expect(formatQuantity(100_001, false, 'fr-BE')).toBe('100,001');
    expect(formatQuantity(10_000, false, 'fr-BE')).toBe('10');
  });

  it('writes large weights and amounts in full', () => {
    expect(formatQuantity(12_500, true, 'fr-BE')).toBe('12,500 kg');
    expect(formatQuantity(1_000_005, true, 'en')).toBe('1000.005 kg');
    expect(centsToDecimalString(100_001)).toBe('1000.01');
    expect(centsToDecimalString(-99)).toBe('-0.99');
  });

  it('refuses a float where an integer count is needed, naming it', () => {
    expect(() => milliToDecimalString(0.5)).toThrow('quantity must be an integer, got 0.5');
    expect(() => centsToDecimalString(0.5)).toThrow('cents must be an integer, got 0.5');
    expect(() => assertInteger(Number.NaN, 'count')).toThrow('count must be an integer, got NaN');
    expect(() => assertInteger(3, 'count')).not.toThrow();
  });
});

describe('the till’s languages and its one division', () => {
  it('speaks Belgian French, Belgian Dutch and English', () => {
    expect(LOCALES).toEqual(['fr-BE', 'nl-BE', 'en']);
  });

  it('says why it cannot divide', () => {
    expect(() => divRound(7, 0)).toThrow(
      'divRound needs safe integers and a non-zero divisor: 7 / 0',
    );
    expect(() => divRound(7, 0.5)).toThrow('divRound needs safe integers and a non-zero divisor');
  });
});
