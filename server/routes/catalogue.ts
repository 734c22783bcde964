import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseWith } from '../app';
import {
  applyBulkPrice,
  bulkApplySchema,
  bulkPreviewSchema,
  categoryEditSchema,
  changeBarcode,
  editProduct,
  listCategories,
  listTaxRates,
  previewBulkPrice,
  priceEditSchema,
  productDetail,
  productEditSchema,
  saveCategory,
  setPrice,
} from '../catalogue-work';
import { importProducts, previewProducts } from '../csv-import';
import { readSupplierFile } from '../stock/supplier-file';
import type { Store } from '../store';

/** The back office's catalogue (`/v1/catalogue/`): managers and admins, by cookie. */
const MANAGERS = { access: { roles: ['admin', 'manager'] } } as const;

const id = z.coerce.number().int().positive().max(2_147_483_647);
const idParam = z.object({ id }).strict();
const codeParams = z.object({ id, code: z.string().max(40) }).strict();
/** A CSV or XLSX file as the page reads it: its bytes in base64. */
const fileBody = z.object({ file: z.base64().max(6_000_000) }).strict();

/** A CSV or XLSX workbook's first sheet as the CSV text the products import reads. */
async function productsText(base64: string): Promise<string> {
  const { table, format } = await readSupplierFile(Buffer.from(base64, 'base64'));
  if (format === 'csv') return Buffer.from(base64, 'base64').toString('utf8');
  const cell = (text: string) => `"${text.replace(/"/g, '""')}"`;
  return [
    table.columns,
    ...table.rows.map((row) => table.columns.map((column) => row.cells.get(column) ?? '')),
  ]
    .map((cells) => cells.map(cell).join(','))
    .join('\n');
}

export async function catalogueRoutes(
  app: FastifyInstance,
  options: { store: Store; clock: () => Date },
): Promise<void> {
  const { store, clock } = options;
  const personId = (request: { person: { personId: number } | null }) =>
    request.person?.personId ?? null;

  app.get('/products/:id', { config: MANAGERS }, async (request) =>
    productDetail(store, parseWith(idParam, request.params).id),
  );
  app.put('/products/:id', { config: MANAGERS }, async (request) =>
    editProduct(store, {
      productId: parseWith(idParam, request.params).id,
      edit: parseWith(productEditSchema, request.body),
      personId: personId(request),
      now: clock(),
    }),
  );
  app.put('/products/:id/price', { config: MANAGERS }, async (request) =>
    setPrice(store, {
      productId: parseWith(idParam, request.params).id,
      ...parseWith(priceEditSchema, request.body),
      personId: personId(request),
      now: clock(),
    }),
  );
  app.post('/products/:id/barcodes', { config: MANAGERS }, async (request) =>
    changeBarcode(store, {
      productId: parseWith(idParam, request.params).id,
      code: parseWith(z.object({ code: z.string().trim().max(40) }).strict(), request.body).code,
      add: true,
      personId: personId(request),
      now: clock(),
    }),
  );
  app.delete('/products/:id/barcodes/:code', { config: MANAGERS }, async (request) => {
    const params = parseWith(codeParams, request.params);
    return changeBarcode(store, {
      productId: params.id,
      code: params.code,
      add: false,
      personId: personId(request),
      now: clock(),
    });
  });

  app.get('/categories', { config: MANAGERS }, async () => ({
    categories: await listCategories(store),
    taxRates: await listTaxRates(store),
  }));
  app.post('/categories', { config: MANAGERS }, async (request, reply) =>
    reply.code(201).send(
      await saveCategory(store, {
        categoryId: null,
        ...parseWith(categoryEditSchema, request.body),
        personId: personId(request),
        now: clock(),
      }),
    ),
  );
  app.put('/categories/:id', { config: MANAGERS }, async (request) =>
    saveCategory(store, {
      categoryId: parseWith(idParam, request.params).id,
      ...parseWith(categoryEditSchema, request.body),
      personId: personId(request),
      now: clock(),
    }),
  );

  app.post('/bulk-price/preview', { config: MANAGERS }, async (request) =>
    previewBulkPrice(store, parseWith(bulkPreviewSchema, request.body)),
  );
  app.post('/bulk-price/apply', { config: MANAGERS }, async (request) =>
    applyBulkPrice(store, parseWith(bulkApplySchema, request.body), personId(request), clock()),
  );

  app.post('/import/preview', { config: MANAGERS }, async (request) =>
    previewProducts(store, await productsText(parseWith(fileBody, request.body).file)),
  );
  app.post('/import/apply', { config: MANAGERS }, async (request) =>
    importProducts(
      store,
      await productsText(parseWith(fileBody, request.body).file),
      clock(),
      personId(request),
    ),
  );
}
