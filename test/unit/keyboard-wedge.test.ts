import { describe, expect, it } from 'vitest';
import {
  createWedgeDetector,
  looksLikeBarcode,
  type WedgeDetector,
  type WedgeKeyEvent,
  type WedgeResult,
} from '../../domain/keyboard-wedge';

/** Keys of `text` from `start`, `step` ms apart, then Enter `step` ms after the last. */
function keys(text: string, start: number, step: number, enter = true): WedgeKeyEvent[] {
  const events = [...text].map((key, i) => ({ key, time: start + i * step }));
  if (enter) events.push({ key: 'Enter', time: start + text.length * step });
  return events;
}

function pushAll(detector: WedgeDetector, events: WedgeKeyEvent[]): WedgeResult[] {
  return events.map((event) => detector.push(event));
}

/**
 * What reaches the focused field, as the renderer would do it: replayed keys, then the current
 * key when it passes through; scans go aside.
 */
function simulate(detector: WedgeDetector, events: WedgeKeyEvent[], flushAt?: number) {
  let typed = '';
  const scans: string[] = [];
  const apply = (result: WedgeResult, current?: WedgeKeyEvent) => {
    if (result.kind === 'scan') scans.push(result.code);
    if (result.kind === 'typing') {
      for (const key of result.keys) typed += key.key;
      if (result.passThrough && current)
        typed += current.key.length === 1 ? current.key : `<${current.key}>`;
    }
  };
  for (const event of events) apply(detector.push(event), event);
  if (flushAt !== undefined) apply(detector.flush(flushAt));
  return { typed, scans };
}

describe('looksLikeBarcode', () => {
  it('accepts 1 to 64 printable ASCII characters', () => {
    expect(looksLikeBarcode('5449000000996')).toBe(true);
    expect(looksLikeBarcode('A')).toBe(true);
    expect(looksLikeBarcode('CODE 39-$/+%')).toBe(true);
    expect(looksLikeBarcode('~'.repeat(64))).toBe(true);
  });

  it('refuses empty, too long, control characters and non-ASCII', () => {
    expect(looksLikeBarcode('')).toBe(false);
    expect(looksLikeBarcode('1'.repeat(65))).toBe(false);
    expect(looksLikeBarcode('123\r')).toBe(false);
    expect(looksLikeBarcode('12\x003')).toBe(false);
    expect(looksLikeBarcode('12\x7f3')).toBe(false);
    expect(looksLikeBarcode('café')).toBe(false);
    expect(looksLikeBarcode('€100')).toBe(false);
  });
});

