import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_TOLERANCE,
  counterCounts,
  countsAgree,
  lineOutcome,
  mergedVariance,
  revision,
  valueAtCost,
  variance,
  type CountAgainstLedger,
} from '../../domain/inventory';

const count = (counted: number, expected: number): CountAgainstLedger => ({ counted, expected });

describe('counterCounts', () => {
  it('adds up each counter’s scans, as of their last scan, in the order counters first scanned', () => {
    expect(
      counterCounts([
        { counter: 'ana', quantity: 6000, at: '2026-12-07T10:00:00.000Z' },
        { counter: 'bob', quantity: 9000, at: '2026-12-07T10:05:00.000Z' },
        { counter: 'ana', quantity: 4000, at: '2026-12-07T10:02:00.000Z' },
        { counter: 'ana', quantity: 0, at: '2026-12-07T10:01:00.000Z' },
      ]),
    ).toEqual([
      { counter: 'ana', counted: 10_000, at: '2026-12-07T10:02:00.000Z' },
      { counter: 'bob', counted: 9000, at: '2026-12-07T10:05:00.000Z' },
    ]);
    expect(counterCounts([])).toEqual([]);
  });

  it('keeps a counter’s later time whatever order the scans arrive in', () => {
    expect(
      counterCounts([
        { counter: 'ana', quantity: 1000, at: '2026-12-07T10:09:00.000Z' },
        { counter: 'ana', quantity: 1000, at: '2026-12-07T10:03:00.000Z' },
      ]),
    ).toEqual([{ counter: 'ana', counted: 2000, at: '2026-12-07T10:09:00.000Z' }]);
  });
});

describe('variance and countsAgree', () => {
  it('is what was counted less what the ledger held at the count’s time', () => {
    expect(variance(count(9000, 10_000))).toBe(-1000);
    expect(variance(count(12_000, 10_000))).toBe(2000);
  });

  it('lets counters differ by one unit, or by 5 % of the largest count, and no more', () => {
    const tol = DEFAULT_TOLERANCE;
    expect(countsAgree([], tol)).toBe(true);
    expect(countsAgree([count(3000, 10_000)], tol)).toBe(true);
    expect(countsAgree([count(10_000, 10_000), count(11_000, 10_000)], tol)).toBe(true);
    expect(countsAgree([count(10_000, 10_000), count(11_001, 10_000)], tol)).toBe(false);
    // 5 % of 40 units is 2 units: more than one unit.
    expect(countsAgree([count(40_000, 40_000), count(38_000, 40_000)], tol)).toBe(true);
    expect(countsAgree([count(40_000, 40_000), count(37_999, 40_000)], tol)).toBe(false);
    // The share is of the largest count, whichever counter holds it.
    expect(countsAgree([count(37_999, 40_000), count(40_000, 40_000)], tol)).toBe(false);
    expect(countsAgree([count(20_000, 20_000), count(21_000, 20_000)], tol)).toBe(true);
    expect(countsAgree([count(20_000, 20_000), count(22_000, 20_000)], tol)).toBe(false);
  });

  it('compares variances: a sale between two counters’ scans is not a disagreement', () => {
    // Ana counted 10 at 10:00; 3 were sold at 10:10; Bob counted 7 at 10:20.
    expect(countsAgree([count(10_000, 10_000), count(7000, 7000)], DEFAULT_TOLERANCE)).toBe(true);
    expect(countsAgree([count(10_000, 10_000), count(7000, 10_000)], DEFAULT_TOLERANCE)).toBe(
      false,
    );
  });

  it('rounds the share half up and honours a tolerance of other units and share', () => {
    // 5 % of 10.01 kg is 500.5 g -> 501 g.
    const byShare = { units: 0, basisPoints: 500 };
    expect(countsAgree([count(10_010, 0), count(9509, 0)], byShare)).toBe(true);
    expect(countsAgree([count(10_010, 0), count(9508, 0)], byShare)).toBe(false);
    const byUnits = { units: 3000, basisPoints: 0 };
    expect(countsAgree([count(100_000, 0), count(97_000, 0)], byUnits)).toBe(true);
    expect(countsAgree([count(100_000, 0), count(96_999, 0)], byUnits)).toBe(false);
  });
});

