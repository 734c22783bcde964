import { z } from 'zod';
import type { Db } from '../../db/open';
import { getSetting } from '../../db/settings';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../domain/dates';

export const paymentMethodSchema = z.object({
  id: z.string().min(1).max(32),
  /** Shown on receipts and screens; empty: the receipt names cash and card in its own language. */
  label: z.string(),
  /** Cash goes into the drawer, can be overpaid (change) and is rounded to 0.05 EUR. */
  cash: z.boolean(),
});

export const shopSchema = z.object({
  name: z.string(),
  addressLines: z.array(z.string()),
  vatNumber: z.string(),
  footerLines: z.array(z.string()),
});

export type PaymentMethod = z.infer<typeof paymentMethodSchema>;
export type Shop = z.infer<typeof shopSchema>;

export interface TillSettings {
  tillName: string;
  locale: 'fr-BE' | 'nl-BE' | 'en';
  /** The coop's time zone: a "day" in exports and reports is a local calendar day of it. */
  timeZone: string;
  /** A discount above this (basis points of what it discounts) needs a manager's approval. */
  discountApprovalAboveBp: number;
  paymentMethods: PaymentMethod[];
  shop: Shop;
}

export const DEFAULT_SETTINGS: TillSettings = {
  tillName: 'Till 1',
  locale: 'fr-BE',
  timeZone: DEFAULT_TIME_ZONE,
  discountApprovalAboveBp: 2000,
  paymentMethods: [
    { id: 'cash', label: '', cash: true },
    { id: 'card', label: '', cash: false },
  ],
  shop: { name: 'EasyMyMarket', addressLines: [], vatNumber: '', footerLines: [] },
};

const SETTINGS = {
  tillName: ['till.name', z.string().min(1)],
  locale: ['till.locale', z.enum(['fr-BE', 'nl-BE', 'en'])],
  timeZone: ['till.timeZone', z.string().refine(isTimeZone)],
  discountApprovalAboveBp: ['discount.approvalAboveBp', z.number().int().min(0).max(10_000)],
  paymentMethods: ['payment.methods', z.array(paymentMethodSchema).min(1)],
  shop: ['shop', shopSchema],
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
    shop: read('shop'),
  };
}

export const SETTING_KEYS = Object.fromEntries(
  Object.entries(SETTINGS).map(([key, [name]]) => [key, name]),
) as Record<keyof TillSettings, string>;
