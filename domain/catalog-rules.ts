/**
 * The catalogue rules the till keeps, for whoever writes a catalogue (the till's imports, the
 * server's back office): a barcode rings up one product only, a member number and a card are one
 * member's. Each clash is told in words naming who holds the code.
 */

export interface ProductCodes {
  id: number;
  barcodes: readonly string[];
}

export interface HeldProduct extends ProductCodes {
  name: string;
}

/**
 * The barcodes that would ring up another product than the one written: given twice in what is
 * written, or held by a product not being rewritten. Empty when none.
 */
export function barcodeClashes(
  written: readonly ProductCodes[],
  held: readonly HeldProduct[],
): string[] {
  const problems: string[] = [];
  const given = new Map<string, number>();
  for (const product of written) {
    for (const code of new Set(product.barcodes)) {
      const other = given.get(code);
      if (other !== undefined && other !== product.id)
        problems.push(
          `barcode ${code} is given to both product ${other} and product ${product.id}`,
        );
      given.set(code, product.id);
    }
  }
  const rewritten = new Set(written.map((product) => product.id));
  for (const owner of held) {
    if (rewritten.has(owner.id)) continue;
    for (const code of owner.barcodes) {
      const product = given.get(code);
      if (product !== undefined)
        problems.push(
          `barcode ${code} belongs to product ${owner.id} "${owner.name}": remove it there first`,
        );
    }
  }
  return problems;
}

export interface MemberKeys {
  id: number;
  number: string;
  cardBarcode: string | null;
}

export interface HeldMember extends MemberKeys {
  name: string;
  deleted: boolean;
}

/** Member numbers and cards that would name two members. Empty when none. */
export function memberClashes(
  written: readonly MemberKeys[],
  held: readonly HeldMember[],
): string[] {
  const problems: string[] = [];
  const numbers = new Map<string, number>();
  const cards = new Map<string, number>();
  for (const member of written) {
    const other = numbers.get(member.number);
    if (other !== undefined && other !== member.id)
      problems.push(
        `member number ${member.number} is given to both member ${other} and member ${member.id}`,
      );
    numbers.set(member.number, member.id);
    if (member.cardBarcode !== null) {
      const holder = cards.get(member.cardBarcode);
      if (holder !== undefined && holder !== member.id)
        problems.push(
          `card ${member.cardBarcode} is given to both member ${holder} and member ${member.id}`,
        );
      cards.set(member.cardBarcode, member.id);
    }
  }
  const rewritten = new Set(written.map((member) => member.id));
  for (const owner of held) {
    if (rewritten.has(owner.id)) continue;
    const who = `member ${owner.id} "${owner.name}"${owner.deleted ? ' (deleted)' : ''}`;
    if (numbers.has(owner.number)) problems.push(`member number ${owner.number} belongs to ${who}`);
    if (owner.cardBarcode !== null && cards.has(owner.cardBarcode))
      problems.push(`card ${owner.cardBarcode} belongs to ${who}`);
  }
  return problems;
}
