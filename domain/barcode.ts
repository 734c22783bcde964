/**
 * Barcode nomenclature, compatible with Odoo's (barcodes/models/barcode_nomenclature.py), so that a
 * coop moving from Odoo keeps its scale labels and member cards.
 *
 * A nomenclature is a list of rules. A scanned code is read by the first rule (lowest sequence;
 * ties in the order given) whose pattern matches the start of the code and whose encoding accepts
 * the code (length and check digit; `any` accepts anything).
 *
 * Pattern syntax (a strict subset of Odoo's, which are Python regular expressions):
 * - a digit matches itself;
 * - `.` matches any one character;
 * - one optional group `{N…D…}` marks the digits carrying a value: N the integer part, then D the
 *   decimals (`{NNDDD}`: two integer digits, three decimals); these must be digits in the code;
 * - `.*`, only at the end, matches the rest of the code (any pattern already matches a prefix, as
 *   Odoo's `re.match` does, so `042` and `042.*` both match every code starting with 042).
 *
 * Pure code: no I/O, no clock, no randomness.
 */
import { z } from 'zod';
import { TillError } from './errors';

export const BARCODE_RULE_TYPES = [
  'product',
  'weight',
  'price',
  'discount',
  'member',
  'cashier',
  // A container's tare label (no Odoo default rule: a coop adds one, e.g. 24.....{NNDDD}).
  'tare',
] as const;
export type BarcodeRuleType = (typeof BARCODE_RULE_TYPES)[number];

export const BARCODE_ENCODINGS = ['ean13', 'ean8', 'upca', 'any'] as const;
export type BarcodeEncoding = (typeof BARCODE_ENCODINGS)[number];

export interface BarcodeRule {
  readonly name: string;
  /** Lowest first; rules with the same sequence are tried in the order given. */
  readonly sequence: number;
  readonly type: BarcodeRuleType;
  readonly encoding: BarcodeEncoding;
  readonly pattern: string;
}

/** Treat a nomenclature as immutable: its compiled form is cached by object identity. */
export interface Nomenclature {
  readonly rules: readonly BarcodeRule[];
}

/**
 * What a scanned code means.
 *
 * `value` is NOT Odoo's float: the till computes on integers only, so `value` is the integer
 * written by the brace digits, N and D together, and `decimals` is the number of D digits; the
 * real value is value / 10^decimals. Hence:
 * - weight `21.....{NNDDD}`, digits 01234 -> value 1234, decimals 3: 1.234 kg = 1234 thousandths;
 * - price `23.....{NNNDD}`, digits 00599 -> value 599, decimals 2: 5.99 EUR = 599 cents;
 * - discount `22{NN}`, digits 15 -> value 15, decimals 0: 15 %.
 * Rules without braces give value 0, decimals 0. The caller converts to its own unit (e.g. a
 * weight with 2 decimals is multiplied by 10 to get thousandths) and checks `decimals` is one it
 * expects for the rule type.
 */
export interface ParsedBarcode {
  readonly type: BarcodeRuleType | 'error';
  /** The encoding of the matching rule, '' when no rule matches. */
  readonly encoding: BarcodeEncoding | '';
  /** The code as scanned. */
  readonly code: string;
  /**
   * The code with its value digits set to 0 and, for ean13 and upca, its check digit recomputed
   * (not for ean8, as in Odoo): the code the product carries in the catalogue. The code itself
   * when no rule matches.
   */
  readonly baseCode: string;
  readonly value: number;
  readonly decimals: number;
}

/** More value digits would not fit a safe integer. */
export const MAX_VALUE_DIGITS = 15;

// ---------------------------------------------------------------------------------------------
// Check digits