describe('mergedVariance', () => {
  it('takes the median, the lower middle one of an even number', () => {
    expect(mergedVariance([count(5000, 6000)])).toBe(-1000);
    expect(mergedVariance([count(6000, 6000), count(5000, 6000)])).toBe(-1000);
    expect(mergedVariance([count(7000, 6000), count(6000, 6000)])).toBe(0);
    expect(mergedVariance([count(9000, 6000), count(1000, 6000), count(6000, 6000)])).toBe(0);
    expect(mergedVariance([count(9000, 0), count(1000, 0), count(6000, 0), count(2000, 0)])).toBe(
      2000,
    );
  });

  it('refuses to merge nothing', () => {
    expect(() => mergedVariance([])).toThrow('A merged variance needs at least one count');
  });
});

describe('lineOutcome', () => {
  it('is uncounted with no count, counted when the counters agree', () => {
    expect(lineOutcome([], [])).toEqual({ status: 'uncounted', variance: null });
    expect(lineOutcome([count(8000, 10_000)], [])).toEqual({ status: 'counted', variance: -2000 });
    expect(lineOutcome([count(8000, 10_000), count(9000, 10_000)], [])).toEqual({
      status: 'counted',
      variance: -2000,
    });
  });

  it('sends a disagreement to a recount, whose counts then replace the first pass’s', () => {
    const first = [count(8000, 10_000), count(12_000, 10_000)];
    expect(lineOutcome(first, [])).toEqual({ status: 'recount', variance: null });
    expect(lineOutcome(first, [count(11_000, 10_000)])).toEqual({
      status: 'recounted',
      variance: 1000,
    });
    expect(lineOutcome(first, [count(11_000, 10_000), count(5000, 10_000)])).toEqual({
      status: 'recount',
      variance: null,
    });
    expect(lineOutcome([], [count(3000, 1000)], { units: 0, basisPoints: 0 })).toEqual({
      status: 'recounted',
      variance: 2000,
    });
  });
});

describe('valueAtCost and revision', () => {
  it('values thousandths at a cost per unit to the cent, half away from zero', () => {
    expect(valueAtCost(3000, 125)).toBe(375);
    expect(valueAtCost(-3000, 125)).toBe(-375);
    expect(valueAtCost(1500, 3)).toBe(5); // 4.5 -> 5
    expect(valueAtCost(-1500, 3)).toBe(-5);
    expect(valueAtCost(250, 1999)).toBe(500); // 499.75 -> 500
    expect(valueAtCost(0, 999)).toBe(0);
  });

  it('appends the new adjustment less what is booked', () => {
    expect(revision(-1000, -3000)).toBe(2000);
    expect(revision(-3000, -3000)).toBe(0);
    expect(revision(500, 0)).toBe(500);
  });
});

const counts = fc.array(
  fc.record({
    counted: fc.integer({ min: 0, max: 1_000_000 }),
    expected: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  }),
  { minLength: 1, maxLength: 8 },
);

describe('properties', () => {
  it('a merged variance is one of the counts’ own, between the smallest and the largest', () => {
    fc.assert(
      fc.property(counts, (cs) => {
        const merged = mergedVariance(cs);
        const vs = cs.map(variance);
        expect(vs).toContain(merged);
        expect(merged).toBeGreaterThanOrEqual(Math.min(...vs));
        expect(merged).toBeLessThanOrEqual(Math.max(...vs));
      }),
    );
  });

  it('neither agreement nor the merge depends on the order the counters came in', () => {
    fc.assert(
      fc.property(counts, fc.integer(), (cs, seed) => {
        const shuffled = [...cs].sort(
          (a, b) => ((a.counted ^ seed) % 7) - ((b.counted ^ seed) % 7),
        );
        expect(mergedVariance(shuffled)).toBe(mergedVariance(cs));
        expect(countsAgree(shuffled, DEFAULT_TOLERANCE)).toBe(countsAgree(cs, DEFAULT_TOLERANCE));
      }),
    );
  });

  it('a sale made before every count but synced after moves the adjustment by exactly itself', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 100_000 }), (cs, sold) => {
        const before = lineOutcome(cs, []);
        // The late sale lowers the ledger's level at every count's time.
        const after = lineOutcome(
          cs.map((c) => ({ ...c, expected: c.expected - sold })),
          [],
        );
        expect(after.status).toBe(before.status);
        if (before.variance !== null) {
          expect(after.variance).toBe(before.variance + sold);
          expect(revision(after.variance as number, before.variance)).toBe(sold);
        }
      }),
    );
  });

  it('counters who counted the same never go to a recount', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 8 }), (cs, counters) => {
        const [one] = cs as [CountAgainstLedger];
        const same = Array.from({ length: counters }, () => ({ ...one }));
        expect(lineOutcome(same, []).status).toBe('counted');
      }),
    );
  });
});
