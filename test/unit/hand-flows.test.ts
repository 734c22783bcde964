import { describe, expect, it } from 'vitest';
import {
  compareReception,
  parseTypedQuantity,
  receptionDifferences,
  tallyCounts,
  type CountScan,
} from '../../domain/hand-flows';

describe('parseTypedQuantity', () => {
  it('reads whole pieces and weights with a comma or a point, in thousandths', () => {
    expect(parseTypedQuantity('3', 'piece')).toEqual({ kind: 'ok', quantity: 3000 });
    expect(parseTypedQuantity(' 12 ', 'piece')).toEqual({ kind: 'ok', quantity: 12_000 });
    expect(parseTypedQuantity('1,5', 'kg')).toEqual({ kind: 'ok', quantity: 1500 });
    expect(parseTypedQuantity('0.250', 'kg')).toEqual({ kind: 'ok', quantity: 250 });
    expect(parseTypedQuantity('0,001', 'kg')).toEqual({ kind: 'ok', quantity: 1 });
  });

  it('refuses what is not a number, nothing, zero and negatives', () => {
    for (const text of ['', 'abc', '1,2345', '1.2.3', '-2']) {
      expect(parseTypedQuantity(text, 'piece')).toEqual({ kind: 'error', reason: 'format' });
    }
    expect(parseTypedQuantity('0', 'piece')).toEqual({ kind: 'error', reason: 'zero' });
    expect(parseTypedQuantity('0,000', 'kg')).toEqual({ kind: 'error', reason: 'zero' });
  });

  it('refuses a fraction of a piece but not of a kilo', () => {
    expect(parseTypedQuantity('1,5', 'piece')).toEqual({ kind: 'error', reason: 'fraction' });
    expect(parseTypedQuantity('0,001', 'piece')).toEqual({ kind: 'error', reason: 'fraction' });
    expect(parseTypedQuantity('2,000', 'piece')).toEqual({ kind: 'ok', quantity: 2000 });
  });

  it('takes at most 10,000 units at once', () => {
    expect(parseTypedQuantity('10000', 'piece')).toEqual({ kind: 'ok', quantity: 10_000_000 });
    expect(parseTypedQuantity('10000,001', 'kg')).toEqual({ kind: 'error', reason: 'tooMuch' });
    expect(parseTypedQuantity('10001', 'piece')).toEqual({ kind: 'error', reason: 'tooMuch' });
  });
});