function assertDigits(code: string, length: number, what: string): void {
  if (code.length !== length || !isDigits(code)) {
    throw new TillError('barcode.invalid_digits', `${what} needs exactly ${length} digits`, {
      code,
      length,
    });
  }
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** GS1 mod-10 check digit of `digits` (the code without its check digit): weights 3,1 from the right. */
function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

function hasValidCheckDigit(code: string, length: number): boolean {
  return (
    code.length === length &&
    isDigits(code) &&
    gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48
  );
}

/** The check digit completing the 12 first digits of an EAN-13. */
export function ean13CheckDigit(first12: string): number {
  assertDigits(first12, 12, 'An EAN-13 check digit');
  return gs1CheckDigit(first12);
}

export function isValidEan13(code: string): boolean {
  return hasValidCheckDigit(code, 13);
}

export function isValidEan8(code: string): boolean {
  return hasValidCheckDigit(code, 8);
}

export function isValidUpca(code: string): boolean {
  return hasValidCheckDigit(code, 12);
}

/** A UPC-A (12 digits) as the EAN-13 it also is: '0' + code (the check digit is unchanged). */
export function upcaToEan13(code: string): string {
  assertDigits(code, 12, 'A UPC-A');
  return `0${code}`;
}

/** An EAN-13 starting with 0 as the UPC-A it also is, null for any other EAN-13. */
export function ean13ToUpca(code: string): string | null {
  assertDigits(code, 13, 'An EAN-13');
  return code.startsWith('0') ? code.slice(1) : null;
}

function isValidForEncoding(code: string, encoding: BarcodeEncoding): boolean {
  switch (encoding) {
    case 'ean13':
      return isValidEan13(code);
    case 'ean8':
      return isValidEan8(code);
    case 'upca':
      return isValidUpca(code);
    case 'any':
      return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Patterns

/** A pattern made ready to match: one entry per code position, then the value digits' place. */
interface CompiledPattern {
  /** The character expected at each position, or null for `.` (any character). */
  readonly positions: readonly (string | null)[];
  /** Index of the first value digit, -1 when the pattern has no braces. */
  readonly valueStart: number;
  readonly integerDigits: number;
  readonly decimals: number;
}

function invalidPattern(rule: string, pattern: string, why: string): TillError {
  return new TillError(
    'barcode.invalid_pattern',
    `Barcode rule "${rule}" has an invalid pattern "${pattern}": ${why}`,
    { rule, pattern },
  );
}

/** Parses a pattern; throws `barcode.invalid_pattern` naming the rule and the reason. */
function compilePattern(rule: string, pattern: string): CompiledPattern {
  const fail = (why: string): TillError => invalidPattern(rule, pattern, why);
  if (pattern.length === 0) throw fail('it is empty (use ".*" to match any code)');

  const positions: (string | null)[] = [];
  let valueStart = -1;
  let integerDigits = 0;
  let decimals = 0;

  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c >= '0' && c <= '9') {
      positions.push(c);
      i++;
    } else if (c === '.') {
      if (pattern.charAt(i + 1) === '*') {
        if (i + 2 !== pattern.length) {
          throw fail(`".*" (the rest of the code) may only end the pattern, found at ${i + 1}`);
        }
        i += 2;
      } else {
        positions.push(null);
        i++;
      }
    } else if (c === '*') {
      throw fail(`a bare "*" at position ${i + 1} (only ".*" is allowed, to match the rest)`);
    } else if (c === '{') {
      if (valueStart !== -1) throw fail('it has two brace groups (only one value is allowed)');
      const close = pattern.indexOf('}', i + 1);
      if (close === -1) throw fail(`the brace at position ${i + 1} is never closed`);
      const group = pattern.slice(i + 1, close);
      if (group.length === 0) throw fail(`empty braces at position ${i + 1}`);
      for (let j = 0; j < group.length; j++) {
        const g = group.charAt(j);
        if (g === 'N') {
          if (decimals > 0) throw fail('an N (integer digit) comes after a D (decimal digit)');
          integerDigits++;
        } else if (g === 'D') {
          decimals++;
        } else {
          throw fail(`"${g}" between braces (only N and D are allowed there)`);
        }
      }
      if (group.length > MAX_VALUE_DIGITS) {
        throw fail(`${group.length} value digits (at most ${MAX_VALUE_DIGITS})`);
      }
      valueStart = positions.length;
      for (let j = 0; j < group.length; j++) positions.push('0');
      i = close + 1;
    } else if (c === '}') {
      throw fail(`a "}" at position ${i + 1} closes no brace`);
    } else if (c === 'N' || c === 'D') {
      throw fail(`"${c}" at position ${i + 1} outside braces`);
    } else {
      throw fail(
        `the character "${c}" at position ${i + 1} (only digits, ".", ".*" and one {N…D…} group)`,
      );
    }
  }
  return { positions, valueStart, integerDigits, decimals };
}

/**
 * Refuses a pattern Odoo-compatible parsing cannot read, with `barcode.invalid_pattern` naming
 * the rule and why.
 */
export function validatePattern(rule: string, pattern: string): void {
  compilePattern(rule, pattern);
}

// ---------------------------------------------------------------------------------------------
// Nomenclature

const ruleSchema = z.object({
  name: z.string().trim().min(1, 'a rule needs a name'),
  sequence: z.number().int(),
  type: z.enum(BARCODE_RULE_TYPES),
  encoding: z.enum(BARCODE_ENCODINGS),
  pattern: z.string(),
});

const nomenclatureSchema = z.object({
  rules: z.array(ruleSchema).min(1, 'a nomenclature needs at least one rule'),
});

/**
 * Checks an untrusted nomenclature (shape, then every pattern) and returns a clean copy.
 * Throws `barcode.invalid_nomenclature` on a shape error, `barcode.invalid_pattern` on a pattern.
 */
export function validateNomenclature(input: unknown): Nomenclature {
  const result = nomenclatureSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    const first = result.error.issues[0];
    throw new TillError(
      'barcode.invalid_nomenclature',
      `Invalid barcode nomenclature: ${issues.join('; ')}`,
      { path: first ? first.path.map(String).join('.') : '', issues: issues.length },
    );
  }
  for (const rule of result.data.rules) validatePattern(rule.name, rule.pattern);
  return result.data;
}

