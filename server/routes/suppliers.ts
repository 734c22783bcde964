import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseWith } from '../app';
import type { Store } from '../store';
import { priceListMappingSchema } from '../../domain/supplier-price-list';
import {
  createSupplier,
  deactivateSupplier,
  deactivateSupplierProduct,
  getSupplier,
  listSupplierProducts,
  listSuppliers,
  putSupplierProduct,
  refusal,
  setMapping,
  supplierProductSchema,
  supplierSchema,
  updateSupplier,
} from '../suppliers';
import { applyPriceList, getPreview, listPriceLists, previewPriceList } from '../stock/price-lists';

interface SuppliersOptions {
  store: Store;
  clock: () => Date;
}

const BUYERS = { access: { roles: ['admin', 'manager'] } } as const;
const READERS = { access: { roles: ['admin', 'manager', 'stock'] } } as const;

const id = z.coerce.number().int().positive().max(2_147_483_647);
const idParam = z.object({ id }).strict();
const linkParam = z.object({ id, productId: id }).strict();
const importParam = z.object({ id, importId: z.uuid() }).strict();
const day = z.iso.date('a day: YYYY-MM-DD');

/** The content types a supplier's file comes as; each is read as bytes (encodings matter). */
const FILE_TYPES = [
  'text/csv',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** Suppliers, what each sells us, and their price lists (previewed, then applied). */
export async function suppliersRoutes(
  app: FastifyInstance,
  options: SuppliersOptions,
): Promise<void> {
  const { store, clock } = options;
  const personId = (request: { person: { personId: number } | null }) =>
    request.person?.personId ?? null;

  // A CSV's bytes, not a string: its encoding is detected as the till's imports do.
  app.removeContentTypeParser('text/csv');
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.get('/', { config: READERS }, async () => listSuppliers(store));
  app.get('/:id', { config: READERS }, async (request) =>
    getSupplier(store, parseWith(idParam, request.params).id),
  );
  app.post('/', { config: BUYERS }, async (request, reply) =>
    reply
      .code(201)
      .send(await createSupplier(store, parseWith(supplierSchema, request.body), clock())),
  );
  app.put('/:id', { config: BUYERS }, async (request) =>
    updateSupplier(
      store,
      parseWith(idParam, request.params).id,
      parseWith(supplierSchema, request.body),
      clock(),
    ),
  );
  // A supplier is never deleted (orders and costs name it): it stops being active.
  app.delete('/:id', { config: BUYERS }, async (request) =>
    deactivateSupplier(store, parseWith(idParam, request.params).id, clock()),
  );

  app.get('/:id/mapping', { config: READERS }, async (request) => {
    const supplier = await getSupplier(store, parseWith(idParam, request.params).id);
    return supplier.mapping ?? Promise.reject(refusal(404, `${supplier.name} has no mapping yet`));
  });
  app.put('/:id/mapping', { config: BUYERS }, async (request) =>
    setMapping(
      store,
      parseWith(idParam, request.params).id,
      parseWith(priceListMappingSchema, request.body),
      clock(),
    ),
  );

  app.get('/:id/products', { config: READERS }, async (request) =>
    listSupplierProducts(store, parseWith(idParam, request.params).id),
  );
  app.put('/:id/products/:productId', { config: BUYERS }, async (request) => {
    const { id: supplierId, productId } = parseWith(linkParam, request.params);
    const input = parseWith(supplierProductSchema, request.body);
    return store.transaction((tx) =>
      putSupplierProduct(
        tx,
        { supplierId, productId, personId: personId(request), now: clock() },
        input,
      ),
    );
  });
  app.delete('/:id/products/:productId', { config: BUYERS }, async (request) => {
    const { id: supplierId, productId } = parseWith(linkParam, request.params);
    return store.transaction((tx) => deactivateSupplierProduct(tx, supplierId, productId, clock()));
  });

  // The price list: previewed first (kept under an id), then applied by referring to it.
  app.post('/:id/price-lists', { config: BUYERS }, async (request, reply) => {
    const { id: supplierId } = parseWith(idParam, request.params);
    const { file } = parseWith(
      z.object({ file: z.string().trim().min(1).max(200).optional() }).strict(),
      request.query,
    );
    if (!Buffer.isBuffer(request.body)) {
      throw refusal(415, `Send the supplier's file as the body, typed ${FILE_TYPES.join(' or ')}`);
    }
    const preview = await previewPriceList(store, {
      supplierId,
      bytes: request.body,
      fileName: file ?? null,
      personId: personId(request),
      now: clock(),
    });
    return reply.code(201).send(preview);
  });
  app.get('/:id/price-lists', { config: READERS }, async (request) =>
    listPriceLists(store, parseWith(idParam, request.params).id),
  );
  app.get('/:id/price-lists/:importId', { config: READERS }, async (request) => {
    const { id: supplierId, importId } = parseWith(importParam, request.params);
    return getPreview(store, supplierId, importId);
  });
  app.post('/:id/price-lists/:importId/apply', { config: BUYERS }, async (request) => {
    const { id: supplierId, importId } = parseWith(importParam, request.params);
    const { effectiveFrom } = parseWith(z.object({ effectiveFrom: day }).strict(), request.body);
    return applyPriceList(store, {
      supplierId,
      importId,
      effectiveFrom,
      personId: personId(request),
      now: clock(),
    });
  });
}
