import { beforeEach, describe, it, expect, vi } from 'vitest';
import {
  DEFAULT_NOMENCLATURE,
  compileNomenclature,
  ean13CheckDigit,
  ean13ToUpca,
  isValidEan13,
  isValidEan8,
  isValidUpca,
  lookupCodes,
  upcaToEan13,
  validateNomenclature,
  validatePattern,
  type BarcodeRule,
  type Nomenclature,
} from '../../domain/barcode';
import { TillError } from '../../domain/errors';

// parseBarcode compiles each nomenclature once and caches it: a fresh module for every test, so
// that each test compiles what it parses (per-test mutation coverage then sees every one).
let parseBarcode: typeof import('../../domain/barcode').parseBarcode;
beforeEach(async () => {
  vi.resetModules();
  ({ parseBarcode } = await import('../../domain/barcode'));
});

function rule(overrides: Partial<BarcodeRule> & Pick<BarcodeRule, 'pattern'>): BarcodeRule {
  return { name: 'Rule', sequence: 10, type: 'product', encoding: 'any', ...overrides };
}

function nomenclature(...rules: BarcodeRule[]): Nomenclature {
  return { rules };
}

function thrown(fn: () => unknown): TillError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TillError);
    return error as TillError;
  }
  throw new Error('expected a TillError, nothing was thrown');
}

describe('check digits (GS1 mod 10)', () => {
  it('computes the EAN-13 check digit of known codes', () => {
    expect(ean13CheckDigit('590123412345')).toBe(7); // GS1's own example 5901234123457
    expect(ean13CheckDigit('211234501500')).toBe(2); // Odoo's documentation: 2112345015002
    expect(ean13CheckDigit('211234500000')).toBe(8); // and its base code 2112345000008
    expect(ean13CheckDigit('000000000000')).toBe(0);
  });

  it('refuses a check digit request that is not 12 digits', () => {
    expect(thrown(() => ean13CheckDigit('59012341234')).code).toBe('barcode.invalid_digits');
    expect(thrown(() => ean13CheckDigit('59012341234X')).code).toBe('barcode.invalid_digits');
  });

  it('validates EAN-13', () => {
    expect(isValidEan13('5901234123457')).toBe(true);
    expect(isValidEan13('5901234123450')).toBe(false);
    expect(isValidEan13('590123412345')).toBe(false);
    expect(isValidEan13('59012341234570')).toBe(false);
    expect(isValidEan13('590123412345a')).toBe(false);
    expect(isValidEan13('')).toBe(false);
  });

  it('validates EAN-8', () => {
    expect(isValidEan8('96385074')).toBe(true);
    expect(isValidEan8('96385075')).toBe(false);
    expect(isValidEan8('9638507')).toBe(false);
  });

  it('validates UPC-A', () => {
    expect(isValidUpca('036000291452')).toBe(true);
    expect(isValidUpca('036000291453')).toBe(false);
    expect(isValidUpca('0036000291452')).toBe(false);
  });

  it('converts between UPC-A and its EAN-13 form', () => {
    expect(upcaToEan13('036000291452')).toBe('0036000291452');
    expect(isValidEan13(upcaToEan13('036000291452'))).toBe(true);
    expect(ean13ToUpca('0036000291452')).toBe('036000291452');
    expect(ean13ToUpca('5901234123457')).toBeNull();
    expect(thrown(() => upcaToEan13('0036000291452')).code).toBe('barcode.invalid_digits');
  });
});

