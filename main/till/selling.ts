/** Ringing up a ticket: scans, products, quantities and prices, discounts, the member, cancelling. */
import { TillError } from '../../domain/errors';
import { lookupCodes, type ParsedBarcode } from '../../domain/barcode';
import { discountAmount } from '../../domain/ticket';
import * as catalog from '../../db/catalog';
import type { Member } from '../../db/members';
import * as tickets from '../../db/tickets';
import * as sessions from '../../db/sessions';
import { none, schemas, type Parsed } from './schemas';
import { op } from './operation';
import { productViews } from './views';
import { journalLine, type TicketView } from './ticket-view';
import type { TillContext } from './context';
import {
  assertSellable,
  assertWholePieces,
  checkDraftTotals,
  discountAboveThreshold,
  discountAct,
  draftFor,
  editLine,
  insertLine,
} from './drafts';

/** The ticket being rung up, if any: it survives a restart. */
export function currentTicket(t: TillContext): TicketView | null {
  const session = sessions.openSessionRow(t.db);
  const draft = session && tickets.findDraft(t.db, session.id);
  return draft ? t.view(draft) : null;
}

export function startTicket(t: TillContext): TicketView {
  const user = t.requireUser();
  return t.transaction(() => t.view(draftFor(t, user)));
}

export function addByBarcode(t: TillContext, input: Parsed<'addByBarcode'>): TicketView {
  const { code } = input;
  const user = t.requireUser();
  const parsed = t.parser(code.trim());
  return t.transaction(() => {
    const draft = draftFor(t, user);
    switch (parsed.type) {
      case 'error':
        throw new TillError(
          'scan.unrecognised',
          `The barcode "${printable(code)}" is not valid (unknown format or wrong check digit)`,
          { code },
        );
      case 'tare':
        throw new TillError(
          'scan.tare_alone',
          'A tare label is scanned when weighing a product, to take off the container',
          { code },
        );
      case 'cashier':
        throw new TillError(
          'scan.cashier_card',
          'A cashier card cannot be sold: sign in with your PIN',
          {
            code,
          },
        );
      case 'member':
        attachMemberTo(t, draft, memberByCard(t, parsed));
        break;
      case 'discount':
        discountLastLine(t, draft, parsed);
        break;
      default:
        addScannedProduct(t, draft, parsed);
    }
    return t.touch(draft.id);
  });
}

function addScannedProduct(t: TillContext, draft: tickets.Ticket, parsed: ParsedBarcode): void {
  const product = catalog.findProductByBarcode(t.db, lookupCodes(parsed));
  if (!product) {
    throw new TillError('scan.unknown_product', `No product has the barcode "${parsed.code}"`, {
      code: parsed.code,
    });
  }
  assertSellable(product);
  if (parsed.type === 'weight') {
    const grams = scaleValue(parsed, 3);
    if (grams <= 0) {
      throw new TillError('scan.zero_weight', `The scale label "${parsed.code}" weighs nothing`, {
        code: parsed.code,
      });
    }
    insertLine(t, draft, product, grams, { barcode: parsed.code });
  } else if (parsed.type === 'price') {
    // A price label (pre-packed cheese, a cut of meat) says what the item costs.
    insertLine(t, draft, product, 1000, {
      barcode: parsed.code,
      unitPrice: scaleValue(parsed, 2),
      unit: 'piece',
    });
  } else if (product.unit === 'kg') {
    throw new TillError(
      'scan.needs_weight',
      `"${product.name}" is sold by weight: weigh it first`,
      {
        product: product.name,
        productId: product.id,
      },
    );
  } else {
    insertLine(t, draft, product, 1000, { barcode: parsed.code });
  }
}

function discountLastLine(t: TillContext, draft: tickets.Ticket, parsed: ParsedBarcode): void {
  const last = draft.lines.at(-1);
  if (!last) {
    throw new TillError(
      'scan.discount_without_line',
      'Scan the product before its discount label',
      {
        code: parsed.code,
      },
    );
  }
  const basisPoints = scaleValue(parsed, 2);
  if (basisPoints > 10_000) {
    throw new TillError('ticket.discount_too_large', 'A discount cannot exceed 100 %', {
      basisPoints,
    });
  }
  tickets.updateLine(t.db, last.id, {
    discount: { kind: 'percent', basisPoints, label: parsed.code },
  });
  checkDraftTotals(t, draft.id);
}

