/**
 * The Mettler-Toledo 8217 protocol, pure: answers decoded from bytes and encoded to bytes, with
 * no I/O and no timers. The driver that asks for weights is in driver.ts.
 *
 * ## The Toledo 8217 protocol ("weight only", as Odoo's IoT box drives Toledo scales)
 *
 * Line: 9600 baud, 7 data bits, even parity, 1 stop bit (`TOLEDO_8217_LINE`). The till sends
 * one ASCII letter, with no terminator:
 * - `W` asks for the weight. A stable weight comes back as `STX weight CR`, the weight in kg with
 *   a decimal point and leading zeros (`\x02` `01.234` `\r` is 1.234 kg). Some firmwares add
 *   spaces, a unit (`KG`, `kg`; `g` for grams) or an `N` (net); pounds (`LB`, `OZ`) are refused.
 * - When there is no weight to give (in motion, over capacity, under zero, zero error), the scale
 *   answers with a status instead: `STX ? status CR`. The status byte is printable ASCII; its
 *   bits (bit 7 is the parity bit, bit 6 is always 1):
 *     0 in motion, 1 over capacity, 2 under zero, 3 outside the zero capture range,
 *     4 at the centre of zero, 5 net weight.
 * - (`Z` zero, `T` tare, `C` clear tare exist too; the till does not use them: the tare of a
 *   container is subtracted by the till, see domain/tare.ts.)
 */
import { TillError, isTillError } from '../../domain/errors';
import type { Milli } from '../../domain/money';
import type { WeightReading } from '../../domain/tare';

/** Serial settings of the 8217 protocol (drivers/uri.ts applies them to `?protocol=toledo8217`). */
export const TOLEDO_8217_LINE = {
  baudRate: 9600,
  dataBits: 7,
  parity: 'even',
  stopBits: 1,
} as const;

export const STX = 0x02;
export const CR = 0x0d;
/** The weight request: one `W`, no terminator. */
export const WEIGHT_REQUEST: Uint8Array = Uint8Array.of(0x57);

export interface ScaleStatusBits {
  motion: boolean;
  overCapacity: boolean;
  underZero: boolean;
  outsideZeroRange: boolean;
  centerOfZero: boolean;
  net: boolean;
}

/** One answer of the scale, decoded. */
export type Toledo8217Answer =
  { kind: 'weight'; grams: Milli } | ({ kind: 'status'; byte: number } & ScaleStatusBits);

function badAnswer(body: string, why: string): TillError {
  return new TillError(
    'scale.bad_answer',
    `The scale gave an answer the till cannot read: ${why}`,
    {
      answer: JSON.stringify(body),
    },
  );
}

const WEIGHT_BODY = /^ *(-?) *(\d*)(?:\.(\d*))? *([A-Za-z]{0,2}) *$/;
/** Digits the driver accepts in a weight (999999.999 kg is far above any shop scale). */
const MAX_DIGITS = 9;

/**
 * Decodes the body of one frame (what lies between STX and CR, parity bits already stripped).
 * Throws `scale.bad_answer` for garbage and `scale.unit` for a scale set to pounds.
 */
export function parseToledo8217Body(body: string): Toledo8217Answer {
  if (body.startsWith('?')) {
    if (body.length !== 2) throw badAnswer(body, 'a status answer has exactly one status byte');
    const byte = body.charCodeAt(1) & 0x7f;
    return {
      kind: 'status',
      byte,
      motion: (byte & 0x01) !== 0,
      overCapacity: (byte & 0x02) !== 0,
      underZero: (byte & 0x04) !== 0,
      outsideZeroRange: (byte & 0x08) !== 0,
      centerOfZero: (byte & 0x10) !== 0,
      net: (byte & 0x20) !== 0,
    };
  }
  const match = WEIGHT_BODY.exec(body);
  if (!match) throw badAnswer(body, 'not a weight');
  const [, sign = '', units = '', decimalsText = '', unitText = ''] = match;
  if (units.length + decimalsText.length === 0) throw badAnswer(body, 'no digits');
  const unit = unitText.toLowerCase();
  let decimals: number;
  if (unit === '' || unit === 'kg' || unit === 'n') decimals = 3;
  else if (unit === 'g') decimals = 0;
  else if (unit === 'lb' || unit === 'oz') {
    throw new TillError('scale.unit', 'The scale weighs in pounds: set it to kilograms', {
      answer: JSON.stringify(body),
    });
  } else throw badAnswer(body, `unknown unit ${JSON.stringify(unitText)}`);
  // Digits beyond the gram must be zeros: the till sells whole grams and never rounds a weight.
  const extra = decimalsText.slice(decimals);
  if (/[^0]/.test(extra)) throw badAnswer(body, 'a weight finer than a gram');
  const digits = (units + decimalsText.slice(0, decimals).padEnd(decimals, '0')).replace(
    /^0+(?=\d)/,
    '',
  );
  if (digits.length > MAX_DIGITS) throw badAnswer(body, 'a weight too large');
  const grams = Number(digits);
  return { kind: 'weight', grams: sign === '-' && grams !== 0 ? -grams : grams };
}

