import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseWith } from '../app';
import type { Queryable, Store } from '../store';
import { orderCsv, orderFileName, orderPdf } from '../purchasing/documents';
import { mailSettingsInput, saveMailSettings, sendMail } from '../purchasing/mail';
import {
  closeOrder,
  createOrder,
  createOrderInput,
  editLines,
  getOrder,
  listOrders,
  markSent,
  orderLineInput,
  type Order,
} from '../purchasing/orders';
import { suggestPurchases } from '../purchasing/suggest';
import { orderReceptions, receptionView, unknownBarcodes } from '../purchasing/receptions-view';
import { resolveUnknownBarcode } from '../purchasing/unknown-barcodes';

interface PurchasingOptions {
  store: Store;
  clock: () => Date;
}

/** The buyer's work: managers (and admins) order; stock volunteers see receptions. */
const BUYING = { access: { roles: ['admin', 'manager'] } } as const;
const STOCK_WORK = { access: { roles: ['admin', 'manager', 'stock'] } } as const;

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const suggestionQuery = z
  .object({
    supplierId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    windowDays: z.coerce.number().int().min(1).max(365).optional(),
  })
  .strict();
const listQuery = z
  .object({ status: z.enum(['draft', 'sent', 'partly_received', 'received', 'closed']).optional() })
  .strict();
const linesBody = z.object({ lines: z.array(orderLineInput).min(1).max(5000) }).strict();
const sendBody = z.discriminatedUnion('by', [
  z
    .object({
      by: z.literal('email'),
      /** Another address than the supplier's own, for this order. */
      to: z
        .string()
        .regex(/^[^@\s]+@[^@\s]+$/, 'an e-mail address')
        .optional(),
    })
    .strict(),
  /** The buyer downloaded the PDF or CSV and sends it themselves. */
  z.object({ by: z.literal('download') }).strict(),
]);

async function shopName(db: Queryable): Promise<string> {
  const [row] = await db.query<{ value: unknown }>(
    `SELECT value FROM settings WHERE key = 'shop.name' AND NOT deleted`,
  );
  return typeof row?.value === 'string' ? row.value : 'EasyMyMarket';
}

/** Purchase orders: suggestions, drafts, sending, closing; receptions and unknown barcodes. */
export async function purchasingRoutes(
  app: FastifyInstance,
  options: PurchasingOptions,
): Promise<void> {
  const { store, clock } = options;
  const personId = (request: { person: { personId: number } | null }) =>
    request.person?.personId ?? null;

  app.get('/suggestions', { config: BUYING }, async (request) => {
    const query = parseWith(suggestionQuery, request.query);
    return suggestPurchases(store, { now: clock(), ...query });
  });

  app.get('/orders', { config: BUYING }, async (request) => {
    const { status } = parseWith(listQuery, request.query);
    return { orders: await listOrders(store, status ?? null) };
  });

  app.post('/orders', { config: BUYING }, async (request, reply) => {
    const input = parseWith(createOrderInput, request.body);
    const order = await store.transaction((tx) =>
      createOrder(tx, input, { personId: personId(request), now: clock() }),
    );
    return reply.code(201).send(order);
  });

  app.get('/orders/:id', { config: BUYING }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    return getOrder(store, id);
  });

  app.put('/orders/:id/lines', { config: BUYING }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    const { lines } = parseWith(linesBody, request.body);
    return store.transaction((tx) => editLines(tx, id, lines));
  });

  app.get('/orders/:id/pdf', { config: BUYING }, async (request, reply) => {
    const { id } = parseWith(idParams, request.params);
    const order = await getOrder(store, id);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${orderFileName(order, 'pdf')}"`)
      .send(await orderPdf(order, await shopName(store)));
  });

  app.get('/orders/:id/csv', { config: BUYING }, async (request, reply) => {
    const { id } = parseWith(idParams, request.params);
    const order = await getOrder(store, id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${orderFileName(order, 'csv')}"`)
      .send(orderCsv(order));
  });

  app.post('/orders/:id/send', { config: BUYING }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    const how = parseWith(sendBody, request.body);
    const now = clock();
    // The order is marked sent in the same transaction as the mail leaves: a mail server that
    // refuses it leaves a draft, and a draft is never marked sent without its mail.
    return store.transaction(async (tx) => {
      const draft = await getOrder(tx, id);
      let to: string | null = null;
      if (how.by === 'email') {
        to = how.to ?? draft.supplierEmail;
        if (!to) {
          throw Object.assign(
            new Error(`${draft.supplierName} has no e-mail address: give one (to) or download it`),
            { statusCode: 422 },
          );
        }
      }
      await markSent(tx, id, { to, personId: personId(request), now });
      const order: Order = await getOrder(tx, id);
      if (to) {
        const name = await shopName(tx);
        await sendMail(tx, {
          to,
          subject: `Purchase order ${order.id} from ${name}`,
          text:
            `Hello,\n\nPlease find our purchase order ${order.id} attached (PDF and CSV):` +
            ` ${order.lines.length} lines.\n\n${name}\n`,
          attachments: [
            {
              filename: orderFileName(order, 'pdf'),
              content: await orderPdf(order, name),
              contentType: 'application/pdf',
            },
            {
              filename: orderFileName(order, 'csv'),
              content: orderCsv(order),
              contentType: 'text/csv; charset=utf-8',
            },
          ],
        });
      }
      return order;
    });
  });

  app.post('/orders/:id/close', { config: BUYING }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    return store.transaction((tx) => closeOrder(tx, id, clock()));
  });

  app.get('/receptions/:id', { config: STOCK_WORK }, async (request) => {
    const { id } = parseWith(z.object({ id: z.uuid() }), request.params);
    return receptionView(store, id);
  });

  /** What each delivery of an order brought, and how it differed from the order. */
  app.get('/orders/:id/receptions', { config: STOCK_WORK }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    return { receptions: await orderReceptions(store, id) };
  });

  app.get('/unknown-barcodes', { config: STOCK_WORK }, async () => ({
    barcodes: await unknownBarcodes(store),
  }));

  /** A manager says which product an unknown barcode is: it gains the barcode, and is received. */
  app.post('/unknown-barcodes/:id/resolve', { config: BUYING }, async (request) => {
    const { id } = parseWith(idParams, request.params);
    const { productId } = parseWith(
      z.object({ productId: z.number().int().positive().max(2_147_483_647) }).strict(),
      request.body,
    );
    return resolveUnknownBarcode(store, id, {
      productId,
      personId: personId(request),
      now: clock(),
    });
  });

  app.put('/mail-settings', { config: { access: 'admin' } }, async (request) => {
    const settings = parseWith(mailSettingsInput, request.body);
    await saveMailSettings(store, settings, clock());
    return { saved: true };
  });
}