describe('the default nomenclature', () => {
  it('reads a weight label: 1.234 kg is 1234 thousandths', () => {
    expect(parseBarcode('2100001012342')).toEqual({
      type: 'weight',
      encoding: 'ean13',
      code: '2100001012342',
      baseCode: '2100001000004',
      value: 1234,
      decimals: 3,
    });
  });

  it("reads Odoo's documented weight label and finds its base code", () => {
    const parsed = parseBarcode('2112345015002');
    expect(parsed).toMatchObject({ type: 'weight', value: 1500, decimals: 3 });
    expect(parsed.baseCode).toBe('2112345000008');
  });

  it('reads the weight and price labels of Odoo point of sale tests', () => {
    expect(parseBarcode('2100005080002')).toMatchObject({
      type: 'weight',
      baseCode: '2100005000000',
      value: 8000,
      decimals: 3,
    });
    expect(parseBarcode('2305000123451')).toMatchObject({
      type: 'price',
      baseCode: '2305000000004',
      value: 12345,
      decimals: 2,
    });
  });

  it('reads a price label: 5.99 EUR is 599 cents', () => {
    expect(parseBarcode('2300002005996')).toEqual({
      type: 'price',
      encoding: 'ean13',
      code: '2300002005996',
      baseCode: '2300002000007',
      value: 599,
      decimals: 2,
    });
  });

  it('gives a base code with a valid check digit', () => {
    for (const code of ['2100001012342', '2300002005996', '2112345015002']) {
      expect(isValidEan13(parseBarcode(code).baseCode)).toBe(true);
    }
  });

  it('refuses a weight label with a wrong check digit (neither weight nor product)', () => {
    expect(parseBarcode('2100001012343')).toEqual({
      type: 'error',
      encoding: '',
      code: '2100001012343',
      baseCode: '2100001012343',
      value: 0,
      decimals: 0,
    });
  });

  it('reads a discount: 22 then the percentage, any encoding', () => {
    expect(parseBarcode('2215')).toEqual({
      type: 'discount',
      encoding: 'any',
      code: '2215',
      baseCode: '2200',
      value: 15,
      decimals: 0,
    });
    expect(parseBarcode('2207ABC')).toMatchObject({
      type: 'discount',
      value: 7,
      baseCode: '2200ABC',
    });
  });

  it('does not read a discount whose value digits are missing or not digits', () => {
    expect(parseBarcode('221').type).toBe('error');
    expect(parseBarcode('22').type).toBe('error');
    expect(parseBarcode('22X5').type).toBe('error');
  });

  it('reads cashier and member cards by their prefix, whatever follows', () => {
    expect(parseBarcode('0410000012')).toEqual({
      type: 'cashier',
      encoding: 'any',
      code: '0410000012',
      baseCode: '0410000012',
      value: 0,
      decimals: 0,
    });
    expect(parseBarcode('042')).toMatchObject({ type: 'member', baseCode: '042' });
    expect(parseBarcode('0421234567890')).toMatchObject({ type: 'member', value: 0, decimals: 0 });
    expect(parseBarcode('043123').type).toBe('error');
  });

  it('reads a product EAN-13 and refuses a wrong check digit', () => {
    expect(parseBarcode('5901234123457')).toEqual({
      type: 'product',
      encoding: 'ean13',
      code: '5901234123457',
      baseCode: '5901234123457',
      value: 0,
      decimals: 0,
    });
    expect(parseBarcode('5901234123450').type).toBe('error');
  });

  it('reads a product EAN-8 and refuses a wrong check digit', () => {
    expect(parseBarcode('96385074')).toMatchObject({
      type: 'product',
      encoding: 'ean8',
      baseCode: '96385074',
    });
    expect(parseBarcode('96385075').type).toBe('error');
  });

  it('reads a product UPC-A, looked up also as its EAN-13 form', () => {
    const parsed = parseBarcode('036000291452');
    expect(parsed).toMatchObject({ type: 'product', encoding: 'upca', baseCode: '036000291452' });
    expect(lookupCodes(parsed)).toEqual(['036000291452', '0036000291452']);
    expect(parseBarcode('036000291453').type).toBe('error');
  });

  it('reads the EAN-13 form of a UPC-A, looked up also as the UPC-A', () => {
    const parsed = parseBarcode('0036000291452');
    expect(parsed).toMatchObject({ type: 'product', encoding: 'ean13' });
    expect(lookupCodes(parsed)).toEqual(['0036000291452', '036000291452']);
  });

  it('looks other codes up by their base code only', () => {
    expect(lookupCodes(parseBarcode('5901234123457'))).toEqual(['5901234123457']);
    expect(lookupCodes(parseBarcode('96385074'))).toEqual(['96385074']);
    expect(lookupCodes(parseBarcode('2100001012342'))).toEqual(['2100001000004']);
    expect(lookupCodes(parseBarcode('0421234'))).toEqual(['0421234']);
  });

  it('reads codes no rule knows as errors', () => {
    for (const code of ['', 'hello', '12345', '590123412345', '59012341234571']) {
      expect(parseBarcode(code)).toEqual({
        type: 'error',
        encoding: '',
        code,
        baseCode: code,
        value: 0,
        decimals: 0,
      });
    }
  });

  it("tries price, discount, weight, member, cashier, then products, with Odoo's sequences", () => {
    const bySequence = [...DEFAULT_NOMENCLATURE.rules]
      .sort((a, b) => a.sequence - b.sequence)
      .map((r) => `${r.sequence} ${r.type} ${r.encoding} ${r.pattern}`);
    expect(bySequence).toEqual([
      '14 price ean13 23.....{NNNDD}',
      '20 discount any 22{NN}',
      '36 weight ean13 21.....{NNDDD}',
      '40 member any 042',
      '50 cashier any 041',
      '90 product ean13 .*',
      '90 product ean8 .*',
      '90 product upca .*',
    ]);
  });

  it('is frozen, and valid', () => {
    expect(Object.isFrozen(DEFAULT_NOMENCLATURE)).toBe(true);
    expect(Object.isFrozen(DEFAULT_NOMENCLATURE.rules)).toBe(true);
    expect(validateNomenclature(DEFAULT_NOMENCLATURE)).toEqual(DEFAULT_NOMENCLATURE);
  });
});

