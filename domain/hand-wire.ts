import { z } from 'zod';

/**
 * What the handheld keeps of a product to work offline: read by the server's route and by the
 * handheld (which parses it, never casts it). Money in cents; quantities and net content in
 * thousandths; `onHand` is the server's ledger at the time of the answer, in thousandths of the
 * product's unit.
 */
export const handProductSchema = z
  .object({
    id: z.number().int().positive(),
    name: z.string().min(1),
    nameNl: z.string().nullable(),
    price: z.number().int().min(0),
    unit: z.enum(['piece', 'kg']),
    barcodes: z.array(z.string()),
    zone: z.string().nullable(),
    netContent: z.number().int().positive().nullable(),
    contentUnit: z.enum(['g', 'kg', 'ml', 'l', 'piece']).nullable(),
    onHand: z.number().int(),
  })
  .strict();
export type HandProduct = z.infer<typeof handProductSchema>;

/** The whole catalogue for one handheld at once: 3,500 products are a few hundred KB of JSON. */
export const handCatalogueSchema = z
  .object({
    /** When the server read it (ISO): the stock figures are as of then. */
    at: z.string(),
    /** The coop's barcode rules (setting `barcode.nomenclature`), null for the default ones. */
    nomenclature: z.unknown().nullable(),
    products: z.array(handProductSchema),
  })
  .strict();
export type HandCatalogue = z.infer<typeof handCatalogueSchema>;

/**
 * The stock work a handheld keeps for offline use beside the catalogue: purchase orders waiting
 * for their delivery (what is still expected of each line), zones being counted, the lines this
 * volunteer counted that are sent back for a recount (with what the ledger expects, shown only
 * then), and products whose best-before date is near.
 */
export const handWorkSchema = z
  .object({
    at: z.string(),
    orders: z.array(
      z
        .object({
          id: z.number().int().positive(),
          supplierName: z.string(),
          status: z.enum(['sent', 'partly_received']),
          sentAt: z.string().nullable(),
          /** A delivery for it is open on some device: another volunteer should not start one. */
          beingReceived: z.boolean(),
          lines: z.array(
            z
              .object({
                productId: z.number().int().positive(),
                /** Thousandths still expected: ordered less what earlier deliveries brought. */
                outstanding: z.number().int().min(0),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    inventories: z.array(z.object({ id: z.number().int().positive(), zone: z.string() }).strict()),
    recounts: z.array(
      z
        .object({
          inventoryId: z.number().int().positive(),
          productId: z.number().int().positive(),
          /** The ledger's level now, in thousandths: shown to the recounter, never at first. */
          expected: z.number().int(),
        })
        .strict(),
    ),
    nearExpiry: z.array(
      z
        .object({
          productId: z.number().int().positive(),
          bestBefore: z.string(),
        })
        .strict(),
    ),
  })
  .strict();
export type HandWork = z.infer<typeof handWorkSchema>;
