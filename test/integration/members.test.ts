import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE, createTestTill, ean13, type TestTill } from '../support/till';
import { renderReceiptText } from '../../domain/receipt-text';
import { verifyJournal } from '../../db/journal';
import { setSetting } from '../../db/settings';
import { upsertMember, upsertMemberStatus, type MemberRow } from '../../db/members';
import { setNoMemberPolicy } from '../../main/till/members';
import { SETTING_KEYS } from '../../main/till/settings';
import { refusal } from '../support/refusal';
import * as tillReceipts from '../../main/till/receipts';

let t: TestTill;
beforeEach(() => {
  t = createTestTill();
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  t.till.openSession({ counts: { '2000': 5 } });
});
afterEach(() => t.close());

let nextId = 100;
/** A member of the given status, with a card of their own; returns the card. */
function member(status: string, extra: Partial<MemberRow> = {}): string {
  const id = nextId++;
  const card = ean13(`0420000${String(id).padStart(5, '0')}`);
  upsertMember(t.db, {
    id,
    number: String(id),
    name: `Membre ${id}`,
    cardBarcode: card,
    status,
    eaters: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  });
  return card;
}

const attach = (card: string) => t.till.attachMember({ barcode: card }).member;
const journal = () =>
  (
    t.db.prepare('SELECT doc_type AS type, payload FROM journal ORDER BY seq').all() as {
      type: string;
      payload: string;
    }[]
  ).map((entry) => ({
    type: entry.type,
    document: JSON.parse(entry.payload) as Record<string, unknown>,
  }));
const payCash = (extra: Record<string, unknown> = {}) =>
  t.till.pay({ payments: [{ method: 'cash', amount: 200 }], ...extra });

describe("each coop's own words", () => {
  it("reads La Louve's statuses: who may shop, and how the others are held back", () => {
    const seen = Object.fromEntries(
      [
        'up_to_date',
        'alert',
        'delay',
        'exempted',
        'suspended',
        'vacation',
        'blocked',
        'unpayed',
        'unsubscribed',
        'not_concerned',
      ].map((status) => {
        const view = attach(member(status));
        return [status, [view?.statusLabel, view?.mayShop, view?.block]];
      }),
    );
    expect(seen).toEqual({
      up_to_date: ['À jour', true, null],
      alert: ['En alerte', true, null],
      delay: ['Délai accordé', true, null],
      exempted: ['Exempté', true, null],
      suspended: ['Suspendu', false, 'soft'],
      vacation: ['En vacances', false, 'soft'],
      blocked: ['Bloqué', false, 'hard'],
      unpayed: ['Parts non payées', false, 'hard'],
      unsubscribed: ['Désinscrit', false, 'hard'],
      not_concerned: ['Non concerné', false, 'hard'],
    });
  });

  it("reads Obeesdoo's statuses, labelled in the cashier's language", () => {
    setSetting(t.db, SETTING_KEYS.locale, 'nl-BE');
    t.till.ctx.reloadSettings();
    const seen = Object.fromEntries(
      [
        'ok',
        'alert',
        'extension',
        'exempted',
        'suspended',
        'holiday',
        'resigning',
        'unsubscribed',
      ].map((status) => {
        const view = attach(member(status));
        return [status, [view?.status, view?.statusLabel, view?.mayShop, view?.block]];
      }),
    );
    expect(seen).toEqual({
      ok: ['ok', 'In orde', true, null],
      alert: ['alert', 'Waarschuwing', true, null],
      extension: ['extension', 'Uitstel', true, null],
      exempted: ['exempted', 'Vrijgesteld', true, null],
      suspended: ['suspended', 'Geschorst', false, 'soft'],
      holiday: ['holiday', 'Met verlof', false, 'soft'],
      resigning: ['resigning', 'Uitschrijving lopend', false, 'soft'],
      unsubscribed: ['unsubscribed', 'Uitgeschreven', false, 'hard'],
    });
  });

  it('shows a status missing from the table as unknown: may not shop, soft block, and the sale goes on once acknowledged', () => {
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    const view = attach(member('gold'));
    expect(view).toMatchObject({
      status: 'gold',
      statusKnown: false,
      statusLabel: 'Statut inconnu (gold)',
      mayShop: false,
      block: 'soft',
    });
    expect(refusal(() => payCash()).code).toBe('member.acknowledge');
    const paid = payCash({ acknowledged: true });
    expect(paid.status).toBe('paid');
    const receipt = renderReceiptText(tillReceipts.receipt(t.till.ctx, paid.number ?? 0), {
      width: 42,
      locale: 'fr-BE',
    });
    expect(receipt.join('\n')).toContain('Statut inconnu (gold)');
  });

  it('follows the policy the coop sets: a status made hard needs a manager from then on', () => {
    const card = member('suspended');
    upsertMemberStatus(t.db, {
      code: 'suspended',
      labels: { 'fr-BE': 'Suspendu', 'nl-BE': 'Geschorst', en: 'Suspended' },
      mayShop: false,
      block: 'hard',
      updatedAt: '2026-03-01T00:00:00.000Z',
    });
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    expect(attach(card)?.block).toBe('hard');
    expect(refusal(() => payCash({ acknowledged: true })).code).toBe('member.manager_required');
  });
});