describe('rule order', () => {
  it('tries rules by ascending sequence, not by position', () => {
    const n = nomenclature(
      rule({ name: 'Any', sequence: 10, type: 'product', pattern: '.*' }),
      rule({ name: 'Cards', sequence: 5, type: 'member', pattern: '99' }),
    );
    expect(parseBarcode('991234', n).type).toBe('member');
    expect(parseBarcode('981234', n).type).toBe('product');
  });

  it('accepts negative sequences', () => {
    const n = nomenclature(
      rule({ sequence: 0, type: 'product', pattern: '.*' }),
      rule({ sequence: -3, type: 'cashier', pattern: '7' }),
    );
    expect(parseBarcode('71', n).type).toBe('cashier');
  });

  it('breaks ties by the order given', () => {
    const member = rule({ name: 'M', sequence: 10, type: 'member', pattern: '12' });
    const cashier = rule({ name: 'C', sequence: 10, type: 'cashier', pattern: '1' });
    expect(parseBarcode('123', nomenclature(member, cashier)).type).toBe('member');
    expect(parseBarcode('123', nomenclature(cashier, member)).type).toBe('cashier');
  });

  it('falls through to a later rule when the encoding refuses the code', () => {
    const n = nomenclature(
      rule({ sequence: 1, type: 'weight', encoding: 'ean13', pattern: '21.....{NNDDD}' }),
      rule({ sequence: 2, type: 'product', encoding: 'any', pattern: '21' }),
    );
    // 12 digits: not an EAN-13, so the weight rule does not apply.
    expect(parseBarcode('210000101234', n)).toMatchObject({ type: 'product', value: 0 });
  });
});

