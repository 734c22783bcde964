/**
 * Tare maths for products sold by weight: which readings of a scale the till accepts, and the
 * net weight it sells. Pure code: integers only, no I/O.
 *
 * Rule of the till (issue 3, Scale): only a stable, positive weight is accepted. The container's
 * tare (from the tare barcode printed on a jar, or typed by the cashier) is subtracted from the
 * gross weight the scale reads, and what is left must be positive too.
 */
import { TillError } from './errors';
import type { Milli } from './money';

/** What a scale reports: grams are thousandths of a kilogram (1.234 kg -> 1234), an integer. */
export interface WeightReading {
  readonly grams: Milli;
  readonly stable: boolean;
}

/** A weight the till may sell: `net` = `gross` - `tare`, all in grams (thousandths of a kg). */
export interface AcceptedWeight {
  readonly gross: Milli;
  readonly tare: Milli;
  readonly net: Milli;
}

/**
 * Accepts a reading as the weight of a line, minus `tareGrams` (0 without a container).
 *
 * Refusals (TillError codes, for the renderer to translate):
 * - `scale.bad_tare`: the tare is not an integer number of grams >= 0;
 * - `scale.bad_weight`: the reading is not an integer number of grams;
 * - `scale.unstable`: the scale is still moving (the customer must wait for it to settle);
 * - `scale.negative`: the scale reads below zero (it must be zeroed);
 * - `scale.empty`: the scale reads zero (nothing on it);
 * - `scale.below_tare`: the gross weight does not exceed the container's tare (the container is
 *   empty, or the wrong tare was scanned).
 */
export function acceptWeight(reading: WeightReading, tareGrams: Milli = 0): AcceptedWeight {
  if (!Number.isSafeInteger(tareGrams) || tareGrams < 0) {
    throw new TillError('scale.bad_tare', `The tare must be a whole number of grams >= 0`, {
      tare: String(tareGrams),
    });
  }
  const gross = reading.grams;
  if (!Number.isSafeInteger(gross)) {
    throw new TillError('scale.bad_weight', 'The scale gave a weight that is not whole grams', {
      grams: String(gross),
    });
  }
  if (!reading.stable) {
    throw new TillError('scale.unstable', 'The weight is not stable yet: wait for the scale', {
      grams: gross,
    });
  }
  if (gross < 0) {
    throw new TillError('scale.negative', 'The scale reads below zero: zero the scale', {
      grams: gross,
    });
  }
  if (gross === 0) {
    throw new TillError('scale.empty', 'The scale reads zero: put the product on the scale', {
      grams: 0,
    });
  }
  const net = gross - tareGrams;
  if (net <= 0) {
    throw new TillError(
      'scale.below_tare',
      `The weight (${gross} g) is not more than the container's tare (${tareGrams} g)`,
      { grams: gross, tare: tareGrams },
    );
  }
  return { gross, tare: tareGrams, net };
}
