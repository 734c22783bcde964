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
