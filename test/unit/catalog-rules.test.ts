import { describe, expect, it } from 'vitest';
import { barcodeClashes, memberClashes, type HeldMember } from '../../domain/catalog-rules';

describe('barcodes ring up one product', () => {
  const held = [
    { id: 1, name: 'Lait', barcodes: ['111', '112'] },
    { id: 2, name: 'Pain', barcodes: ['222'] },
  ];

  it('takes new codes, a product keeping or dropping its own, and a code moved off in the same write', () => {
    expect(barcodeClashes([{ id: 3, barcodes: ['333'] }], held)).toEqual([]);
    expect(barcodeClashes([{ id: 1, barcodes: ['111'] }], held)).toEqual([]);
    expect(
      barcodeClashes(
        [
          { id: 1, barcodes: [] },
          { id: 2, barcodes: ['222', '111'] },
        ],
        held,
      ),
    ).toEqual([]);
    // The same code twice on one product is one code.
    expect(barcodeClashes([{ id: 3, barcodes: ['333', '333'] }], [])).toEqual([]);
    expect(barcodeClashes([], held)).toEqual([]);
  });

  it('refuses a code another product holds, naming it, once per code', () => {
    expect(barcodeClashes([{ id: 2, barcodes: ['222', '112', '111'] }], held)).toEqual([
      'barcode 111 belongs to product 1 "Lait": remove it there first',
      'barcode 112 belongs to product 1 "Lait": remove it there first',
    ]);
  });

  it('refuses a code given to two products in one write', () => {
    expect(
      barcodeClashes(
        [
          { id: 3, barcodes: ['333'] },
          { id: 4, barcodes: ['444', '333'] },
        ],
        [],
      ),
    ).toEqual(['barcode 333 is given to both product 3 and product 4']);
  });
});

describe('a member number and a card name one member', () => {
  const anne: HeldMember = {
    id: 1,
    number: '1001',
    name: 'Anne Peeters',
    cardBarcode: '0421',
    deleted: false,
  };
  const gone: HeldMember = { id: 5, number: '1005', name: 'Old', cardBarcode: null, deleted: true };

  it('takes new numbers and cards, and a member rewritten with their own', () => {
    expect(memberClashes([{ id: 2, number: '1002', cardBarcode: '0422' }], [anne, gone])).toEqual(
      [],
    );
    expect(memberClashes([{ id: 1, number: '1001', cardBarcode: '0421' }], [anne])).toEqual([]);
    expect(
      memberClashes(
        [
          { id: 2, number: '1002', cardBarcode: null },
          { id: 3, number: '1003', cardBarcode: null },
        ],
        [],
      ),
    ).toEqual([]);
    // Anne gives her card up in the same write that hands it on.
    expect(
      memberClashes(
        [
          { id: 1, number: '1001', cardBarcode: null },
          { id: 2, number: '1002', cardBarcode: '0421' },
        ],
        [anne],
      ),
    ).toEqual([]);
  });

  it('refuses a number or a card another member holds, deleted ones too', () => {
    expect(memberClashes([{ id: 2, number: '1001', cardBarcode: '0421' }], [anne])).toEqual([
      'member number 1001 belongs to member 1 "Anne Peeters"',
      'card 0421 belongs to member 1 "Anne Peeters"',
    ]);
    expect(memberClashes([{ id: 2, number: '1005', cardBarcode: null }], [gone])).toEqual([
      'member number 1005 belongs to member 5 "Old" (deleted)',
    ]);
    // A held member with no card clashes on no card.
    expect(memberClashes([{ id: 2, number: '2', cardBarcode: '9' }], [gone])).toEqual([]);
  });

  it('refuses a number or a card given to two members in one write', () => {
    expect(
      memberClashes(
        [
          { id: 2, number: '1002', cardBarcode: '0422' },
          { id: 3, number: '1002', cardBarcode: '0422' },
        ],
        [],
      ),
    ).toEqual([
      'member number 1002 is given to both member 2 and member 3',
      'card 0422 is given to both member 2 and member 3',
    ]);
  });
});
