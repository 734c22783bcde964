import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEDGE_OPTIONS,
  createWedgeDetector,
  isCharacterKey,
  looksLikeBarcode,
  type WedgeDetector,
  type WedgeKeyEvent,
} from '../../domain/keyboard-wedge';
import { seededRandom } from '../support/random';

/** Keys of `text` from `start`, `step` ms apart, then Enter `step` ms after the last. */
function keys(text: string, start: number, step: number, enter = true): WedgeKeyEvent[] {
  const events = [...text].map((key, i) => ({ key, time: start + i * step }));
  if (enter) events.push({ key: 'Enter', time: start + text.length * step });
  return events;
}

/**
 * What a field shows, as the renderer and the browser make it: each character typed in at once
 * (noted by its number), a named key shown as <Name>, a scan's characters taken back out.
 */
function simulate(detector: WedgeDetector<number>, events: readonly WedgeKeyEvent[]) {
  const field: { key: string; id: number }[] = [];
  const scans: string[] = [];
  events.forEach((event, id) => {
    const result = detector.push(event, id);
    if (result.kind === 'key') field.push({ key: event.key, id });
    else if (result.kind === 'pass') field.push({ key: `<${event.key}>`, id });
    else {
      scans.push(result.code);
      for (const taken of result.notes) {
        field.splice(
          field.findIndex((typed) => typed.id === taken),
          1,
        );
      }
    }
  });
  return { typed: field.map((typed) => typed.key).join(''), scans };
}

const EAN = '5412006060103';

describe('looksLikeBarcode', () => {
  it('accepts 1 to 64 printable ASCII characters', () => {
    expect(looksLikeBarcode('5449000000996')).toBe(true);
    expect(looksLikeBarcode('A')).toBe(true);
    expect(looksLikeBarcode(' ')).toBe(true);
    expect(looksLikeBarcode('CODE 39-$/+%')).toBe(true);
    expect(looksLikeBarcode('~'.repeat(64))).toBe(true);
  });

  it('refuses empty, too long, control characters and non-ASCII', () => {
    expect(looksLikeBarcode('')).toBe(false);
    expect(looksLikeBarcode('1'.repeat(65))).toBe(false);
    expect(looksLikeBarcode('123\r')).toBe(false);
    expect(looksLikeBarcode('12\x1f3')).toBe(false);
    expect(looksLikeBarcode('12\x003')).toBe(false);
    expect(looksLikeBarcode('12\x7f3')).toBe(false);
    expect(looksLikeBarcode('café')).toBe(false);
    expect(looksLikeBarcode('€100')).toBe(false);
  });
});

describe('isCharacterKey', () => {
  it('is one code point: a printable key, not a named one', () => {
    expect(isCharacterKey('a')).toBe(true);
    expect(isCharacterKey('€')).toBe(true);
    expect(isCharacterKey('😀')).toBe(true);
    expect(isCharacterKey('\uffff')).toBe(true);
    expect(isCharacterKey('Enter')).toBe(false);
    expect(isCharacterKey('F1')).toBe(false);
    expect(isCharacterKey('aa')).toBe(false);
    expect(isCharacterKey('')).toBe(false);
  });
});