interface CompiledRule extends CompiledPattern {
  readonly rule: BarcodeRule;
}

export type BarcodeParser = (code: string) => ParsedBarcode;

function matchRule(compiled: CompiledRule, code: string): ParsedBarcode | null {
  const { positions, valueStart, integerDigits, decimals, rule } = compiled;
  if (code.length < positions.length) return null;
  const valueEnd = valueStart + integerDigits + decimals;
  for (let i = 0; i < positions.length; i++) {
    if (i >= valueStart && i < valueEnd) {
      const c = code.charCodeAt(i);
      if (c < 48 || c > 57) return null;
    } else {
      const expected = positions[i];
      if (expected != null && code.charAt(i) !== expected) return null;
    }
  }
  if (!isValidForEncoding(code, rule.encoding)) return null;

  let baseCode = code;
  let value = 0;
  if (valueStart !== -1) {
    value = Number(code.slice(valueStart, valueEnd));
    baseCode = code.slice(0, valueStart) + '0'.repeat(valueEnd - valueStart) + code.slice(valueEnd);
    // Odoo recomputes the check digit for ean13 and upca, not for ean8.
    if (rule.encoding === 'ean13' || rule.encoding === 'upca') {
      const body = baseCode.slice(0, -1);
      baseCode = body + String(gs1CheckDigit(body));
    }
  }
  return {
    type: rule.type,
    encoding: rule.encoding,
    code,
    baseCode,
    value,
    decimals: valueStart === -1 ? 0 : decimals,
  };
}

/**
 * Validates a nomenclature once and returns a fast parser for it (called on every scan).
 * Throws as `validateNomenclature` does.
 */