describe('patterns', () => {
  it('match a prefix: the rest of the code is free', () => {
    const n = nomenclature(rule({ type: 'member', pattern: '042' }));
    expect(parseBarcode('042', n).type).toBe('member');
    expect(parseBarcode('042anything', n).type).toBe('member');
    expect(parseBarcode('04', n).type).toBe('error');
    expect(parseBarcode('0043', n).type).toBe('error');
  });

  it('read "." as any one character and ".*" as the rest', () => {
    const n = nomenclature(rule({ type: 'member', pattern: '4.2.*' }));
    expect(parseBarcode('4x2', n).type).toBe('member');
    expect(parseBarcode('492abc', n).type).toBe('member');
    expect(parseBarcode('4x3', n).type).toBe('error');
    expect(parseBarcode('4x', n).type).toBe('error');
  });

  it('accept any code with ".*" and encoding any', () => {
    const n = nomenclature(rule({ pattern: '.*' }));
    expect(parseBarcode('ABC-123', n)).toMatchObject({ type: 'product', encoding: 'any' });
  });

  it('read value digits anywhere in the code, integer and decimal parts', () => {
    const n = nomenclature(
      rule({ sequence: 1, type: 'discount', pattern: '1{NN}5' }),
      rule({ sequence: 2, type: 'weight', pattern: '8{DDD}' }),
      rule({ sequence: 3, type: 'price', pattern: '9{NNN}' }),
    );
    expect(parseBarcode('1235', n)).toMatchObject({ baseCode: '1005', value: 23, decimals: 0 });
    expect(parseBarcode('8050', n)).toMatchObject({ baseCode: '8000', value: 50, decimals: 3 });
    expect(parseBarcode('9120', n)).toMatchObject({ baseCode: '9000', value: 120, decimals: 0 });
  });

  it('recompute the UPC-A check digit of the base code', () => {
    const n = nomenclature(rule({ type: 'price', encoding: 'upca', pattern: '2.....{NNNDD}' }));
    expect(parseBarcode('201234001553', n)).toEqual({
      type: 'price',
      encoding: 'upca',
      code: '201234001553',
      baseCode: '201234000006',
      value: 155,
      decimals: 2,
    });
    expect(isValidUpca('201234000006')).toBe(true);
  });

  it('keep the EAN-8 check digit of the base code, as Odoo does', () => {
    const n = nomenclature(rule({ type: 'price', encoding: 'ean8', pattern: '2.{NNNN}' }));
    const parsed = parseBarcode('20123451', n);
    expect(parsed).toMatchObject({ baseCode: '20000051', value: 1234, decimals: 0 });
    expect(isValidEan8(parsed.baseCode)).toBe(false);
  });

  it('serve a custom nomenclature (weight on 26, member cards on 24)', () => {
    const n = nomenclature(
      rule({
        name: 'Poids',
        sequence: 10,
        type: 'weight',
        encoding: 'ean13',
        pattern: '26.....{NNDDD}',
      }),
      rule({ name: 'Coopérateurs', sequence: 20, type: 'member', pattern: '24' }),
      rule({ name: 'Produits', sequence: 90, type: 'product', encoding: 'ean13', pattern: '.*' }),
    );
    expect(parseBarcode('2612345012341', n)).toMatchObject({
      type: 'weight',
      baseCode: '2612345000003',
      value: 1234,
      decimals: 3,
    });
    expect(parseBarcode('2400000012344', n).type).toBe('member');
    // The default weight prefix is a plain product here.
    expect(parseBarcode('2100001012342', n)).toMatchObject({ type: 'product', value: 0 });
    expect(parseBarcode('0421234', n).type).toBe('error');
  });

  it('give the same answers through a compiled parser', () => {
    const parse = compileNomenclature(DEFAULT_NOMENCLATURE);
    for (const code of ['2100001012342', '2215', '036000291452', 'nope']) {
      expect(parse(code)).toEqual(parseBarcode(code));
    }
  });
});

describe('invalid patterns', () => {
  it.each([
    ['empty braces', '21{}', 'empty braces'],
    ['D before N', '21{DN}', 'comes after a D'],
    ['D then N again', '21{NDN}', 'comes after a D'],
    ['two brace groups', '{NN}{DD}', 'two brace groups'],
    ['a bare *', '*', 'bare "*"'],
    ['a * after a digit', '21*', 'bare "*"'],
    ['letters', 'PACK', 'character "P"'],
    ['regex alternation', '043|044', 'character "|"'],
    ['N outside braces', 'N12', 'outside braces'],
    ['D outside braces', '12D', 'outside braces'],
    ['a lone }', '12}', 'closes no brace'],
    ['an unclosed brace', '12{NN', 'never closed'],
    ['another character between braces', '{NNX}', '"X" between braces'],
    ['nested braces', '{N{D}}', '"{" between braces'],
    ['.* before the end', '.*12', 'may only end the pattern'],
    ['an empty pattern', '', 'empty'],
    ['too many value digits', '{NNNNNNNNNNDDDDDD}', 'at most 15'],
  ])('refuses %s', (_kind, pattern, why) => {
    const error = thrown(() => validatePattern('My rule', pattern));
    expect(error.code).toBe('barcode.invalid_pattern');
    expect(error.message).toContain(`Barcode rule "My rule" has an invalid pattern "${pattern}": `);
    expect(error.message).toContain(why);
    expect(error.details).toEqual({ rule: 'My rule', pattern });
  });

  it('are refused when validating, compiling or parsing with a nomenclature', () => {
    const n = nomenclature(rule({ pattern: '.*' }), rule({ name: 'Bad', pattern: '21{DN}' }));
    expect(thrown(() => validateNomenclature(n)).details).toEqual({
      rule: 'Bad',
      pattern: '21{DN}',
    });
    expect(thrown(() => compileNomenclature(n)).code).toBe('barcode.invalid_pattern');
    // (The fresh module throws its own TillError class: the message tells it is the same refusal.)
    expect(() => parseBarcode('123', n)).toThrow('Barcode rule "Bad" has an invalid pattern');
  });

  it('accept the patterns Odoo ships', () => {
    for (const pattern of ['21.....{NNDDD}', '23.....{NNNDD}', '22{NN}', '041', '042', '.*']) {
      expect(() => validatePattern('Odoo', pattern)).not.toThrow();
    }
  });
});