/**
 * Cuts a byte stream into frames (`STX body CR`). Bytes outside a frame are dropped; a frame that
 * grows beyond `maxFrame` bytes without its CR is dropped as garbage. Bit 7 (parity when the line
 * is read as 8 bits) is cleared.
 */
export class Toledo8217Framer {
  private buffer = '';
  private inFrame = false;

  constructor(private readonly maxFrame = 64) {}

  /** The frames completed by `chunk`: decoded answers, or the error of an unreadable one. */
  push(chunk: Uint8Array): (Toledo8217Answer | TillError)[] {
    const out: (Toledo8217Answer | TillError)[] = [];
    for (const raw of chunk) {
      const byte = raw & 0x7f;
      if (byte === STX) {
        this.inFrame = true;
        this.buffer = '';
      } else if (!this.inFrame) {
        continue;
      } else if (byte === CR) {
        this.inFrame = false;
        try {
          out.push(parseToledo8217Body(this.buffer));
        } catch (error) {
          out.push(isTillError(error) ? error : badAnswer(this.buffer, String(error)));
        }
        this.buffer = '';
      } else if (this.buffer.length >= this.maxFrame) {
        this.inFrame = false;
        out.push(badAnswer(this.buffer.slice(0, 20), 'a frame with no end'));
        this.buffer = '';
      } else {
        this.buffer += String.fromCharCode(byte);
      }
    }
    return out;
  }

  reset(): void {
    this.buffer = '';
    this.inFrame = false;
  }
}

/** What the till makes of an answer: a reading, or the TillError that explains why not. */
export function readingFromAnswer(answer: Toledo8217Answer): WeightReading {
  if (answer.kind === 'weight') return { grams: answer.grams, stable: true };
  const details = { status: `0x${answer.byte.toString(16)}` };
  if (answer.overCapacity)
    throw new TillError('scale.overload', 'The scale is overloaded: take some weight off', details);
  if (answer.underZero)
    throw new TillError('scale.negative', 'The scale reads below zero: zero the scale', details);
  if (answer.outsideZeroRange)
    throw new TillError(
      'scale.zero_error',
      'The scale cannot find its zero: empty it and zero it',
      details,
    );
  if (answer.motion)
    throw new TillError(
      'scale.unstable',
      'The weight is not stable yet: wait for the scale',
      details,
    );
  if (answer.centerOfZero) return { grams: 0, stable: true };
  throw new TillError('scale.bad_answer', 'The scale sent a status the till cannot read', details);
}

/**
 * The bytes a Toledo 8217 scale sends for `answer` (used by the simulator): a weight as kg with
 * three decimals and at least two integer digits, a status with bit 6 set.
 */
export function encodeToledo8217Answer(answer: Toledo8217Answer): Uint8Array {
  let body: string;
  if (answer.kind === 'weight') {
    const abs = Math.abs(answer.grams);
    const kg = String(Math.trunc(abs / 1000)).padStart(2, '0');
    body = `${answer.grams < 0 ? '-' : ''}${kg}.${String(abs % 1000).padStart(3, '0')}`;
  } else {
    const byte =
      0x40 |
      (answer.motion ? 0x01 : 0) |
      (answer.overCapacity ? 0x02 : 0) |
      (answer.underZero ? 0x04 : 0) |
      (answer.outsideZeroRange ? 0x08 : 0) |
      (answer.centerOfZero ? 0x10 : 0) |
      (answer.net ? 0x20 : 0);
    body = `?${String.fromCharCode(byte)}`;
  }
  return Uint8Array.from([STX, ...Buffer.from(body, 'latin1'), CR]);
}

export function statusAnswer(bits: Partial<ScaleStatusBits>): Toledo8217Answer {
  const answer = {
    kind: 'status' as const,
    byte: 0,
    motion: bits.motion ?? false,
    overCapacity: bits.overCapacity ?? false,
    underZero: bits.underZero ?? false,
    outsideZeroRange: bits.outsideZeroRange ?? false,
    centerOfZero: bits.centerOfZero ?? false,
    net: bits.net ?? false,
  };
  const encoded = encodeToledo8217Answer(answer);
  return { ...answer, byte: encoded[2] ?? 0 };
}
