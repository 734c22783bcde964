import { z } from 'zod';
import { TillError } from '../../domain/errors';
import type { Db } from '../../db/open';
import { getSetting } from '../../db/settings';
import { PAYMENT_KINDS, type PaymentKind, type VoucherExcessPolicy } from '../../domain/payment';
import { LOCALES, type Locale } from '../../domain/money';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../domain/dates';

/** Methods stored before payment kinds had only a cash flag. */
const LEGACY_VOUCHER_IDS = new Set(['meal_voucher', 'eco_cheque', 'ecocheque', 'gift_voucher']);

export const paymentMethodSchema = z
  .object({
    id: z.string().min(1).max(32),
    /** Shown on receipts and screens; empty: the receipt names cash and card in its own language. */
    label: z.string(),
    /** The screens' words for it in each language (a receipt keeps `label`, often bilingual). */
    labels: z
      .object({ 'fr-BE': z.string(), 'nl-BE': z.string(), en: z.string() })
      .partial()
      .strict()
      .optional(),
    /**
     * cash (coins and notes: into the drawer, rounded to 0.05 EUR, gives change), card, voucher
     * (meal voucher, eco-cheque, gift voucher: never rounded, gives no change), transfer, other.
     */
    kind: z.enum(PAYMENT_KINDS as [PaymentKind, ...PaymentKind[]]).optional(),
    /** The flag settings had before kinds: read as the kind cash, or not. */
    cash: z.boolean().optional(),
  })
  .refine((method) => method.kind !== undefined || method.cash !== undefined, {
    message: 'a payment method needs a kind',
  })
  .transform((method): PaymentMethod => ({
    id: method.id,
    label: method.label,
    kind: method.kind ?? legacyKind(method.id, method.cash === true),
    ...(method.labels ? { labels: method.labels } : {}),
  }));

function legacyKind(id: string, cash: boolean): PaymentKind {
  if (cash) return 'cash';
  return LEGACY_VOUCHER_IDS.has(id) ? 'voucher' : 'other';
}

export const shopSchema = z.object({
  name: z.string(),
  addressLines: z.array(z.string()),
  vatNumber: z.string(),
  footerLines: z.array(z.string()),
});

export interface PaymentMethod {
  id: string;
  label: string;
  kind: PaymentKind;
  labels?: Partial<Record<Locale, string>>;
}
export type Shop = z.infer<typeof shopSchema>;

export interface TillSettings {
  tillName: string;
  locale: Locale;
  /** The coop's time zone: a "day" in exports and reports is a local calendar day of it. */
  timeZone: string;
  /** A discount above this (basis points of what it discounts) needs a manager's approval. */
  discountApprovalAboveBp: number;
  paymentMethods: PaymentMethod[];
  /**
   * Round every payment method, not only coins and notes (the law allows it when done for every
   * customer and every method; the receipt then carries the legal notice).
   */
  roundAll: boolean;
  /** A voucher worth more than what is left to pay: 'refuse' it, or 'keep' the excess. */
  voucherExcess: VoucherExcessPolicy;
  shop: Shop;
  /**
   * Seconds with no key struck nor screen touched before the screens sign the user out (the
   * ticket being rung up is kept for the next sign-in); 0: never.
   */
  idleSignOutSeconds: number;
}

export const DEFAULT_SETTINGS: TillSettings = {
  tillName: 'Till 1',
  locale: 'fr-BE',
  timeZone: DEFAULT_TIME_ZONE,
  discountApprovalAboveBp: 2000,
  paymentMethods: [
    { id: 'cash', label: '', kind: 'cash' },
    { id: 'card', label: '', kind: 'card' },
  ],
  roundAll: false,
  voucherExcess: 'refuse',
  shop: { name: 'EasyMyMarket', addressLines: [], vatNumber: '', footerLines: [] },
  idleSignOutSeconds: 300,
};

const SETTINGS = {
  tillName: ['till.name', z.string().min(1)],
  locale: ['till.locale', z.enum(LOCALES)],
  timeZone: ['till.timeZone', z.string().refine(isTimeZone)],
  discountApprovalAboveBp: ['discount.approvalAboveBp', z.number().int().min(0).max(10_000)],
  paymentMethods: ['payment.methods', z.array(paymentMethodSchema).min(1)],
  roundAll: ['payment.roundAll', z.boolean()],
  voucherExcess: ['payment.voucherExcess', z.enum(['refuse', 'keep'])],
  shop: ['shop', shopSchema],
  idleSignOutSeconds: ['auth.idleSignOutSeconds', z.number().int().min(0).max(86_400)],
} as const;

/** The till's settings, each falling back to its default when unset or unreadable. */
export function readTillSettings(db: Db): TillSettings {
  const read = <K extends keyof TillSettings>(key: K): TillSettings[K] => {
    const [name, schema] = SETTINGS[key];
    const parsed = schema.safeParse(getSetting(db, name));
    return parsed.success ? (parsed.data as TillSettings[K]) : DEFAULT_SETTINGS[key];
  };
  return {
    tillName: read('tillName'),
    locale: read('locale'),
    timeZone: read('timeZone'),
    discountApprovalAboveBp: read('discountApprovalAboveBp'),
    paymentMethods: read('paymentMethods'),
    roundAll: read('roundAll'),
    voucherExcess: read('voucherExcess'),
    shop: read('shop'),
    idleSignOutSeconds: read('idleSignOutSeconds'),
  };
}

export const SETTING_KEYS = Object.fromEntries(
  Object.entries(SETTINGS).map(([key, [name]]) => [key, name]),
) as Record<keyof TillSettings, string>;

/** The kind of each method of the till; a method the settings don't know is refused by name. */
export function paymentKindOf(settings: TillSettings): (method: string) => PaymentKind {
  const kinds = new Map(settings.paymentMethods.map((method) => [method.id, method.kind]));
  return (method) => {
    const kind = kinds.get(method);
    if (!kind) {
      throw new TillError(
        'payment.unknown_method',
        `"${method}" is not a payment method of this till`,
        { method },
      );
    }
    return kind;
  };
}
