import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DAY_MS,
  effectiveSince,
  lowestPriceBefore,
  priceSince,
  type PriceSince,
} from '../../domain/price-history';

const day = (n: number) => new Date(Date.UTC(2026, 11, 1) + n * DAY_MS).toISOString();

describe('lowestPriceBefore', () => {
  it('takes the price in effect when the 30 days opened and every price inside them', () => {
    const history = [
      { price: 199, at: day(-60) }, // ended before the window opened
      { price: 299, at: day(-40) }, // in effect when it opened (day -5 - 30 = day -35)
      { price: 279, at: day(-20) },
      { price: 319, at: day(-10) },
    ];
    expect(lowestPriceBefore(history, day(-5), 319)).toBe(279);
    // The order the rows come in does not matter.
    expect(lowestPriceBefore([...history].reverse(), day(-5), 319)).toBe(279);
  });

  it('leaves out a price that ended exactly when the window opened, and the reduction itself', () => {
    const history = [
      { price: 100, at: day(0) },
      { price: 300, at: day(10) },
      { price: 150, at: day(40) }, // the reduction, taking effect on day 40
    ];
    // Window [day 10, day 40): 100 ended at day 10 exactly, 150 starts at day 40 exactly.
    expect(lowestPriceBefore(history, day(40), 150)).toBe(300);
    // One millisecond earlier the window still holds the last moment of 100.
    const earlier = new Date(Date.parse(day(40)) - 1).toISOString();
    expect(lowestPriceBefore(history, earlier, 150)).toBe(100);
  });

  it('takes another length of window when told', () => {
    const history = [
      { price: 100, at: day(0) },
      { price: 300, at: day(10) },
    ];
    expect(lowestPriceBefore(history, day(15), 300, 5)).toBe(300);
    expect(lowestPriceBefore(history, day(15), 300, 6)).toBe(100);
  });

  it('gives today’s price for a product never repriced, and none before its first price', () => {
    expect(lowestPriceBefore([], day(0), 249)).toBe(249);
    expect(lowestPriceBefore([{ price: 249, at: day(5) }], day(0), 249)).toBeNull();
    expect(lowestPriceBefore([{ price: 249, at: day(5) }], day(5), 249)).toBeNull();
  });

  it('is never above a price in effect at the window’s last moment, and is one of the prices', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ price: fc.nat(10_000), offset: fc.integer({ min: 0, max: 100 }) }), {
          minLength: 1,
        }),
        fc.integer({ min: 1, max: 100 }),
        (entries, end) => {
          const history = entries.map((entry) => ({ price: entry.price, at: day(entry.offset) }));
          const lowest = lowestPriceBefore(history, day(end), 0);
          const started = entries.filter((entry) => entry.offset < end);
          if (started.length === 0) {
            expect(lowest).toBeNull();
            return;
          }
          expect(history.map((entry) => entry.price)).toContain(lowest);
          const lastOffset = Math.max(...started.map((entry) => entry.offset));
          const inEffect = started.filter((entry) => entry.offset === lastOffset);
          expect(lowest).toBeLessThanOrEqual(Math.max(...inEffect.map((entry) => entry.price)));
        },
      ),
    );
  });
});

describe('priceSince', () => {
  it('is when today’s price took effect: the first of its last run of entries', () => {
    const history = [
      { price: 349, at: day(0) },
      { price: 299, at: day(10) },
      { price: 349, at: day(20) },
      { price: 349, at: day(25) },
    ];
    expect(priceSince(history, 349)).toBe(day(20));
    expect(priceSince([...history].reverse(), 349)).toBe(day(20));
    expect(priceSince([{ price: 349, at: day(3) }], 349)).toBe(day(3));
    expect(priceSince(history.slice(0, 2), 299)).toBe(day(10));
  });

  it('is unknown when the history does not end at today’s price', () => {
    expect(priceSince([], 349)).toBeNull();
    expect(priceSince([{ price: 299, at: day(0) }], 349)).toBeNull();
  });
});

/** What a shelf label announces a reduction against: the 30 days before today's price began. */
const lowestPriorPrice = (history: readonly PriceSince[], current: number) => {
  const since = priceSince(history, current);
  return since === null ? null : lowestPriceBefore(history, since, current);
};