export function compileNomenclature(nomenclature: Nomenclature): BarcodeParser {
  const valid = validateNomenclature(nomenclature);
  const rules: CompiledRule[] = valid.rules
    .map((rule, index) => ({ rule, index }))
    // Stable by construction: ties keep the order given.
    .sort((a, b) => a.rule.sequence - b.rule.sequence || a.index - b.index)
    .map(({ rule }) => ({ rule, ...compilePattern(rule.name, rule.pattern) }));

  return (code: string): ParsedBarcode => {
    for (const rule of rules) {
      const parsed = matchRule(rule, code);
      if (parsed) return parsed;
    }
    return { type: 'error', encoding: '', code, baseCode: code, value: 0, decimals: 0 };
  };
}

/**
 * Odoo's default nomenclature with Odoo's sequences (barcodes, stock and point_of_sale data):
 * price 14, discount 20, weight 36, customer (our member) 40, cashier 50, products 90. Odoo has
 * a single product rule `.*` with encoding any; here the products are EAN-13, EAN-8 and UPC-A with
 * their check digits verified, so a code with a wrong check digit reads as an error.
 */
export const DEFAULT_NOMENCLATURE: Nomenclature = Object.freeze({
  rules: Object.freeze(
    (
      [
        {
          name: 'Weight Barcodes 3 Decimals',
          sequence: 36,
          type: 'weight',
          encoding: 'ean13',
          pattern: '21.....{NNDDD}',
        },
        {
          name: 'Price Barcodes 2 Decimals',
          sequence: 14,
          type: 'price',
          encoding: 'ean13',
          pattern: '23.....{NNNDD}',
        },
        {
          name: 'Discount Barcodes',
          sequence: 20,
          type: 'discount',
          encoding: 'any',
          pattern: '22{NN}',
        },
        {
          name: 'Cashier Barcodes',
          sequence: 50,
          type: 'cashier',
          encoding: 'any',
          pattern: '041',
        },
        { name: 'Member Barcodes', sequence: 40, type: 'member', encoding: 'any', pattern: '042' },
        {
          name: 'Product Barcodes EAN-13',
          sequence: 90,
          type: 'product',
          encoding: 'ean13',
          pattern: '.*',
        },
        {
          name: 'Product Barcodes EAN-8',
          sequence: 90,
          type: 'product',
          encoding: 'ean8',
          pattern: '.*',
        },
        {
          name: 'Product Barcodes UPC-A',
          sequence: 90,
          type: 'product',
          encoding: 'upca',
          pattern: '.*',
        },
      ] satisfies BarcodeRule[]
    ).map((rule) => Object.freeze(rule)),
  ),
});

const parsers = new WeakMap<Nomenclature, BarcodeParser>();

/**
 * Reads a scanned code with a nomenclature (Odoo's default when omitted). The nomenclature is
 * compiled on first use and cached by identity: do not mutate it afterwards.
 * Throws `barcode.invalid_nomenclature` / `barcode.invalid_pattern` if the nomenclature is invalid.
 */
export function parseBarcode(
  code: string,
  nomenclature: Nomenclature = DEFAULT_NOMENCLATURE,
): ParsedBarcode {
  let parser = parsers.get(nomenclature);
  if (!parser) {
    parser = compileNomenclature(nomenclature);
    parsers.set(nomenclature, parser);
  }
  return parser(code);
}

/**
 * The codes under which to look the product up: the base code and, since a UPC-A is also found
 * as its EAN-13 form, for a upca the '0' + code EAN-13 and for an ean13 starting with 0 the
 * 12-digit UPC-A.
 */
export function lookupCodes(parsed: ParsedBarcode): string[] {
  const { baseCode, encoding } = parsed;
  if (encoding === 'upca' && baseCode.length === 12 && isDigits(baseCode)) {
    return [baseCode, `0${baseCode}`];
  }
  if (
    encoding === 'ean13' &&
    baseCode.length === 13 &&
    isDigits(baseCode) &&
    baseCode.startsWith('0')
  ) {
    return [baseCode, baseCode.slice(1)];
  }
  return [baseCode];
}