describe('validateNomenclature', () => {
  it('returns a clean copy without unknown keys', () => {
    const input = {
      name: 'Default',
      rules: [{ id: 7, name: 'P', sequence: 1, type: 'product', encoding: 'any', pattern: '.*' }],
    };
    const valid = validateNomenclature(input);
    expect(valid).toEqual({
      rules: [{ name: 'P', sequence: 1, type: 'product', encoding: 'any', pattern: '.*' }],
    });
    expect(valid.rules[0]).not.toBe(input.rules[0]);
  });

  it.each([
    ['not an object', 'rules', ''],
    ['no rules', {}, 'rules'],
    ['an empty rule list', { rules: [] }, 'rules'],
    [
      'an alias rule',
      { rules: [{ name: 'A', sequence: 1, type: 'alias', encoding: 'any', pattern: '1' }] },
      'rules.0.type',
    ],
    [
      'a GS1-128 rule',
      { rules: [{ name: 'G', sequence: 1, type: 'product', encoding: 'gs1-128', pattern: '1' }] },
      'rules.0.encoding',
    ],
    [
      'a fractional sequence',
      { rules: [{ name: 'F', sequence: 1.5, type: 'product', encoding: 'any', pattern: '1' }] },
      'rules.0.sequence',
    ],
    [
      'a blank name',
      { rules: [{ name: '  ', sequence: 1, type: 'product', encoding: 'any', pattern: '1' }] },
      'rules.0.name',
    ],
    [
      'a missing pattern',
      { rules: [{ name: 'P', sequence: 1, type: 'product', encoding: 'any' }] },
      'rules.0.pattern',
    ],
  ])('refuses %s', (_kind, input, path) => {
    const error = thrown(() => validateNomenclature(input));
    expect(error.code).toBe('barcode.invalid_nomenclature');
    expect(error.message).toMatch(/^Invalid barcode nomenclature: /);
    expect(error.details.path).toBe(path);
    if (path) expect(error.message).toContain(path);
  });
});

describe('characters a code must not carry', () => {
  // Each of these adds up to a right GS1 check digit if read as (character code - 48).
  it.each([
    ['+', '+001234123454', '+0385072'],
    ['-', '-001234123452', '-0385076'],
    ['/', '/001234123450', '/0385070'],
    ['a space', ' 001234123455', ' 0385075'],
  ])('refuses %s in a product code', (_what, ean13, ean8) => {
    expect(isValidEan13(ean13)).toBe(false);
    expect(isValidEan8(ean8)).toBe(false);
    expect(parseBarcode(ean13).type).toBe('error');
    expect(parseBarcode(ean8).type).toBe('error');
  });

  it.each(['+', '-', '/', ' ', ':'])('refuses "%s" among the value digits', (c) => {
    expect(parseBarcode(`22${c}5`)).toMatchObject({ type: 'error', value: 0 });
    expect(parseBarcode(`225${c}`)).toMatchObject({ type: 'error', value: 0 });
    const n = nomenclature(rule({ type: 'weight', pattern: '21{NNDDD}' }));
    expect(parseBarcode(`2101${c}34`, n).type).toBe('error');
  });

  it('refuses a check digit request with a character below 0', () => {
    expect(thrown(() => ean13CheckDigit('59012341234/')).code).toBe('barcode.invalid_digits');
    expect(thrown(() => upcaToEan13('03600029145/')).details).toEqual({
      code: '03600029145/',
      length: 12,
    });
    expect(thrown(() => ean13ToUpca('003600029145 ')).message).toBe(
      'An EAN-13 needs exactly 13 digits',
    );
  });
});