describe('keyboard wedge detector', () => {
  it('lets every key type at once and takes a fast burst ended by Enter back out as a scan', () => {
    const detector = createWedgeDetector<number>();
    const events = keys(EAN, 1000, 8);
    const results = events.map((event, id) => detector.push(event, id));
    expect(results.slice(0, -1).every((result) => result.kind === 'key')).toBe(true);
    expect(results.at(-1)).toEqual({
      kind: 'scan',
      code: EAN,
      notes: [...EAN].map((_, id) => id),
    });
  });

  it('keeps what a person typed around a scan, in order', () => {
    const detector = createWedgeDetector<number>();
    const events = [
      ...keys('sav', 0, 150, false),
      ...keys('40063813', 2000, 4),
      ...keys('on', 3000, 200, false),
    ];
    expect(simulate(detector, events)).toEqual({ typed: 'savon', scans: ['40063813'] });
  });

  it('takes keys exactly at the gap as a stride, one over it as a stall', () => {
    expect(simulate(createWedgeDetector<number>(), keys('12345', 0, 30)).scans).toEqual(['12345']);
    // 31 ms apart: every gap a stall, far more than a scanner has.
    const slow = simulate(createWedgeDetector<number>(), keys('12345', 0, 31));
    expect(slow).toEqual({ typed: '12345<Enter>', scans: [] });
  });

  it('passes slow typing through, Enter included', () => {
    expect(simulate(createWedgeDetector<number>(), keys('hello', 0, 120))).toEqual({
      typed: 'hello<Enter>',
      scans: [],
    });
  });

  it('makes one scan of a code stalled up to 100 ms inside it (a USB hub)', () => {
    const events = [...keys('541', 0, 2, false), ...keys('2006060103', 2 + 100, 2)];
    expect(simulate(createWedgeDetector<number>(), events)).toEqual({ typed: '', scans: [EAN] });
    // Two stalls in a 13-digit code, one of them just before Enter.
    const twice = [
      ...keys('54120', 0, 2, false),
      ...keys('0606010', 60, 2, false),
      { key: '3', time: 80 },
      { key: 'Enter', time: 80 + 100 },
    ];
    expect(simulate(createWedgeDetector<number>(), twice)).toEqual({ typed: '', scans: [EAN] });
  });

  it('breaks the burst at a pause over 100 ms: the keys before it were typing', () => {
    const events = [...keys('541', 0, 2, false), ...keys('2006060103', 4 + 101, 2)];
    expect(simulate(createWedgeDetector<number>(), events)).toEqual({
      typed: '541',
      scans: ['2006060103'],
    });
    expect(
      simulate(createWedgeDetector<number>(), [
        ...keys('541', 0, 2, false),
        ...keys('2006', 105, 2),
      ]),
    ).toEqual({ typed: '541', scans: ['2006'] });
  });

  it('allows at most the configured stalls, and only in a burst mostly at a scanner’s stride', () => {
    // Three stalls: a person, or a scanner too broken to trust.
    const three = [
      ...keys('5412', 0, 2, false),
      ...keys('0060', 60, 2, false),
      ...keys('6010', 120, 2, false),
      ...keys('3', 180, 2),
    ];
    expect(simulate(createWedgeDetector<number>(), three).scans).toEqual([]);
    expect(simulate(createWedgeDetector<number>({ maxStalls: 3 }), three).scans).toEqual([EAN]);
    // Four keys, two of them after a pause: half the gaps are slow (a quick person).
    const quickPerson = [
      { key: 'm', time: 0 },
      { key: 'e', time: 10 },
      { key: 'l', time: 60 },
      { key: 'k', time: 70 },
      { key: 'Enter', time: 130 },
    ];
    expect(simulate(createWedgeDetector<number>(), quickPerson)).toEqual({
      typed: 'melk<Enter>',
      scans: [],
    });
    // One slow gap of four: three quarters at a scanner's stride is a scan.
    const oneStall = [...keys('12', 0, 2, false), ...keys('34', 60, 2)];
    expect(simulate(createWedgeDetector<number>(), oneStall).scans).toEqual(['1234']);
    const noStalls = createWedgeDetector<number>({ maxStalls: 0 });
    expect(simulate(noStalls, oneStall).scans).toEqual([]);
  });

  it('does not join a typed key to a scan that follows it closely', () => {
    // A person types "7", then a scan starts 50 ms later: "7" is typing.
    const events = [{ key: '7', time: 0 }, ...keys(EAN, 50, 2)];
    expect(simulate(createWedgeDetector<number>(), events)).toEqual({ typed: '7', scans: [EAN] });
  });

  it('ends the burst at an Enter over 100 ms late: the keys were typing', () => {
    const events = [...keys('12345678', 0, 5, false), { key: 'Enter', time: 35 + 101 }];
    expect(simulate(createWedgeDetector<number>(), events)).toEqual({
      typed: '12345678<Enter>',
      scans: [],
    });
  });

  it('refuses a fast burst shorter than the minimum as a scan', () => {
    expect(simulate(createWedgeDetector<number>({ minLength: 4 }), keys('123', 0, 5))).toEqual({
      typed: '123<Enter>',
      scans: [],
    });
    expect(simulate(createWedgeDetector<number>({ minLength: 2 }), keys('12', 0, 5)).scans).toEqual(
      ['12'],
    );
    expect(simulate(createWedgeDetector<number>({ minLength: 0 }), keys('1', 0, 5)).scans).toEqual([
      '1',
    ]);
    expect(simulate(createWedgeDetector<number>(), [{ key: 'Enter', time: 0 }])).toEqual({
      typed: '<Enter>',
      scans: [],
    });
  });

  it('lets Shift pass within a burst (upper-case letters from a scanner)', () => {
    const events: WedgeKeyEvent[] = [
      { key: 'Shift', time: 0 },
      { key: 'A', time: 2 },
      { key: 'Shift', time: 4 },
      { key: 'B', time: 6 },
      { key: '1', time: 8 },
      { key: '2', time: 10 },
      { key: 'Enter', time: 12 },
    ];
    const detector = createWedgeDetector<number>();
    expect(detector.push(events[0] as WedgeKeyEvent, 0)).toEqual({ kind: 'pass' });
    expect(simulate(detector, events.slice(1))).toEqual({ typed: '<Shift>', scans: ['AB12'] });
  });

  it('breaks the burst at a named key such as Backspace, which passes through', () => {
    const events = [
      ...keys('54120', 0, 2, false),
      { key: 'Backspace', time: 10 },
      ...keys('06060103', 12, 2),
    ];
    expect(simulate(createWedgeDetector<number>(), events)).toEqual({
      typed: '54120<Backspace>',
      scans: ['06060103'],
    });
  });

  it('is no scan when longer than a barcode (a paste, a stuck key)', () => {
    const detector = createWedgeDetector<number>({ maxLength: 10 });
    expect(simulate(detector, keys('x'.repeat(11), 0, 1))).toEqual({
      typed: `${'x'.repeat(11)}<Enter>`,
      scans: [],
    });
    expect(simulate(detector, keys('1234567890', 1000, 1)).scans).toEqual(['1234567890']);
  });

  it('does not take non-ASCII bursts as scans', () => {
    expect(simulate(createWedgeDetector<number>(), keys('éééé', 0, 2))).toEqual({
      typed: 'éééé<Enter>',
      scans: [],
    });
  });

  it('uses the configured gap, stall and terminators', () => {
    const detector = createWedgeDetector<number>({
      maxGapMs: 80,
      maxStallMs: 0,
      terminators: ['Tab'],
    });
    expect(simulate(detector, keys('ABCD', 0, 80, false)).typed).toBe('ABCD');
    expect(detector.push({ key: 'Tab', time: 320 }, 4)).toEqual({
      kind: 'scan',
      code: 'ABCD',
      notes: [0, 1, 2, 3],
    });
    // Enter is no longer a terminator: a named key that passes through.
    expect(simulate(detector, keys('ABCD', 1000, 5)).typed).toBe('ABCD<Enter>');
    // No stall is longer than the stride: 81 ms breaks the burst.
    expect(simulate(detector, keys('ABCD', 2000, 81, false)).typed).toBe('ABCD');
    expect(detector.push({ key: 'Tab', time: 2000 + 4 * 81 }, 0)).toEqual({ kind: 'pass' });
    const stalls = createWedgeDetector<number>({ maxStallMs: 200 });
    const late = [...keys('541', 0, 2, false), ...keys('2006060103', 4 + 150, 2)];
    expect(simulate(stalls, late).scans).toEqual([EAN]);
  });

  it('treats a clock going backwards as a break', () => {
    const events = [...keys('1234', 100, 2, false), ...keys('5678', 50, 2)];
    expect(simulate(createWedgeDetector<number>(), events)).toEqual({
      typed: '1234',
      scans: ['5678'],
    });
  });

  it('forgets the burst on reset', () => {
    const detector = createWedgeDetector<number>();
    simulate(detector, keys('12345', 0, 1, false));
    detector.reset();
    expect(detector.push({ key: 'Enter', time: 6 }, 5)).toEqual({ kind: 'pass' });
    // And its stalls: a fresh burst may stall again.
    simulate(detector, [...keys('12', 10, 2, false), ...keys('34', 60, 2, false)]);
    detector.reset();
    const again = [...keys('12', 200, 2, false), ...keys('34', 250, 2, false)];
    simulate(detector, again);
    expect(detector.push({ key: 'Enter', time: 254 }, 0)).toMatchObject({
      kind: 'scan',
      code: '1234',
    });
  });

  it('refuses nonsense options, naming them, and takes 0', () => {
    for (const name of ['maxGapMs', 'maxStallMs', 'maxStalls', 'minLength', 'maxLength'] as const) {
      expect(() => createWedgeDetector<number>({ [name]: -1 })).toThrow(
        `Keyboard wedge option ${name} must be a non-negative number`,
      );
      expect(() => createWedgeDetector<number>({ [name]: Number.NaN })).toThrow(RangeError);
      expect(() => createWedgeDetector<number>({ [name]: 0 })).not.toThrow();
    }
    expect(DEFAULT_WEDGE_OPTIONS.maxStallMs).toBe(100);
  });

  it('charges every code of scans typed with random stalls up to 100 ms (seeded)', () => {
    const random = seededRandom(20);
    const detector = createWedgeDetector<number>();
    const codes: string[] = [];
    const events: WedgeKeyEvent[] = [];
    let time = 0;
    for (let scan = 0; scan < 500; scan++) {
      const code = String(Math.floor(random() * 1e12)).padStart(12, '0') + String(scan % 10);
      codes.push(code);
      // Up to two stalls per code, anywhere after its second key (Enter included).
      const stallsAt = new Set([2 + Math.floor(random() * 12), 2 + Math.floor(random() * 12)]);
      [...code, 'Enter'].forEach((key, index) => {
        time += stallsAt.has(index) ? 31 + Math.floor(random() * 70) : Math.floor(random() * 8);
        events.push({ key, time });
      });
      time += 150 + Math.floor(random() * 500);
    }
    expect(simulate(detector, events)).toEqual({ typed: '', scans: codes });
  });
});