describe('compareReception', () => {
  const ordered = [
    { productId: 1, outstanding: 10_000 },
    { productId: 2, outstanding: 6000 },
    { productId: 3, outstanding: 4000 },
    { productId: 4, outstanding: 2000 },
  ];

  it('says ok, short, over and missing per ordered line, scans of a product adding up', () => {
    expect(
      compareReception(ordered, [
        { productId: 1, quantity: 4000 },
        { productId: 2, quantity: 1000 },
        { productId: 1, quantity: 6000 },
        { productId: 2, quantity: 4000 },
        { productId: 3, quantity: 5000 },
      ]),
    ).toEqual([
      {
        productId: 1,
        ordered: 10_000,
        received: 10_000,
        outcome: 'ok',
        substitutes: null,
        replaced: 0,
      },
      {
        productId: 2,
        ordered: 6000,
        received: 5000,
        outcome: 'short',
        substitutes: null,
        replaced: 0,
      },
      {
        productId: 3,
        ordered: 4000,
        received: 5000,
        outcome: 'over',
        substitutes: null,
        replaced: 0,
      },
      {
        productId: 4,
        ordered: 2000,
        received: 0,
        outcome: 'missing',
        substitutes: null,
        replaced: 0,
      },
    ]);
  });

  it('counts a line scanned at zero as missing, and one off by a thousandth as short or over', () => {
    const lines = compareReception(
      [
        { productId: 1, outstanding: 1000 },
        { productId: 2, outstanding: 1000 },
        { productId: 3, outstanding: 1000 },
      ],
      [
        { productId: 1, quantity: 0 },
        { productId: 2, quantity: 999 },
        { productId: 3, quantity: 1001 },
      ],
    );
    expect(lines.map((line) => line.outcome)).toEqual(['missing', 'short', 'over']);
  });

  it('lists what nobody ordered after the order, unexpected, in the order first scanned', () => {
    const lines = compareReception(ordered.slice(0, 1), [
      { productId: 9, quantity: 1000 },
      { productId: 1, quantity: 10_000 },
      { productId: 7, quantity: 2000 },
      { productId: 9, quantity: 1000 },
    ]);
    expect(lines).toEqual([
      {
        productId: 1,
        ordered: 10_000,
        received: 10_000,
        outcome: 'ok',
        substitutes: null,
        replaced: 0,
      },
      {
        productId: 9,
        ordered: 0,
        received: 2000,
        outcome: 'unexpected',
        substitutes: null,
        replaced: 0,
      },
      {
        productId: 7,
        ordered: 0,
        received: 2000,
        outcome: 'unexpected',
        substitutes: null,
        replaced: 0,
      },
    ]);
  });

  it('takes all that came as ok when there is no order', () => {
    expect(compareReception([], [{ productId: 9, quantity: 3000 }], false)).toEqual([
      { productId: 9, ordered: 0, received: 3000, outcome: 'ok', substitutes: null, replaced: 0 },
    ]);
  });

  it('marks a substitute and the ordered product it replaces, the last one named holding', () => {
    const lines = compareReception(ordered.slice(0, 2), [
      { productId: 8, quantity: 3000, substitutes: 1 },
      { productId: 8, quantity: 3000, substitutes: 2 },
      { productId: 1, quantity: 10_000 },
    ]);
    expect(lines).toEqual([
      {
        productId: 1,
        ordered: 10_000,
        received: 10_000,
        outcome: 'ok',
        substitutes: null,
        replaced: 0,
      },
      {
        productId: 2,
        ordered: 6000,
        received: 0,
        outcome: 'substituted',
        substitutes: null,
        replaced: 6000,
      },
      {
        productId: 8,
        ordered: 0,
        received: 6000,
        outcome: 'substituted',
        substitutes: 2,
        replaced: 0,
      },
    ]);
  });

  it('settles an ordered line only for what its substitute brought: the rest is short', () => {
    const lines = compareReception(ordered.slice(0, 1), [
      { productId: 8, quantity: 3000, substitutes: 1 },
      { productId: 8, quantity: 1000 },
    ]);
    expect(lines).toEqual([
      {
        productId: 1,
        ordered: 10_000,
        received: 0,
        outcome: 'short',
        substitutes: null,
        replaced: 4000,
      },
      {
        productId: 8,
        ordered: 0,
        received: 4000,
        outcome: 'substituted',
        substitutes: 1,
        replaced: 0,
      },
    ]);
  });

  it('adds up several substitutes for one line, and counts no more than was due', () => {
    const lines = compareReception(ordered.slice(0, 1), [
      { productId: 8, quantity: 9000, substitutes: 1 },
      { productId: 7, quantity: 999, substitutes: 1 },
    ]);
    expect(lines.map((line) => [line.productId, line.outcome, line.replaced])).toEqual([
      [1, 'short', 9999],
      [8, 'substituted', 0],
      [7, 'substituted', 0],
    ]);
    const more = compareReception(ordered.slice(0, 1), [
      { productId: 8, quantity: 9000, substitutes: 1 },
      { productId: 7, quantity: 1001, substitutes: 1 },
    ]);
    expect(more.map((line) => [line.productId, line.outcome, line.replaced])).toEqual([
      [1, 'substituted', 10_000],
      [8, 'substituted', 0],
      [7, 'substituted', 0],
    ]);
  });

  it('counts the ordered product itself first, then its substitute for the rest', () => {
    const settled = compareReception(ordered.slice(0, 1), [
      { productId: 1, quantity: 4000 },
      { productId: 8, quantity: 6000, substitutes: 1 },
    ]);
    expect(
      settled.map((line) => [line.productId, line.outcome, line.received, line.replaced]),
    ).toEqual([
      [1, 'substituted', 4000, 6000],
      [8, 'substituted', 6000, 0],
    ]);
    const short = compareReception(ordered.slice(0, 1), [
      { productId: 1, quantity: 4000 },
      { productId: 8, quantity: 5000, substitutes: 1 },
    ]);
    expect(short.map((line) => [line.outcome, line.replaced])).toEqual([
      ['short', 5000],
      ['substituted', 0],
    ]);
  });

  it('leaves an ordered line that came in full or more as it came, its substitute aside', () => {
    const lines = compareReception(ordered.slice(0, 2), [
      { productId: 1, quantity: 10_000 },
      { productId: 2, quantity: 7000 },
      { productId: 8, quantity: 2000, substitutes: 1 },
      { productId: 9, quantity: 2000, substitutes: 2 },
    ]);
    expect(lines.map((line) => [line.productId, line.outcome, line.replaced])).toEqual([
      [1, 'ok', 0],
      [2, 'over', 0],
      [8, 'substituted', 0],
      [9, 'substituted', 0],
    ]);
  });

  it('calls a line whose substitute came at zero missing', () => {
    const lines = compareReception(ordered.slice(0, 1), [
      { productId: 8, quantity: 0, substitutes: 1 },
    ]);
    expect(lines.map((line) => [line.productId, line.outcome, line.replaced])).toEqual([
      [1, 'missing', 0],
      [8, 'substituted', 0],
    ]);
  });

  it('ignores a substitute for a product the order does not hold', () => {
    const lines = compareReception(ordered.slice(0, 1), [
      { productId: 8, quantity: 1000, substitutes: 5 },
    ]);
    expect(lines).toEqual([
      {
        productId: 1,
        ordered: 10_000,
        received: 0,
        outcome: 'missing',
        substitutes: null,
        replaced: 0,
      },
      {
        productId: 8,
        ordered: 0,
        received: 1000,
        outcome: 'unexpected',
        substitutes: null,
        replaced: 0,
      },
    ]);
  });

  it('does not call an ordered product that came a substitute, even when it names another', () => {
    const lines = compareReception(ordered.slice(0, 2), [
      { productId: 1, quantity: 10_000 },
      { productId: 2, quantity: 6000, substitutes: 1 },
    ]);
    expect(lines.map((line) => line.outcome)).toEqual(['ok', 'ok']);
    // Nor does what it brought settle the line it named.
    const short = compareReception(ordered.slice(0, 2), [
      { productId: 1, quantity: 4000 },
      { productId: 2, quantity: 6000, substitutes: 1 },
    ]);
    expect(short.map((line) => [line.outcome, line.replaced])).toEqual([
      ['short', 0],
      ['ok', 0],
    ]);
  });
});

