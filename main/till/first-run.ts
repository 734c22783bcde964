import type { Db } from '../../db/open';
import { seedDemoCatalog } from '../../db/demo-catalog';
import { insertUser, listUsers } from '../../db/users';
import { setSetting } from '../../db/settings';
import { hashPin } from './pin';
import { SETTING_KEYS } from './settings';

/**
 * The demo users, whose PINs and badges the README gives: change them before real use. A badge
 * fits the default nomenclature's cashier rule (041…), and is a valid EAN-13 so that any label
 * printer can print it.
 */
export const DEMO_USERS = [
  { name: 'Camille', role: 'cashier', pin: '1234', badge: '0410000000014' },
  { name: 'Manon', role: 'manager', pin: '9876', badge: '0410000000021' },
] as const;

/**
 * A till that starts on an empty database opens on a realistic coop catalogue, two users and
 * shop settings, so that it can be tried at once. A database with users is never touched.
 */
export function seedDemoIfEmpty(db: Db, now: string): boolean {
  if (listUsers(db).length > 0) return false;
  db.transaction(() => {
    seedDemoCatalog(db, now);
    for (const user of DEMO_USERS) {
      insertUser(db, {
        name: user.name,
        role: user.role,
        pinHash: hashPin(user.pin),
        badge: user.badge,
        createdAt: now,
      });
    }
    setSetting(db, SETTING_KEYS.shop, {
      name: 'EasyMyMarket — coopérative de démo',
      addressLines: ['Rue de la Coopérative 1', '1000 Bruxelles'],
      vatNumber: 'BE 0000.000.097',
      footerLines: ['Merci ! Dank u! Thank you!'],
    });
    // The receipts say both (Brussels); each screen says its own language.
    setSetting(db, SETTING_KEYS.paymentMethods, [
      {
        id: 'cash',
        label: 'Espèces / Contant',
        kind: 'cash',
        labels: { 'fr-BE': 'Espèces', 'nl-BE': 'Contant', en: 'Cash' },
      },
      {
        id: 'card',
        label: 'Carte / Kaart',
        kind: 'card',
        labels: { 'fr-BE': 'Carte', 'nl-BE': 'Kaart', en: 'Card' },
      },
      {
        id: 'meal_voucher',
        label: 'Chèque-repas / Maaltijdcheque',
        kind: 'voucher',
        labels: { 'fr-BE': 'Chèque-repas', 'nl-BE': 'Maaltijdcheque', en: 'Meal voucher' },
      },
    ]);
  })();
  return true;
}
