import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseWith } from '../app';
import { createTill, listTills, renewEnrolment, revokeTill } from '../tills';
import {
  CATALOG_TABLES,
  catalogTransaction,
  getProduct,
  getProductStock,
  productStockSchema,
  schemas,
  tombstone,
  upsertCategory,
  upsertMembers,
  upsertMemberStatus,
  deleteMemberStatus,
  listMemberStatuses,
  upsertProducts,
  upsertTaxRate,
  upsertUser,
} from '../catalog';
import { importMembers, importProducts } from '../csv-import';
import { changeSetting } from '../coop';
import { updateProductStock } from '../stock/product-stock';
import * as books from '../books';
import { reviseCounts } from '../stock/inventory-lines';
import { acceptFork } from '../push';
import { uuidSchema } from '../../domain/sync-wire';
import type { Store } from '../store';
import { validateNomenclature } from '../../domain/barcode';
import { isTillError } from '../../domain/errors';
import { MANAGER_PIN_SETTING, managerPinSettingProblem } from '../../domain/people';

/** The barcode rules tills pull: checked here, so that no till is sent rules it cannot read. */
const NOMENCLATURE_SETTING = 'barcode.nomenclature';
function checkNomenclature(value: unknown): void {
  try {
    validateNomenclature(value);
  } catch (error) {
    if (!isTillError(error)) throw error;
    throw Object.assign(new Error(error.message), { statusCode: 400 });
  }
}

interface AdminOptions {
  store: Store;
  clock: () => Date;
}

const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }).strict();
/** A page of a listing: the rows after an id, at most `limit` of them. */
const pageQuery = z
  .object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
// The till's keys are camelCase after their dot (till.timeZone, payment.roundAll).
const keyParam = z.object({ key: z.string().regex(/^[a-z][A-Za-z0-9_.]{0,99}$/) }).strict();
const codeParam = z.object({ code: z.string().regex(/^[a-z0-9_]{1,40}$/) }).strict();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day: YYYY-MM-DD');
const notFound = (what: string) =>
  Object.assign(new Error(`${what} not found`), { statusCode: 404 });