describe('lowestPriceBefore today’s price took effect', () => {
  it('is the lowest price of the 30 days before today’s price took effect', () => {
    // 3,49 € since day 0, 2,49 € from day 20 to 25, 3,49 € again, then 2,99 € from day 40.
    const history = [
      { price: 349, at: day(0) },
      { price: 249, at: day(20) },
      { price: 349, at: day(25) },
      { price: 299, at: day(40) },
    ];
    expect(lowestPriorPrice(history, 299)).toBe(249);
    // In any order.
    expect(lowestPriorPrice([...history].reverse(), 299)).toBe(249);
  });

  it('counts the price in force when the 30 days began, not those ended before', () => {
    const history = [
      { price: 199, at: day(0) },
      { price: 349, at: day(5) },
      { price: 399, at: day(15) },
      { price: 299, at: day(40) },
    ];
    // The 30 days began on day 10, at 3,49 €; the 1,99 € of day 0 ended before.
    expect(lowestPriorPrice(history, 299)).toBe(349);
    // A price that took effect exactly when the 30 days began is the one in force then.
    expect(
      lowestPriorPrice(
        [
          { price: 199, at: day(0) },
          { price: 349, at: day(10) },
          { price: 299, at: day(40) },
        ],
        299,
      ),
    ).toBe(349);
    // One millisecond later, the 1,99 € was still in force when the 30 days began.
    expect(
      lowestPriorPrice(
        [
          { price: 199, at: day(0) },
          { price: 349, at: new Date(Date.parse(day(10)) + 1).toISOString() },
          { price: 299, at: day(40) },
        ],
        299,
      ),
    ).toBe(199);
  });

  it('starts today’s price at the first of its last run of entries', () => {
    const history = [
      { price: 349, at: day(0) },
      { price: 299, at: day(40) },
      { price: 299, at: day(50) },
    ];
    // The 30 days are those before day 40, not day 50.
    expect(lowestPriorPrice(history, 299)).toBe(349);
  });

  it('knows nothing when the history does not end at today’s price or has nothing before it', () => {
    expect(lowestPriorPrice([], 299)).toBeNull();
    expect(lowestPriorPrice([{ price: 299, at: day(0) }], 299)).toBeNull();
    expect(lowestPriorPrice([{ price: 349, at: day(0) }], 299)).toBeNull();
    expect(
      lowestPriorPrice(
        [
          { price: 299, at: day(0) },
          { price: 299, at: day(9) },
        ],
        299,
      ),
    ).toBeNull();
  });
});

describe('effectiveSince', () => {
  it('starts a day at midnight in the coop’s time zone, summer or winter', () => {
    expect(effectiveSince('2026-12-14', 'Europe/Brussels')).toBe(
      Date.parse('2026-12-13T23:00:00.000Z'),
    );
    expect(effectiveSince('2026-07-01', 'Europe/Brussels')).toBe(
      Date.parse('2026-06-30T22:00:00.000Z'),
    );
    expect(effectiveSince('2026-12-14', 'UTC')).toBe(Date.parse('2026-12-14T00:00:00.000Z'));
  });

  it('takes a date and time at its instant, whatever the zone', () => {
    expect(effectiveSince('2026-12-16T09:30:00+01:00', 'Europe/Brussels')).toBe(
      Date.parse('2026-12-16T08:30:00.000Z'),
    );
    expect(effectiveSince('2026-12-16T08:30:00.000Z', 'America/New_York')).toBe(
      Date.parse('2026-12-16T08:30:00.000Z'),
    );
  });

  it('is none when it names neither a day nor an instant', () => {
    expect(effectiveSince('next week', 'Europe/Brussels')).toBeNull();
    expect(effectiveSince('2026-02-30', 'Europe/Brussels')).toBeNull();
    expect(effectiveSince('', 'Europe/Brussels')).toBeNull();
    expect(effectiveSince('2026-12-16T25:00:00Z', 'Europe/Brussels')).toBeNull();
    expect(effectiveSince('on 2026-12-16T08:00:00Z', 'Europe/Brussels')).toBeNull();
  });
});