describe('may shop anyway', () => {
  it('lets a member whose status may not shop pay with no acknowledgement', () => {
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    const view = attach(member('unsubscribed', { mayShopOverride: true }));
    expect(view).toMatchObject({ mayShop: true, block: null, mayShopOverride: true });
    expect(view?.statusLabel).toBe('Désinscrit');
    expect(payCash().status).toBe('paid');
    expect(journal().map((entry) => entry.type)).not.toContain('member_consent');
  });

  it('lifts an unknown status too, and is not claimed where the status already may shop', () => {
    expect(attach(member('gold', { mayShopOverride: true }))).toMatchObject({
      mayShop: true,
      block: null,
      mayShopOverride: true,
    });
    expect(attach(member('up_to_date', { mayShopOverride: true }))?.mayShopOverride).toBe(false);
  });
});

describe('households', () => {
  it('shows how many shop on the card and the names the coop keeps', () => {
    const view = attach(member('ok', { eaters: 3, eaterNames: ['Léa', 'Tom'] }));
    expect(view).toMatchObject({ eaters: 3, eaterNames: ['Léa', 'Tom'] });
    expect(attach(FIXTURE.memberCard)).toMatchObject({ eaters: 2, eaterNames: [] });
  });

  it("resolves an associated person's own card to their member, in the member's status", () => {
    // Member 2 of the fixture (Marc Dubois) is suspended; his partner's own status would shop.
    const partnerCard = member('up_to_date', { name: 'Julie Dubois', memberOf: 2 });
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    const view = attach(partnerCard);
    expect(view).toMatchObject({ id: 2, name: 'Marc Dubois', status: 'suspended', mayShop: false });
    expect(t.till.attachMember({ number: String(nextId - 1) }).member?.id).toBe(2);
    expect(refusal(() => payCash()).code).toBe('member.acknowledge');
    expect(payCash({ acknowledged: true }).member?.number).toBe('1002');
  });
});

describe('paying for a member who may not shop', () => {
  it('needs the cashier to acknowledge a soft block, and journals who did', () => {
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    t.till.attachMember({ barcode: FIXTURE.suspendedCard });
    const error = refusal(() => payCash());
    expect(error.code).toBe('member.acknowledge');
    expect(error.message).toBe('Marc Dubois (Suspendu) may not shop: acknowledge it to pay');
    // The cashier's question names the member, not only their number.
    expect(error.details.member).toMatch(/^Marc Dubois \(\S+\)$/);
    // Refused: nothing written, the ticket still open.
    expect(journal()).toHaveLength(1); // the session's opening
    expect(t.till.currentTicket()?.status).toBe('draft');

    const paid = payCash({ acknowledged: true });
    expect(paid.status).toBe('paid');
    expect(paid.member).toMatchObject({ name: 'Marc Dubois', mayShop: false, block: 'soft' });
    const entries = journal();
    expect(entries.map((entry) => entry.type)).toEqual(['session_open', 'member_consent', 'sale']);
    expect(entries[1]?.document).toMatchObject({
      ticketId: paid.id,
      reason: 'member_may_not_shop',
      memberNumber: '1002',
      status: 'suspended',
      block: 'soft',
      acknowledged: true,
      approvedBy: null,
      cashierId: t.cashierId,
    });
    expect(verifyJournal(t.db).ok).toBe(true);
  });

  it("needs a manager's approval for a hard block: a cashier's word or PIN is not enough", () => {
    const card = member('unsubscribed', { name: 'Paul Lemaire' });
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    t.till.attachMember({ barcode: card });
    expect(refusal(() => payCash()).code).toBe('member.manager_required');
    expect(refusal(() => payCash({ acknowledged: true })).code).toBe('member.manager_required');
    expect(
      refusal(() => payCash({ approval: { userId: t.cashierId, pin: FIXTURE.cashierPin } })).code,
    ).toBe('auth.manager_required');
    expect(refusal(() => payCash({ approval: { userId: t.managerId, pin: '0000' } })).code).toBe(
      'auth.wrong_pin',
    );
    expect(journal().map((entry) => entry.type)).toEqual(['session_open']);

    const paid = payCash({ approval: { userId: t.managerId, pin: FIXTURE.managerPin } });
    expect(paid.status).toBe('paid');
    expect(journal()[1]?.document).toMatchObject({
      reason: 'member_may_not_shop',
      block: 'hard',
      approvedBy: t.managerId,
      cashierId: t.cashierId,
    });
  });

  it('lets a signed-in manager approve by acknowledging', () => {
    t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    t.till.attachMember({ barcode: member('blocked') });
    expect(refusal(() => payCash()).code).toBe('member.manager_required');
    expect(payCash({ acknowledged: true }).status).toBe('paid');
    expect(journal()[1]?.document).toMatchObject({ approvedBy: t.managerId });
  });

  it('asks nothing more of a member who may shop', () => {
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    t.till.attachMember({ barcode: FIXTURE.memberCard });
    expect(payCash().status).toBe('paid');
    expect(journal().map((entry) => entry.type)).toEqual(['session_open', 'sale']);
  });
});

describe('a ticket with no member', () => {
  it('is allowed by default', () => {
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    expect(payCash().status).toBe('paid');
  });

  it('needs an acknowledgement where the coop says so, journaled', () => {
    setNoMemberPolicy(t.db, 'acknowledge');
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    expect(refusal(() => payCash()).code).toBe('member.none_acknowledge');
    expect(payCash({ acknowledged: true }).status).toBe('paid');
    expect(journal()[1]).toMatchObject({
      type: 'member_consent',
      document: { reason: 'no_member', memberId: null, acknowledged: true, cashierId: t.cashierId },
    });
  });

  it('refuses a policy that is not one', () => {
    expect(() => setNoMemberPolicy(t.db, 'maybe' as 'allowed')).toThrow();
  });
});