describe('the limits of a pattern', () => {
  it('accepts the longest value the parser allows: 15 digits, read exactly', () => {
    const n = nomenclature(rule({ type: 'price', pattern: '9{NNNNNNNNNNNNNDD}' }));
    expect(parseBarcode('9999999999999999', n)).toMatchObject({
      type: 'price',
      value: 999_999_999_999_999,
      decimals: 2,
      baseCode: '9000000000000000',
    });
    expect(() => validatePattern('Long', '{NNNNNNNNNNNNNNN}')).not.toThrow();
  });

  it('reads a 64-character code, the longest a scanner sends', () => {
    const code = '0'.repeat(12) + 'A'.repeat(52);
    expect(parseBarcode(code, nomenclature(rule({ pattern: '.*' })))).toMatchObject({
      type: 'product',
      code,
      baseCode: code,
    });
  });

  it('checks a literal digit right after the value group', () => {
    const n = nomenclature(rule({ type: 'discount', pattern: '22{NN}5' }));
    expect(parseBarcode('22155', n)).toMatchObject({ type: 'discount', value: 15 });
    expect(parseBarcode('22156', n).type).toBe('error');
    expect(parseBarcode('2215', n).type).toBe('error');
  });

  it('checks a literal digit right before the value group', () => {
    const n = nomenclature(rule({ type: 'discount', pattern: '22{NN}' }));
    expect(parseBarcode('2315', n).type).toBe('error');
  });

  it('reads a group of decimals only, and no group at all, with the right decimals', () => {
    const n = nomenclature(
      rule({ sequence: 1, type: 'weight', pattern: '8{DDD}' }),
      rule({ sequence: 2, type: 'member', pattern: '7..' }),
    );
    expect(parseBarcode('8005', n)).toMatchObject({ value: 5, decimals: 3 });
    expect(parseBarcode('7ab', n)).toMatchObject({ type: 'member', value: 0, decimals: 0 });
  });

  it('places the error position in words', () => {
    expect(thrown(() => validatePattern('R', '12}')).message).toContain('a "}" at position 3');
    expect(thrown(() => validatePattern('R', '1N')).message).toContain('"N" at position 2');
    expect(thrown(() => validatePattern('R', '1*')).message).toContain('at position 2');
    expect(thrown(() => validatePattern('R', '12{NN')).message).toContain('at position 3');
    expect(thrown(() => validatePattern('R', '1{}')).message).toContain('at position 2');
    expect(thrown(() => validatePattern('R', '1.*2')).message).toContain('found at 2');
    expect(thrown(() => validatePattern('R', 'x')).message).toContain('"x" at position 1');
  });
});

describe('the default nomenclature when none is given', () => {
  it('reads with Odoo’s rules, the same on every scan', () => {
    expect(parseBarcode('2215')).toMatchObject({ type: 'discount', value: 15 });
    expect(parseBarcode('2215')).toMatchObject({ type: 'discount', value: 15 });
    expect(parseBarcode('2215', DEFAULT_NOMENCLATURE)).toEqual(parseBarcode('2215'));
  });
});

describe('refusals and look-ups in words', () => {
  it('says what a digits-only input needed', () => {
    expect(thrown(() => ean13CheckDigit('123')).message).toBe(
      'An EAN-13 check digit needs exactly 12 digits',
    );
    expect(thrown(() => upcaToEan13('123')).message).toBe('A UPC-A needs exactly 12 digits');
  });

  it('lists every problem of a nomenclature, with its place', () => {
    const error = thrown(() =>
      validateNomenclature({
        rules: [{ name: ' ', sequence: 1, type: 'product', encoding: 'any', pattern: '1' }],
      }),
    );
    expect(error.message).toBe('Invalid barcode nomenclature: rules.0.name: a rule needs a name');
    expect(thrown(() => validateNomenclature({ rules: [] })).message).toBe(
      'Invalid barcode nomenclature: rules: a nomenclature needs at least one rule',
    );
    const two = thrown(() =>
      validateNomenclature({
        rules: [{ name: '', sequence: 1.5, type: 'product', encoding: 'any', pattern: '1' }],
      }),
    );
    expect(two.message).toMatch(
      /^Invalid barcode nomenclature: rules\.0\.name: .+; rules\.0\.sequence: /,
    );
    expect(two.details).toEqual({ path: 'rules.0.name', issues: 2 });
  });

  it('looks a 12- or 13-digit code of another kind up by itself only', () => {
    // A member card of 12 or 13 digits starting with 0 is not a UPC-A nor its EAN-13 form.
    expect(lookupCodes(parseBarcode('042123456789'))).toEqual(['042123456789']);
    expect(lookupCodes(parseBarcode('0421234567890'))).toEqual(['0421234567890']);
  });
});
