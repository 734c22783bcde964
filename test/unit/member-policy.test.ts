import { describe, expect, it } from 'vitest';
import {
  decideMemberShop,
  payRequirement,
  type MemberStatusRule,
} from '../../domain/member-policy';

const rule = (code: string, mayShop: boolean, block: 'soft' | 'hard' | null): MemberStatusRule => ({
  code,
  labels: { 'fr-BE': `fr ${code}`, 'nl-BE': `nl ${code}`, en: `en ${code}` },
  mayShop,
  block,
});

describe('whether a member may shop', () => {
  it("takes the coop's rule and its label in the till's language", () => {
    expect(decideMemberShop('ok', rule('ok', true, null), false, 'nl-BE')).toEqual({
      status: 'ok',
      statusKnown: true,
      label: 'nl ok',
      mayShop: true,
      block: null,
      overridden: false,
    });
    expect(decideMemberShop('blocked', rule('blocked', false, 'hard'), false, 'en')).toMatchObject({
      mayShop: false,
      block: 'hard',
      label: 'en blocked',
    });
  });

  it('treats a status with no rule as may not shop, soft, labelled unknown in each language', () => {
    expect(decideMemberShop('gold', undefined, false, 'fr-BE')).toMatchObject({
      statusKnown: false,
      label: 'Statut inconnu (gold)',
      mayShop: false,
      block: 'soft',
    });
    expect(decideMemberShop('gold', undefined, false, 'nl-BE').label).toBe(
      'Onbekende status (gold)',
    );
    expect(decideMemberShop('', undefined, false, 'en').label).toBe('Unknown status');
    // A rule for another status is no rule for this one.
    expect(decideMemberShop('gold', rule('ok', true, null), false, 'en').mayShop).toBe(false);
  });

  it('lets "may shop anyway" lift any block, and says so only when it did', () => {
    expect(decideMemberShop('blocked', rule('blocked', false, 'hard'), true, 'en')).toMatchObject({
      mayShop: true,
      block: null,
      overridden: true,
    });
    expect(decideMemberShop('ok', rule('ok', true, null), true, 'en').overridden).toBe(false);
  });
});

describe('what paying needs', () => {
  it('follows the block kind, and the policy for a ticket with no member', () => {
    expect(payRequirement({ mayShop: true, block: null }, 'acknowledge')).toEqual({
      needs: 'nothing',
    });
    expect(payRequirement({ mayShop: false, block: 'soft' }, 'allowed')).toEqual({
      needs: 'acknowledgement',
      reason: 'member_may_not_shop',
    });
    expect(payRequirement({ mayShop: false, block: 'hard' }, 'allowed')).toEqual({
      needs: 'manager',
      reason: 'member_may_not_shop',
    });
    expect(payRequirement(null, 'allowed')).toEqual({ needs: 'nothing' });
    expect(payRequirement(null, 'acknowledge')).toEqual({
      needs: 'acknowledgement',
      reason: 'no_member',
    });
  });
});