/** The back office: catalogue, members, stock, sales figures, tills and the quarantine. */
export async function adminRoutes(app: FastifyInstance, options: AdminOptions): Promise<void> {
  const { store, clock } = options;
  // The whole folder needs the admin token (scripts) or a signed-in admin.
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: 'admin' };
  });

  // Tills
  app.get('/tills', async () => listTills(store));
  app.post('/tills', async (request, reply) => {
    const { name } = parseWith(
      z.object({ name: z.string().trim().min(1).max(100) }).strict(),
      request.body,
    );
    return reply.code(201).send(await createTill(store, name, clock()));
  });
  app.post('/tills/:id/revoke', async (request) => {
    const { id } = parseWith(idParam, request.params);
    if (!(await revokeTill(store, id, clock()))) throw notFound(`Till ${id}`);
    return { revoked: id };
  });
  // A fork (a till database restored from a copy) waits for the admin, who reviews its events in
  // the quarantine and accepts them: the till's next push books them.
  app.get('/tills/:id/forks', async (request) => {
    const { id } = parseWith(idParam, request.params);
    return store.query(
      `SELECT instance, fork_seq AS "fromSeq", fork_at AS "at", last_seq AS "lastSeq"
         FROM till_instances WHERE till_id = $1 AND fork_seq IS NOT NULL ORDER BY fork_at`,
      [id],
    );
  });
  app.post('/tills/:id/forks/:instance/accept', async (request) => {
    const { id, instance } = parseWith(
      z.object({ id: idParam.shape.id, instance: uuidSchema }).strict(),
      request.params,
    );
    const accepted = await acceptFork(store, id, instance, clock());
    if (!accepted) throw notFound(`A fork of till ${id} under instance ${instance}`);
    return accepted;
  });
  app.post('/tills/:id/enrolment', async (request) => {
    const { id } = parseWith(idParam, request.params);
    const renewed = await renewEnrolment(store, id, clock());
    if (!renewed) throw notFound(`Till ${id}`);
    return renewed;
  });

  // Catalogue
  app.get('/products', async (request) => {
    const query = parseWith(pageQuery, request.query);
    return books.listProducts(store, query.after, query.limit);
  });
  app.get('/products/:id', async (request) => {
    const { id } = parseWith(idParam, request.params);
    return (await getProduct(store, id)) ?? Promise.reject(notFound(`Product ${id}`));
  });
  app.put('/products/:id', async (request) => {
    const { id } = parseWith(idParam, request.params);
    const product = parseWith(schemas.product, { ...(request.body as object), id });
    await catalogTransaction(store, (tx) =>
      upsertProducts(tx, [product], clock().toISOString(), request.person?.personId ?? null),
    );
    return getProduct(store, id);
  });
  const patchProduct = (field: 'price' | 'barcodes') => async (request: FastifyRequest) => {
    const { id } = parseWith(idParam, request.params);
    const change = parseWith(field === 'price' ? schemas.price : schemas.barcodes, request.body);
    return catalogTransaction(store, async (tx) => {
      const product = await getProduct(tx, id);
      if (!product) throw notFound(`Product ${id}`);
      await upsertProducts(
        tx,
        [{ ...product, ...change }],
        clock().toISOString(),
        request.person?.personId ?? null,
      );
      return getProduct(tx, id);
    });
  };
  // What stock needs of a product (content, cost, zone), for scripts with the admin token too.
  app.get('/products/:id/stock', async (request) => {
    const { id } = parseWith(idParam, request.params);
    return (await getProductStock(store, id)) ?? Promise.reject(notFound(`Product ${id}`));
  });
  app.put('/products/:id/stock', async (request) =>
    updateProductStock(store, {
      productId: parseWith(idParam, request.params).id,
      stock: parseWith(productStockSchema, request.body),
      personId: request.person?.personId ?? null,
      now: clock(),
    }),
  );
  app.put('/products/:id/price', patchProduct('price'));
  app.put('/products/:id/barcodes', patchProduct('barcodes'));
  app.get('/products/:id/prices', async (request) => {
    const { id } = parseWith(idParam, request.params);
    return books.priceHistory(store, id);
  });
  app.put('/categories/:id', async (request) => {
    const { id } = parseWith(idParam, request.params);
    const category = parseWith(schemas.category, { ...(request.body as object), id });
    await catalogTransaction(store, (tx) => upsertCategory(tx, category));
    return { id };
  });
  app.put('/tax-rates/:id', async (request) => {
    const { id } = parseWith(idParam, request.params);
    const rate = parseWith(schemas.taxRate, { ...(request.body as object), id });
    await catalogTransaction(store, (tx) => upsertTaxRate(tx, rate));
    return { id };
  });
  app.put('/members/:id', async (request) => {
    const { id } = parseWith(idParam, request.params);
    const member = parseWith(schemas.member, { ...(request.body as object), id });
    await catalogTransaction(store, (tx) => upsertMembers(tx, [member]));
    return { id };
  });
  app.get('/member-statuses', async () => listMemberStatuses(store));
  app.put('/member-statuses/:code', async (request) => {
    const { code } = parseWith(codeParam, request.params);
    const status = parseWith(schemas.memberStatus, { ...(request.body as object), code });
    await catalogTransaction(store, (tx) => upsertMemberStatus(tx, status));
    return { code };
  });
  app.delete('/member-statuses/:code', async (request) => {
    const { code } = parseWith(codeParam, request.params);
    if (!(await catalogTransaction(store, (tx) => deleteMemberStatus(tx, code)))) {
      throw notFound(`member status ${code}`);
    }
    return { deleted: code };
  });
  app.get('/members', async (request) => {
    const query = parseWith(pageQuery, request.query);
    return books.listMembers(store, query.after, query.limit);
  });
  // The older users route takes a ready scrypt hash, never the PIN: it cannot check the PIN's
  // length (auth.manager_pin_min_length); the people's routes, which take the PIN, do.
  app.put('/users/:id', async (request) => {
    const { id } = parseWith(idParam, request.params);
    const user = parseWith(schemas.user, { ...(request.body as object), id });
    await catalogTransaction(store, (tx) => upsertUser(tx, user));
    return { id };
  });
  app.put('/settings/:key', async (request) => {
    const { key } = parseWith(keyParam, request.params);
    const { value } = parseWith(schemas.setting, request.body);
    if (key === NOMENCLATURE_SETTING) checkNomenclature(value);
    const pinProblem = key === MANAGER_PIN_SETTING ? managerPinSettingProblem(value) : null;
    if (pinProblem) throw Object.assign(new Error(pinProblem), { statusCode: 400 });
    // Kept with who and when, as the office's changes are: the settings page shows them.
    await changeSetting(
      store,
      key,
      value,
      request.person ? { personId: request.person.personId } : { other: 'admin_token' },
      clock(),
    );
    return { key };
  });
  for (const [path, table] of Object.entries(CATALOG_TABLES)) {
    app.delete(`/${path}/:id`, async (request) => {
      const { id } = parseWith(idParam, request.params);
      if (!(await catalogTransaction(store, (tx) => tombstone(tx, table, id)))) {
        throw notFound(`${path} ${id}`);
      }
      return { deleted: id };
    });
  }
  app.post('/import/products', async (request) =>
    importProducts(store, parseWith(z.string().max(50_000_000), request.body), clock()),
  );
  app.post('/import/members', async (request) =>
    importMembers(store, parseWith(z.string().max(50_000_000), request.body)),
  );

  // Stock
  app.get('/stock', async (request) => {
    const query = parseWith(
      z.object({ productId: z.coerce.number().int().positive().optional() }).strict(),
      request.query,
    );
    return books.stockLevels(store, query.productId ?? null);
  });
  app.get('/stock/:id/moves', async (request) => {
    const { id } = parseWith(idParam, request.params);
    return books.stockMoves(store, id);
  });
  app.post('/stock/moves', async (request, reply) => {
    const move = parseWith(
      z
        .object({
          productId: z.number().int().positive(),
          quantity: z
            .number()
            .int()
            .refine((value) => value !== 0, 'a quantity other than 0'),
          kind: z.enum(['delivery', 'waste']),
          at: z.iso.datetime().optional(),
        })
        .strict(),
      request.body,
    );
    const at = move.at ?? clock().toISOString();
    await store.transaction(async (tx) => {
      await books.addStockMove(tx, { ...move, at });
      // Dated before a count already applied: the count is worked out again.
      await reviseCounts(tx, [{ productId: move.productId, at }], clock());
    });
    return reply.code(201).send(move);
  });

  // Sales and sessions
  const period = z
    .object({
      from: day.optional(),
      to: day.optional(),
      tillId: z.coerce.number().int().positive().optional(),
    })
    .strict();
  app.get('/sales', async (request) =>
    books.salesByTillAndDay(store, parseWith(period, request.query)),
  );
  app.get('/sessions', async (request) => books.sessions(store, parseWith(period, request.query)));
  app.get('/quarantine', async (request) => {
    const query = parseWith(
      z.object({ tillId: z.coerce.number().int().positive().optional() }).strict(),
      request.query,
    );
    return books.quarantine(store, query.tillId ?? null);
  });
}
