import { describe, expect, it } from 'vitest';
import { acceptWeight, type WeightReading } from '../../domain/tare';
import { isTillError, type TillError } from '../../domain/errors';

function refusal(reading: WeightReading, tare?: number): TillError {
  try {
    acceptWeight(reading, tare);
  } catch (error) {
    if (isTillError(error)) return error;
    throw error;
  }
  throw new Error('expected a TillError, nothing was thrown');
}

describe('a weight refused, in words the cashier can act on', () => {
  it.each([
    [
      { grams: 500, stable: true },
      -1,
      'scale.bad_tare',
      'The tare must be a whole number of grams >= 0',
      { tare: '-1' },
    ],
    [
      { grams: 500.5, stable: true },
      0,
      'scale.bad_weight',
      'The scale gave a weight that is not whole grams',
      { grams: '500.5' },
    ],
    [
      { grams: 500, stable: false },
      0,
      'scale.unstable',
      'The weight is not stable yet: wait for the scale',
      { grams: 500 },
    ],
    [
      { grams: -20, stable: true },
      0,
      'scale.negative',
      'The scale reads below zero: zero the scale',
      { grams: -20 },
    ],
    [
      { grams: 0, stable: true },
      0,
      'scale.empty',
      'The scale reads zero: put the product on the scale',
      { grams: 0 },
    ],
  ])('refuses %j with tare %d as %s', (reading, tare, code, message, details) => {
    expect(refusal(reading, tare)).toMatchObject({ code, message, details });
  });
});