/** A container's weight, from its tare label (or a weight label stuck on the empty container). */
export function tareFromBarcode(t: TillContext, code: string): number {
  const parsed = t.parser(code.trim());
  if (parsed.type !== 'tare' && parsed.type !== 'weight') {
    throw new TillError('scan.not_a_tare', `"${printable(code)}" is not a tare label`, { code });
  }
  return scaleValue(parsed, 3);
}

export function addProduct(t: TillContext, input: Parsed<'addProduct'>): TicketView {
  const { productId, quantity } = input;
  const user = t.requireUser();
  return t.transaction(() => {
    const product = catalog.getProduct(t.db, productId);
    if (!product)
      throw new TillError('product.unknown', `No product number ${productId}`, { productId });
    assertSellable(product);
    if (product.unit === 'kg' && quantity === undefined) {
      throw new TillError(
        'scan.needs_weight',
        `"${product.name}" is sold by weight: give its weight`,
        {
          product: product.name,
          productId: product.id,
        },
      );
    }
    const draft = draftFor(t, user);
    insertLine(t, draft, product, quantity ?? 1000, { barcode: null });
    return t.touch(draft.id);
  });
}

export function searchProducts(t: TillContext, input: Parsed<'searchProducts'>): catalog.Product[] {
  const { query, limit, locale } = input;
  return catalog.searchProducts(t.db, query, limit, locale === 'nl-BE' ? 'nl' : 'fr');
}

export function setQuantity(t: TillContext, input: Parsed<'setQuantity'>): TicketView {
  const { lineId, quantity } = input;
  return editLine(t, lineId, (line) => {
    assertWholePieces(line.unit, quantity);
    tickets.updateLine(t.db, line.id, { quantity });
  });
}

export function setPrice(t: TillContext, input: Parsed<'setPrice'>): TicketView {
  const { lineId, price, approval } = input;
  const manager = t.requireManager(approval, 'change a price');
  return editLine(t, lineId, (line) => {
    tickets.updateLine(t.db, line.id, { priceOverride: price, priceOverrideBy: manager.id });
  });
}

export function setLineDiscount(t: TillContext, input: Parsed<'setLineDiscount'>): TicketView {
  const { lineId, discount, approval } = input;
  t.requireUser();
  const gross = currentTicket(t)?.lines.find((line) => line.id === lineId)?.totals.gross;
  const approved = approveDiscount(t, discount, gross ?? 0, approval);
  return editLine(t, lineId, (line) => tickets.updateLine(t.db, line.id, { discount: approved }));
}

export function setTicketDiscount(t: TillContext, input: Parsed<'setTicketDiscount'>): TicketView {
  const { discount, approval } = input;
  const user = t.requireUser();
  const approved = approveDiscount(t, discount, currentTicket(t)?.totals.subtotal ?? 0, approval);
  return t.transaction(() => {
    const draft = draftFor(t, user);
    tickets.updateDraft(t.db, draft.id, { updatedAt: t.now(), ticketDiscount: approved });
    checkDraftTotals(t, draft.id);
    return t.touch(draft.id);
  });
}

/**
 * A discount above the coop's threshold (setting discount.approvalAboveBp, 20 % by default) of
 * what it discounts needs a manager, who is kept with it (and so in the journal), as for a
 * price override.
 */
function approveDiscount(
  t: TillContext,
  discount: tickets.StoredDiscount | null,
  base: number,
  approval: { userId: number; pin: string } | undefined,
): tickets.StoredDiscount | null {
  if (!discount) return null;
  discountAmount(base, discount); // an impossible discount is refused as such, before any PIN
  if (!discountAboveThreshold(t, discount, base)) return discount;
  const manager = t.requireManager(approval, discountAct(t));
  return { ...discount, approvedBy: manager.id };
}

export function removeLine(t: TillContext, input: Parsed<'removeLine'>): TicketView {
  const { lineId } = input;
  return editLine(t, lineId, (line) => tickets.deleteLine(t.db, line.id));
}

export function attachMember(t: TillContext, input: Parsed<'attachMember'>): TicketView {
  const { barcode, number } = input;
  const user = t.requireUser();
  return t.transaction(() => {
    const draft = draftFor(t, user);
    const member =
      barcode !== undefined
        ? memberByCard(t, t.parser(barcode.trim()))
        : t.members.byNumber(number ?? '', printable(number ?? ''));
    attachMemberTo(t, draft, member);
    return t.touch(draft.id);
  });
}

