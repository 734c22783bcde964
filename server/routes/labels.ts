import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { DEFAULT_LABEL_SIZE, LABEL_SIZES, type ShelfLabel } from '../../domain/shelf-label';
import { parseWith } from '../app';
import type { Store } from '../store';
import { applyStockEvents, stockEventSchema } from '../stock/events';
import { labelsPdf } from '../stock/label-pdf';
import { labelsZpl } from '../stock/label-zpl';
import { labelPrintPayload, labelsOf, printLabelsEvent, waitingLabels } from '../stock/labels';

interface LabelOptions {
  store: Store;
  clock: () => Date;
}

const STOCK_WORK = { access: { roles: ['admin', 'manager', 'stock'] } } as const;

/** How a sheet is wanted: a PDF of A4 sheets or ZPL for a label printer, and the label size. */
const documentQuery = z
  .object({
    format: z.enum(['pdf', 'zpl']).default('pdf'),
    size: z
      .enum(Object.keys(LABEL_SIZES) as [keyof typeof LABEL_SIZES])
      .default(DEFAULT_LABEL_SIZE),
  })
  .strict();
type DocumentQuery = z.infer<typeof documentQuery>;

const printEvent = stockEventSchema.extend({
  kind: z.literal('label.print', { error: 'A print is a stock event of kind label.print' }),
});

const reprintBody = labelPrintPayload;

async function sendLabels(reply: FastifyReply, labels: ShelfLabel[], wanted: DocumentQuery) {
  reply.header('x-label-count', String(labels.length));
  if (wanted.format === 'zpl') {
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', 'inline; filename="labels.zpl"')
      .send(labelsZpl(labels, wanted.size));
  }
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="labels-${wanted.size}.pdf"`)
    .send(await labelsPdf(labels, wanted.size));
}

/**
 * Shelf labels: the queue, its sheet (PDF or ZPL) to look at, printing it (which marks the
 * labels printed, once per print id), and a reprint of any product's label on demand.
 */
export async function labelRoutes(app: FastifyInstance, options: LabelOptions): Promise<void> {
  const { store, clock } = options;

  app.get('/', { config: STOCK_WORK }, async () => ({ labels: await waitingLabels(store) }));

  // The waiting labels as they would print: nothing is marked.
  app.get('/sheet', { config: STOCK_WORK }, async (request, reply) => {
    const wanted = parseWith(documentQuery, request.query);
    return sendLabels(reply, await waitingLabels(store), wanted);
  });

  // The screen makes the print's UUID: sent again after a lost answer, it gives the same labels
  // back and marks nothing twice.
  app.post('/print', { config: STOCK_WORK }, async (request, reply) => {
    const wanted = parseWith(documentQuery, request.query);
    const event = parseWith(printEvent, request.body);
    const [outcome] = await applyStockEvents(
      store,
      [event],
      { 'label.print': printLabelsEvent },
      { actor: { personId: request.person?.personId ?? null }, now: clock() },
    );
    if (!outcome || outcome.status === 'refused') {
      return reply.code(422).send({ error: outcome?.error ?? 'The print was not recorded' });
    }
    const { productIds } = labelPrintPayload.parse(event.payload);
    reply.header('x-print-status', outcome.status);
    if (outcome.status === 'applied') {
      const { printed } = outcome.result as { printed: number[] };
      reply.header('x-labels-marked', String(printed.length));
    }
    return sendLabels(reply, await labelsOf(store, productIds), wanted);
  });

  // Any product's label again (torn, lost): the queue is untouched.
  app.post('/reprint', { config: STOCK_WORK }, async (request, reply) => {
    const wanted = parseWith(documentQuery, request.query);
    const { productIds } = parseWith(reprintBody, request.body);
    return sendLabels(reply, await labelsOf(store, productIds), wanted);
  });
}