describe('keyboard wedge detector', () => {
  it('reads a fast burst ended by Enter as a scan, swallowing its keys', () => {
    const detector = createWedgeDetector();
    const results = pushAll(detector, keys('5449000000996', 1000, 8));
    expect(results.slice(0, -1).every((r) => r.kind === 'pending')).toBe(true);
    expect(results.at(-1)).toEqual({ kind: 'scan', code: '5449000000996' });
    expect(detector.hasPending()).toBe(false);
  });

  it('takes keys exactly at the gap as fast, and one over it as slow', () => {
    const atGap = createWedgeDetector({ maxGapMs: 30 });
    expect(pushAll(atGap, keys('1234', 0, 30)).at(-1)).toEqual({ kind: 'scan', code: '1234' });

    const overGap = createWedgeDetector({ maxGapMs: 30 });
    const { typed, scans } = simulate(overGap, keys('1234', 0, 31));
    expect(scans).toEqual([]);
    expect(typed).toBe('1234<Enter>');
  });

  it('passes slow typing through, in order, Enter included', () => {
    const detector = createWedgeDetector();
    const { typed, scans } = simulate(detector, keys('hello', 0, 120));
    expect(scans).toEqual([]);
    expect(typed).toBe('hello<Enter>');
  });

  it('releases each slow key when the next one comes, or when flushed', () => {
    const detector = createWedgeDetector();
    expect(detector.push({ key: 'a', time: 0 })).toEqual({ kind: 'pending' });
    expect(detector.hasPending()).toBe(true);
    // Still within the gap: nothing to release yet.
    expect(detector.flush(20)).toEqual({ kind: 'pending' });
    expect(detector.push({ key: 'b', time: 200 })).toEqual({
      kind: 'typing',
      keys: [{ key: 'a', time: 0 }],
      passThrough: false,
    });
    expect(detector.flush(231)).toEqual({
      kind: 'typing',
      keys: [{ key: 'b', time: 200 }],
      passThrough: false,
    });
    expect(detector.hasPending()).toBe(false);
    expect(detector.flush(1000)).toEqual({ kind: 'typing', keys: [], passThrough: false });
  });

  it('refuses a fast burst shorter than the minimum as a scan', () => {
    const detector = createWedgeDetector({ minLength: 4 });
    const { typed, scans } = simulate(detector, keys('123', 0, 5));
    expect(scans).toEqual([]);
    expect(typed).toBe('123<Enter>');
    const longer = createWedgeDetector({ minLength: 2 });
    expect(simulate(longer, keys('12', 0, 5)).scans).toEqual(['12']);
  });

  it('tells a scan from the typing around it', () => {
    const detector = createWedgeDetector();
    const events = [
      ...keys('qty', 0, 150, false),
      ...keys('40063813', 2000, 4),
      ...keys('ok', 3000, 200, false),
    ];
    const { typed, scans } = simulate(detector, events, 4000);
    expect(scans).toEqual(['40063813']);
    expect(typed).toBe('qtyok');
  });

  it('does not join a typed key to a scan that follows it closely', () => {
    // A person types "7" then a scan starts 100 ms later: "7" is typing.
    const detector = createWedgeDetector();
    const { typed, scans } = simulate(detector, [
      { key: '7', time: 0 },
      ...keys('5449000000996', 100, 6),
    ]);
    expect(typed).toBe('7');
    expect(scans).toEqual(['5449000000996']);
  });

  it('ends the burst at a slow Enter: the keys were typing', () => {
    const detector = createWedgeDetector();
    const events = keys('12345678', 0, 5, false);
    events.push({ key: 'Enter', time: 35 + 100 });
    const { typed, scans } = simulate(detector, events);
    expect(scans).toEqual([]);
    expect(typed).toBe('12345678<Enter>');
  });

  it('lets Shift pass within a burst (upper-case letters from a scanner)', () => {
    const detector = createWedgeDetector();
    const events: WedgeKeyEvent[] = [
      { key: 'Shift', time: 0 },
      { key: 'A', time: 2 },
      { key: 'Shift', time: 4 },
      { key: 'B', time: 6 },
      { key: '1', time: 8 },
      { key: '2', time: 10 },
      { key: 'Enter', time: 12 },
    ];
    const results = pushAll(detector, events);
    // The first Shift, with nothing held, goes to the page as usual.
    expect(results[0]).toEqual({ kind: 'typing', keys: [], passThrough: true });
    expect(results.at(-1)).toEqual({ kind: 'scan', code: 'AB12' });
  });

  it('releases held keys before a named key such as Backspace, which passes through', () => {
    const detector = createWedgeDetector();
    detector.push({ key: 'a', time: 0 });
    detector.push({ key: 'b', time: 5 });
    expect(detector.push({ key: 'Backspace', time: 10 })).toEqual({
      kind: 'typing',
      keys: [
        { key: 'a', time: 0 },
        { key: 'b', time: 5 },
      ],
      passThrough: true,
    });
    expect(detector.hasPending()).toBe(false);
  });

  it('releases a burst longer than a barcode as typing (a paste, a stuck key)', () => {
    const detector = createWedgeDetector({ maxLength: 10 });
    const { typed, scans } = simulate(detector, keys('x'.repeat(15), 0, 1));
    expect(scans).toEqual([]);
    expect(typed).toBe(`${'x'.repeat(15)}<Enter>`);
    // After a pause, scans are read again.
    expect(simulate(detector, keys('12345678', 1000, 5)).scans).toEqual(['12345678']);
  });

  it('does not take non-ASCII bursts as scans', () => {
    const detector = createWedgeDetector();
    const { typed, scans } = simulate(detector, keys('éééé', 0, 2));
    expect(scans).toEqual([]);
    expect(typed).toBe('éééé<Enter>');
  });

  it('uses the configured gap and terminators', () => {
    const detector = createWedgeDetector({ maxGapMs: 80, terminators: ['Tab'] });
    expect(pushAll(detector, keys('ABCD', 0, 70, false)).at(-1)).toEqual({ kind: 'pending' });
    expect(detector.push({ key: 'Tab', time: 280 })).toEqual({ kind: 'scan', code: 'ABCD' });
    // Enter is no longer a terminator: a named key that passes through.
    expect(simulate(detector, keys('ABCD', 1000, 5)).typed).toBe('ABCD<Enter>');
  });

  it('treats a clock going backwards as slow', () => {
    const detector = createWedgeDetector();
    detector.push({ key: '1', time: 100 });
    detector.push({ key: '2', time: 105 });
    expect(detector.push({ key: '3', time: 50 })).toEqual({
      kind: 'typing',
      keys: [
        { key: '1', time: 100 },
        { key: '2', time: 105 },
      ],
      passThrough: false,
    });
  });

  it('forgets held keys on reset', () => {
    const detector = createWedgeDetector();
    detector.push({ key: '1', time: 0 });
    detector.push({ key: '2', time: 1 });
    expect(detector.reset().map((k) => k.key)).toEqual(['1', '2']);
    expect(detector.hasPending()).toBe(false);
    expect(detector.push({ key: 'Enter', time: 2 })).toEqual({
      kind: 'typing',
      keys: [],
      passThrough: true,
    });
  });

  it('refuses nonsense options', () => {
    expect(() => createWedgeDetector({ maxGapMs: -1 })).toThrow(RangeError);
    expect(() => createWedgeDetector({ minLength: Number.NaN })).toThrow(RangeError);
  });
});