export function detachMember(t: TillContext): TicketView {
  const user = t.requireUser();
  return t.transaction(() => {
    const draft = draftFor(t, user);
    tickets.updateDraft(t.db, draft.id, { updatedAt: t.now(), memberId: null });
    return t.touch(draft.id);
  });
}

function memberByCard(t: TillContext, parsed: ParsedBarcode): Member {
  return t.members.byCard(lookupCodes(parsed), printable(parsed.code));
}

function attachMemberTo(t: TillContext, draft: tickets.Ticket, member: Member): void {
  tickets.updateDraft(t.db, draft.id, { updatedAt: t.now(), memberId: member.id });
}

/** Cancels the ticket being rung up; the cancellation is journaled and counted on the Z. */
export function cancelDraft(t: TillContext): { cancelled: string | null } {
  const user = t.requireUser();
  return t.transaction(() => {
    const session = t.requireSession();
    const draft = tickets.findDraft(t.db, session.id);
    if (!draft) return { cancelled: null };
    if (draft.lines.length === 0) {
      tickets.deleteEmptyDraft(t.db, draft.id);
      return { cancelled: null };
    }
    const view = t.view(draft);
    const closedAt = t.now();
    const entry = t.record(
      {
        docType: 'cancellation',
        document: {
          ticketId: draft.id,
          sessionId: session.id,
          cancelledBy: user.id,
          closedAt,
          lines: view.lines.map(journalLine),
          total: view.totals.total,
        },
      },
      draft.id,
      closedAt,
    );
    tickets.closeTicket(t.db, draft.id, {
      status: 'cancelled',
      number: null,
      closedAt,
      closedBy: user.id,
      member: null,
      subtotal: view.totals.subtotal,
      discountTotal: view.totals.ticketDiscount,
      total: view.totals.total,
      rounding: 0,
      due: 0,
      paid: 0,
      changeGiven: 0,
      journalSeq: entry.seq,
      vat: null,
      voucherExcess: 0,
      roundedAll: false,
    });
    t.announce({ type: 'ticket_cancelled', ticketId: draft.id });
    return { cancelled: draft.id };
  });
}

/** Scanner noise shown in a message: control characters written out, not sent to the screen. */
function printable(text: string): string {
  return text.replace(
    /\p{Cc}/gu,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A barcode's value in a unit with `decimals` decimals (thousandths: 3, cents: 2). */
function scaleValue(parsed: ParsedBarcode, decimals: number): number {
  if (parsed.decimals <= decimals) return parsed.value * 10 ** (decimals - parsed.decimals);
  const divisor = 10 ** (parsed.decimals - decimals);
  return Math.round(parsed.value / divisor);
}

/** Ringing a ticket up: the operations the screens call. */
export const sellingOperations = {
  startTicket: op(none, ({ ctx }) => startTicket(ctx)),
  currentTicket: op(none, ({ ctx }) => currentTicket(ctx)),
  addByBarcode: op(schemas.addByBarcode, ({ ctx }, input) => addByBarcode(ctx, input)),
  addProduct: op(schemas.addProduct, ({ ctx }, input) => addProduct(ctx, input)),
  searchProducts: op(schemas.searchProducts, ({ ctx }, input) =>
    productViews(ctx.db, searchProducts(ctx, input)),
  ),
  setQuantity: op(schemas.setQuantity, ({ ctx }, input) => setQuantity(ctx, input)),
  setPrice: op(schemas.setPrice, ({ ctx }, input) => setPrice(ctx, input)),
  setLineDiscount: op(schemas.setLineDiscount, ({ ctx }, input) => setLineDiscount(ctx, input)),
  setTicketDiscount: op(schemas.setTicketDiscount, ({ ctx }, input) =>
    setTicketDiscount(ctx, input),
  ),
  removeLine: op(schemas.removeLine, ({ ctx }, input) => removeLine(ctx, input)),
  attachMember: op(schemas.attachMember, ({ ctx }, input) => attachMember(ctx, input)),
  detachMember: op(none, ({ ctx }) => detachMember(ctx)),
  cancelTicket: op(none, ({ ctx }) => cancelDraft(ctx)),
};