describe('receptionDifferences', () => {
  it('keeps every line that is not ok', () => {
    const lines = compareReception(
      [
        { productId: 1, outstanding: 1000 },
        { productId: 2, outstanding: 1000 },
      ],
      [
        { productId: 1, quantity: 1000 },
        { productId: 3, quantity: 1000 },
      ],
    );
    expect(receptionDifferences(lines).map((line) => [line.productId, line.outcome])).toEqual([
      [2, 'missing'],
      [3, 'unexpected'],
    ]);
    expect(receptionDifferences([])).toEqual([]);
  });
});

describe('tallyCounts', () => {
  const scan = (
    uuid: string,
    productId: number,
    quantity: number,
    pass: 'first' | 'recount' = 'first',
  ): CountScan => ({ uuid, productId, quantity, pass });

  it('adds up each product’s scans per pass, newest scan first, products as first scanned', () => {
    const a = scan('a', 2, 1000);
    const b = scan('b', 1, 6000);
    const c = scan('c', 2, 3000);
    const d = scan('d', 2, 5000, 'recount');
    expect(tallyCounts([a, b, c, d], new Set())).toEqual([
      { productId: 2, pass: 'first', counted: 4000, scans: [c, a] },
      { productId: 1, pass: 'first', counted: 6000, scans: [b] },
      { productId: 2, pass: 'recount', counted: 5000, scans: [d] },
    ]);
  });

  it('leaves undone scans out, and keeps a product all undone at zero', () => {
    const a = scan('a', 2, 1000);
    const b = scan('b', 1, 6000);
    const c = scan('c', 2, 3000);
    expect(tallyCounts([a, b, c], new Set(['a', 'b']))).toEqual([
      { productId: 2, pass: 'first', counted: 3000, scans: [c] },
      { productId: 1, pass: 'first', counted: 0, scans: [] },
    ]);
  });
});
