import { describe, expect, it } from 'vitest';
import { createWedgeDetector } from '../../domain/keyboard-wedge';

describe('keyboard wedge options and edges', () => {
  it.each(['maxGapMs', 'minLength', 'maxLength'] as const)(
    'refuses a negative %s, naming it, and takes 0',
    (name) => {
      expect(() => createWedgeDetector({ [name]: -1 })).toThrow(
        `Keyboard wedge option ${name} must be a non-negative number`,
      );
      expect(() => createWedgeDetector({ [name]: 0 })).not.toThrow();
    },
  );

  it('takes keys arriving in the same millisecond as a scan', () => {
    const d = createWedgeDetector();
    for (const key of '5901234123457')
      expect(d.push({ key, time: 100 })).toEqual({ kind: 'pending' });
    expect(d.push({ key: 'Enter', time: 100 })).toEqual({ kind: 'scan', code: '5901234123457' });
  });

  it('holds a character outside the basic plane like any other key', () => {
    const d = createWedgeDetector();
    expect(d.push({ key: '😀', time: 0 })).toEqual({ kind: 'pending' });
    expect(d.hasPending()).toBe(true);
  });

  it('gives held keys back on a late flush as typing that has not reached the field', () => {
    const d = createWedgeDetector();
    d.push({ key: 'a', time: 0 });
    expect(d.flush(1000)).toEqual({
      kind: 'typing',
      keys: [{ key: 'a', time: 0 }],
      passThrough: false,
    });
  });
});
