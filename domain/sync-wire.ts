/**
 * The sync protocol's push messages, declared once: the till's client builds and parses them
 * with these schemas, and the server's route checks them with the same ones.
 */
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { LOCALES } from './money';

/**
 * The instance of a till database from before instances existed: the server holds such a till's
 * earlier events under it, and a push that names no instance is taken as from it.
 */
export const LEGACY_INSTANCE = '00000000-0000-0000-0000-000000000000';

export const MAX_PUSH_EVENTS = 5000;

/** Any UUID (the nil one too), lower-cased. */
export const uuidSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a UUID')
  .transform((value) => value.toLowerCase());

export const pushedEventSchema = z
  .object({
    id: uuidSchema,
    seq: z.number().int().min(1).max(2_147_483_647),
    type: z.string().regex(/^[a-z_]{1,40}$/),
    createdAt: z.iso.datetime(),
    payload: z.record(z.string(), z.unknown()),
    /** HMAC-SHA-256 of macMessage(), hex, under the key the till got at enrolment. */
    mac: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict();
export type PushedEvent = z.output<typeof pushedEventSchema>;

/**
 * What an event's MAC covers: the event as sent (every field but the MAC) and the instance it is
 * sent for, in canonical JSON, so that any edit on the way, or a replay under another instance,
 * breaks it.
 */
export function macMessage(instance: string, event: Record<string, unknown>): string {
  const fields = Object.fromEntries(Object.entries(event).filter(([key]) => key !== 'mac'));
  return canonicalize({ instance: instance.toLowerCase(), event: fields }) ?? '';
}

export const pushBodySchema = z
  .object({
    /** The till database's instance (see migration till_instance); absent from older tills. */
    instance: uuidSchema.default(LEGACY_INSTANCE),
    events: z.array(pushedEventSchema),
  })
  .strict();
export type PushBody = z.input<typeof pushBodySchema>;

/**
 * What the server reads of a batch before looking at each event: an event whose sequence (and
 * id) it can read takes its place in the till's sequence even when the rest of it is malformed
 * (it is then quarantined, and the till's later events go on); only an event that cannot be
 * placed refuses the batch.
 */
export const pushEnvelopeSchema = z
  .object({
    instance: uuidSchema.default(LEGACY_INSTANCE),
    events: z.array(
      z.looseObject({
        id: z.string().min(1).max(100),
        seq: z.number().int().min(1).max(2_147_483_647),
      }),
    ),
  })
  .strict();

/** The problems zod found, in one line of words. */
export function issuesInWords(error: z.ZodError, most = 5): string {
  const words = error.issues
    .slice(0, most)
    .map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  const more = error.issues.length - most;
  return more > 0 ? `${words.join('; ')}; and ${more} more` : words.join('; ');
}

/** The enrolment's answer: the till's token, and the key its events are authenticated under. */
export const enrolAnswerSchema = z.object({
  tillId: z.number().int(),
  name: z.string(),
  token: z.string().min(16),
  macKey: z.string().min(32),
});

export const pushAnswerSchema = z
  .object({
    /** The highest sequence of this instance the server holds with none missing before it. */
    ackedSeq: z.number().int().min(0),
    /** Events of this batch held but not booked (quarantined), named by their id. */
    rejected: z.array(z.object({ id: z.string(), seq: z.number().int(), reason: z.string() })),
  })
  .strict();
export type PushAnswer = z.output<typeof pushAnswerSchema>;

/**
 * The server's 409: this instance re-used sequence numbers for other events than those it holds
 * (a database restored from a copy). Nothing of the batch is acked; an admin reviews the fork.
 */
export const forkAnswerSchema = z.object({
  error: z.string(),
  fork: z.object({ instance: uuidSchema, fromSeq: z.number().int().min(1) }),
});
export type ForkAnswer = z.output<typeof forkAnswerSchema>;

const rowId = z.number().int();
const deleted = z.boolean();

/** One page of the catalogue a till pulls: each table's changed rows, tombstones included. */
export const pulledChangesSchema = z.object({
  taxRates: z.array(z.object({ id: rowId, name: z.string(), rateBp: z.number().int(), deleted })),
  categories: z.array(
    z.object({ id: rowId, name: z.string(), nameNl: z.string().nullable(), deleted }),
  ),
  settings: z.array(z.object({ key: z.string(), value: z.json(), deleted })),
  users: z.array(
    z.object({
      id: rowId,
      name: z.string(),
      role: z.enum(['cashier', 'manager']),
      pinHash: z.string(),
      active: z.boolean(),
      // A person's badge and language, from the server's people (absent from an older server).
      badge: z.string().nullable().optional(),
      locale: z.enum(LOCALES).nullable().optional(),
      deleted,
    }),
  ),
  products: z.array(
    z.object({
      id: rowId,
      name: z.string(),
      nameNl: z.string().nullable(),
      categoryId: rowId.nullable(),
      taxRateId: rowId,
      price: z.number().int(),
      unit: z.enum(['piece', 'kg']),
      active: z.boolean(),
      barcodes: z.array(z.string()),
      deleted,
    }),
  ),
  members: z.array(
    z.object({
      id: rowId,
      number: z.string(),
      name: z.string(),
      cardBarcode: z.string().nullable(),
      status: z.string(),
      eaters: z.number().int(),
      mayShopOverride: z.boolean(),
      eaterNames: z.array(z.string()),
      memberOf: rowId.nullable(),
      deleted,
    }),
  ),
  /** Absent from a server older than member statuses. */
  memberStatuses: z
    .array(
      z.object({
        code: z.string(),
        labels: z.object({ 'fr-BE': z.string(), 'nl-BE': z.string(), en: z.string() }),
        mayShop: z.boolean(),
        block: z.enum(['soft', 'hard']).nullable(),
        deleted,
      }),
    )
    .optional(),
});

export const pullPageSchema = z.object({
  /** Given back to get the next page; opaque to the till. */
  cursor: z.string(),
  more: z.boolean(),
  changes: pulledChangesSchema,
});
export type PullPageWire = z.output<typeof pullPageSchema>;
