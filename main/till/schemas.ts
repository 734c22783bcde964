import { z } from 'zod';
import { TillError } from '../../domain/errors';
import { LOCALES, MAX_CENTS, MAX_MILLI } from '../../domain/money';

export const cents = z.number().int().min(0).max(MAX_CENTS);
export const signedCents = z.number().int().min(-MAX_CENTS).max(MAX_CENTS);
export const positiveMilli = z.number().int().min(1).max(MAX_MILLI);
const id = z.string().min(1).max(64);
const pin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');
/**
 * Made by the screen when a money-moving act starts and sent again on a retry or a double-click:
 * the till applies an id once (optional for the command line and the tests, which call once).
 */
const operationId = z.string().uuid().optional();

export const approvalSchema = z.object({ userId: z.number().int().positive(), pin }).strict();

export const discountSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('percent'), basisPoints: z.number().int().min(0).max(10_000) })
    .strict(),
  z.object({ kind: z.literal('amount'), cents }).strict(),
]);

/** Coins and notes counted in the drawer: denomination in cents -> how many. */
export const countsSchema = z.record(
  z.string().regex(/^\d+$/),
  z.number().int().min(0).max(100_000),
);

const locale = z.enum(LOCALES);
const line = z.string().trim().max(100);

/** An operation that takes nothing. */
export const none = z.object({}).strict();

export const schemas = {
  ticketNumber: z.object({ ticketNumber: z.number().int().positive() }).strict(),
  sellByWeight: z
    .object({
      productId: z.number().int().positive(),
      tareGrams: z.number().int().min(0).max(100_000).optional(),
      tareBarcode: z.string().min(1).max(64).optional(),
      /** How long to wait for a steady weight (10 s unless told). */
      timeoutMs: z.number().int().min(100).max(60_000).optional(),
    })
    .strict(),
  readWeight: z.object({ tareGrams: z.number().int().min(0).max(100_000).optional() }).strict(),
  showText: z.object({ line1: z.string().max(40), line2: z.string().max(40) }).strict(),
  waitForScan: z.object({ timeoutMs: z.number().int().min(100).max(60_000).optional() }).strict(),
  /** The server's address (http(s)://HOST:PORT, or HOST:PORT) and its one-time code. */
  enrol: z
    .object({
      server: z.string().trim().min(1).max(200),
      code: z.string().trim().min(1).max(100),
      approval: approvalSchema.optional(),
    })
    .strict(),
  unenrol: z.object({ approval: approvalSchema.optional() }).strict(),
  signIn: z.object({ userId: z.number().int().positive(), pin }).strict(),
  signInByBadge: z.object({ code: z.string().trim().min(1).max(64) }).strict(),
  setMyLocale: z.object({ locale }).strict(),
  findTicket: z.object({ reference: z.string().trim().min(1).max(64) }).strict(),
  setMemberStatus: z
    .object({
      code: z.string().min(1).max(64),
      mayShop: z.boolean(),
      block: z.enum(['soft', 'hard']),
      approval: approvalSchema.optional(),
    })
    .strict(),
  updateSettings: z
    .object({
      locale: locale.optional(),
      shop: z
        .object({
          name: z.string().trim().min(1).max(100),
          addressLines: z.array(line).max(6),
          footerLines: z.array(line).max(6),
        })
        .strict()
        .optional(),
      approval: approvalSchema.optional(),
    })
    .strict(),
  openSession: z.object({ counts: countsSchema }).strict(),
  addByBarcode: z.object({ code: z.string().min(1).max(64) }).strict(),
  addProduct: z
    .object({ productId: z.number().int().positive(), quantity: positiveMilli.optional() })
    .strict(),
  searchProducts: z
    .object({
      query: z.string().max(100),
      limit: z.number().int().min(1).max(200).default(20),
      /** The language on screen: its names rank first. */
      locale: locale.optional(),
    })
    .strict(),
  setQuantity: z.object({ lineId: id, quantity: positiveMilli }).strict(),
  setPrice: z.object({ lineId: id, price: cents, approval: approvalSchema.optional() }).strict(),
  setLineDiscount: z
    .object({
      lineId: id,
      discount: discountSchema.nullable(),
      approval: approvalSchema.optional(),
    })
    .strict(),
  setTicketDiscount: z
    .object({ discount: discountSchema.nullable(), approval: approvalSchema.optional() })
    .strict(),
  removeLine: z.object({ lineId: id }).strict(),
  attachMember: z
    .object({
      barcode: z.string().min(1).max(64).optional(),
      number: z.string().min(1).max(32).optional(),
    })
    .strict()
    .refine((input) => (input.barcode === undefined) !== (input.number === undefined), {
      message: 'give either a card barcode or a member number',
    }),
  pay: z
    .object({
      payments: z
        .array(z.object({ method: z.string().min(1).max(32), amount: cents }).strict())
        .min(1)
        .max(10),
      /** The cashier saw that the member may not shop (or that there is none) and goes on. */
      acknowledged: z.boolean().default(false),
      /** A manager's approval, for a member the coop blocks hard. */
      approval: approvalSchema.optional(),
      operationId,
    })
    .strict(),
  refund: z
    .object({
      ticketNumber: z.number().int().positive(),
      /** Which lines and how much of each; every line, in full, when absent. */
      lines: z
        .array(z.object({ lineId: id, quantity: positiveMilli }).strict())
        .min(1)
        .optional(),
      method: z.string().min(1).max(32),
      approval: approvalSchema.optional(),
      operationId,
    })
    .strict(),
  cashMove: z
    .object({
      amount: signedCents.refine((amount) => amount !== 0, 'a cash move cannot be zero'),
      reason: z.string().trim().min(1).max(200),
      approval: approvalSchema.optional(),
      operationId,
    })
    .strict(),
  openDrawer: z
    .object({
      reason: z.string().trim().min(1).max(200),
      approval: approvalSchema.optional(),
      operationId,
    })
    .strict(),
  closeSession: z
    .object({ counts: countsSchema, approval: approvalSchema.optional(), operationId })
    .strict(),
};

/** Validates an operation's input, or refuses it with every problem named. */
/** An operation's input once its schema has parsed it. */
export type Parsed<K extends keyof typeof schemas> = z.output<(typeof schemas)[K]>;

export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
  throw new TillError('input.invalid', `Invalid input: ${problems}`, { problems });
}
