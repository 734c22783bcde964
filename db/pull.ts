import { z } from 'zod';
import { prepare } from './prepare';
import type { Db } from './open';
import {
  replaceNomenclatureRules,
  upsertCategory,
  upsertProducts,
  upsertTaxRate,
  type NomenclatureRuleRow,
  type ProductRow,
} from './catalog';
import { upsertMember, upsertMemberStatus, type Member } from './members';
import type { MemberStatusRule } from '../domain/member-policy';
import { getSetting, setSetting } from './settings';
import type { Locale } from '../domain/money';

/** Settings that belong to this till alone (its server, name, language, hardware): never pulled. */
const LOCAL_SETTING = /^(sync\.|till\.|devices$)/;
export const NOMENCLATURE_SETTING = 'barcode.nomenclature';

export interface PulledChanges {
  taxRates: { id: number; name: string; rateBp: number; deleted: boolean }[];
  categories: { id: number; name: string; nameNl: string | null; deleted: boolean }[];
  settings: { key: string; value: unknown; deleted: boolean }[];
  users: {
    id: number;
    name: string;
    role: 'cashier' | 'manager';
    pinHash: string;
    active: boolean;
    /** A person's badge and language (absent from a server older than people). */
    badge?: string | null;
    locale?: Locale | null;
    deleted: boolean;
  }[];
  products: (Omit<ProductRow, 'updatedAt'> & { deleted: boolean })[];
  members: (Omit<Member, 'updatedAt'> & { deleted: boolean })[];
  /** The coop's member statuses (absent from a server older than them). */
  memberStatuses?: (MemberStatusRule & { deleted: boolean })[];
}

/**
 * Applies one page of the server's catalogue and its cursor in one transaction: a till that stops
 * between pages resumes from the last page it applied, with nothing lost or applied twice.
 * Deleted products are retired (old tickets name them); deleted members lose their card.
 */
export function applyPulledPage(
  db: Db,
  changes: PulledChanges,
  cursor: string,
  at: string,
): { nomenclatureChanged: boolean } {
  let nomenclatureChanged = false;
  db.transaction(() => {
    // The server sends a member before the persons who shop as them, though maybe later in the
    // same page: their links are checked at the commit.
    db.pragma('defer_foreign_keys = ON');
    for (const rate of changes.taxRates) {
      if (!rate.deleted) upsertTaxRate(db, { ...rate, updatedAt: at });
    }
    for (const category of changes.categories) {
      if (category.deleted) {
        prepare<[number]>(db, 'UPDATE products SET category_id = NULL WHERE category_id = ?').run(
          category.id,
        );
        prepare<[number]>(db, 'DELETE FROM categories WHERE id = ?').run(category.id);
      } else {
        upsertCategory(db, { ...category, updatedAt: at });
      }
    }
    for (const setting of changes.settings) {
      if (LOCAL_SETTING.test(setting.key)) continue;
      if (setting.key === NOMENCLATURE_SETTING) {
        nomenclatureChanged = true;
        const rules = setting.deleted
          ? []
          : (setting.value as { rules: NomenclatureRuleRow[] }).rules;
        replaceNomenclatureRules(db, rules);
      } else if (setting.deleted) {
        prepare<[string]>(db, 'DELETE FROM settings WHERE key = ?').run(setting.key);
      } else {
        setSetting(db, setting.key, setting.value);
      }
    }
    const upsertUser = prepare<[number, string, string, string, number, string]>(
      db,
      `INSERT INTO users (id, name, role, pin_hash, active, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,
         pin_hash = excluded.pin_hash, active = excluded.active`,
    );
    // The server names the users; a local user of the same name (the demo's) steps aside, kept
    // under another name because sessions and tickets point at it.
    const stepAside = prepare<[string, number]>(
      db,
      "UPDATE users SET name = name || ' (' || id || ')', active = 0 WHERE name = ? AND id <> ?",
    );
    // A badge is one user's: the server's person takes it from a local user who had it.
    const takeBadge = prepare<[string, number]>(
      db,
      'UPDATE users SET badge = NULL WHERE badge = ? AND id <> ?',
    );
    const setBadgeAndLocale = prepare<[string | null, string | null, number]>(
      db,
      'UPDATE users SET badge = ?, locale = ? WHERE id = ?',
    );
    for (const user of changes.users) {
      stepAside.run(user.name, user.id);
      const active = user.active && !user.deleted ? 1 : 0;
      upsertUser.run(user.id, user.name, user.role, user.pinHash, active, at);
      if (user.badge !== undefined || user.locale !== undefined) {
        if (user.badge) takeBadge.run(user.badge, user.id);
        setBadgeAndLocale.run(user.badge ?? null, user.locale ?? null, user.id);
      }
    }
    upsertProducts(
      db,
      changes.products.map((product) =>
        product.deleted
          ? { ...product, active: false, barcodes: [], updatedAt: at }
          : { ...product, updatedAt: at },
      ),
    );
    for (const member of changes.members) {
      if (member.deleted) {
        prepare<[number]>(db, 'UPDATE members SET card_barcode = NULL WHERE id = ?').run(member.id);
      } else {
        upsertMember(db, { ...member, updatedAt: at });
      }
    }
    for (const status of changes.memberStatuses ?? []) {
      if (status.deleted) {
        prepare<[string]>(db, 'DELETE FROM member_statuses WHERE code = ?').run(status.code);
      } else {
        upsertMemberStatus(db, { ...status, updatedAt: at });
      }
    }
    setSetting(db, 'sync.cursor', cursor);
  })();
  return { nomenclatureChanged };
}

export function pullCursor(db: Db): string | undefined {
  return getSetting(db, 'sync.cursor', z.string());
}
