import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdGenerator } from '../../main/ids';
import { ean13CheckDigit } from '../../domain/barcode';
import { openDatabase, type Db } from '../../db/open';
import { upsertCategory, upsertProducts, upsertTaxRate } from '../../db/catalog';
import { upsertMember } from '../../db/members';
import { insertUser } from '../../db/users';
import { hashPin } from '../../main/till/pin';
import { bareTill, type BareTill } from '../../main/bare-till';

export const ean13 = (first12: string): string => first12 + String(ean13CheckDigit(first12));

/** A tiny catalogue whose every figure the tests can reason about. */
export const FIXTURE = {
  apple: { id: 1, code: ean13('541000000001'), price: 399, unit: 'kg' as const }, // 6 %, by weight
  milk: { id: 2, code: ean13('541000000002'), price: 129, unit: 'piece' as const }, // 6 %
  soap: { id: 3, code: ean13('541000000003'), price: 450, unit: 'piece' as const }, // 21 %
  cheese: { id: 4, code: ean13('541000000004'), price: 0, unit: 'piece' as const }, // price labels
  retired: { id: 5, code: ean13('541000000005'), price: 100, unit: 'piece' as const },
  appleScaleBase: ean13('210000100000'),
  cheesePriceBase: ean13('230000400000'),
  memberCard: ean13('042000000001'),
  suspendedCard: ean13('042000000002'),
  cashierPin: '1234',
  managerPin: '9876',
};

export interface TestTill {
  dir: string;
  path: string;
  db: Db;
  till: BareTill;
  clock: { now: Date; advance(ms: number): void };
  cashierId: number;
  managerId: number;
  reopen(): void;
  close(): void;
}

export function seedFixture(db: Db): { cashierId: number; managerId: number } {
  const at = '2026-01-01T00:00:00.000Z';
  return db.transaction(() => {
    upsertTaxRate(db, { id: 1, name: '6 %', rateBp: 600, updatedAt: at });
    upsertTaxRate(db, { id: 2, name: '21 %', rateBp: 2100, updatedAt: at });
    upsertCategory(db, {
      id: 1,
      name: 'Fruits et légumes',
      nameNl: 'Groenten en fruit',
      updatedAt: at,
    });
    upsertCategory(db, { id: 2, name: 'Produits laitiers', nameNl: 'Zuivel', updatedAt: at });
    upsertCategory(db, { id: 3, name: 'Hygiène', nameNl: 'Hygiëne', updatedAt: at });
    const f = FIXTURE;
    upsertProducts(db, [
      {
        id: 1,
        name: 'Pommes Élstar bio',
        nameNl: 'Appels Elstar bio',
        categoryId: 1,
        taxRateId: 1,
        price: f.apple.price,
        unit: 'kg',
        barcodes: [f.apple.code, f.appleScaleBase],
        updatedAt: at,
      },
      {
        id: 2,
        name: 'Lait demi-écrémé 1 L',
        nameNl: 'Halfvolle melk 1 L',
        categoryId: 2,
        taxRateId: 1,
        price: f.milk.price,
        unit: 'piece',
        barcodes: [f.milk.code],
        updatedAt: at,
      },
      {
        id: 3,
        name: 'Savon de Marseille',
        nameNl: 'Marseillezeep',
        categoryId: 3,
        taxRateId: 2,
        price: f.soap.price,
        unit: 'piece',
        barcodes: [f.soap.code],
        updatedAt: at,
      },
      {
        id: 4,
        name: 'Fromage de Herve',
        nameNl: 'Hervekaas',
        categoryId: 2,
        taxRateId: 1,
        price: 0,
        unit: 'kg',
        barcodes: [f.cheese.code, f.cheesePriceBase],
        updatedAt: at,
      },
      {
        id: 5,
        name: 'Ancien produit',
        categoryId: 2,
        taxRateId: 1,
        price: 100,
        unit: 'piece',
        active: false,
        barcodes: [f.retired.code],
        updatedAt: at,
      },
    ]);
    upsertMember(db, {
      id: 1,
      number: '1001',
      name: 'Anne Peeters',
      cardBarcode: f.memberCard,
      status: 'up_to_date',
      eaters: 2,
      updatedAt: at,
    });
    upsertMember(db, {
      id: 2,
      number: '1002',
      name: 'Marc Dubois',
      cardBarcode: f.suspendedCard,
      status: 'suspended',
      eaters: 1,
      updatedAt: at,
    });
    return {
      cashierId: insertUser(db, {
        name: 'Camille',
        role: 'cashier',
        pinHash: hashPin(f.cashierPin),
        createdAt: at,
      }),
      managerId: insertUser(db, {
        name: 'Manon',
        role: 'manager',
        pinHash: hashPin(f.managerPin),
        createdAt: at,
      }),
    };
  })();
}

/** A till on a real SQLite file in a fresh folder, with the fixture catalogue and two users. */
export function createTestTill(): TestTill {
  const dir = mkdtempSync(join(tmpdir(), 'emm-till-'));
  const path = join(dir, 'till.db');
  const clock = {
    now: new Date('2026-03-02T08:00:00.000Z'),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  let db = openDatabase(path);
  const users = seedFixture(db);
  const make = () => bareTill({ db, clock: () => clock.now, newId: createIdGenerator() });
  const testTill: TestTill = {
    dir,
    path,
    db,
    till: make(),
    clock,
    ...users,
    reopen() {
      db.close();
      db = openDatabase(path);
      testTill.db = db;
      testTill.till = make();
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return testTill;
}
