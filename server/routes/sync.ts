import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseWith } from '../app';
import { enrol } from '../tills';
import { applyPush } from '../push';
import { CURSOR, pullPage } from '../pull';
import type { Store } from '../store';

export const MAX_PUSH_EVENTS = 5000;

const enrolBody = z.object({ code: z.string().min(4).max(40) }).strict();

const pushBody = z
  .object({
    events: z.array(
      z
        .object({
          id: z.uuid(),
          seq: z.number().int().min(1).max(2_147_483_647),
          type: z.string().regex(/^[a-z_]{1,40}$/),
          createdAt: z.iso.datetime(),
          payload: z.record(z.string(), z.unknown()),
        })
        .strict(),
    ),
  })
  .strict();

const pullQuery = z
  .object({
    cursor: z.string().regex(CURSOR, 'a cursor from the previous page').optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  })
  .strict();

interface SyncOptions {
  store: Store;
  clock: () => Date;
  enrolPerMinute: number;
}

export async function syncRoutes(app: FastifyInstance, options: SyncOptions): Promise<void> {
  const { store, clock } = options;

  app.post(
    '/v1/enrol',
    {
      config: {
        access: 'public',
        rateLimit: { max: options.enrolPerMinute, timeWindow: 60_000 },
      },
    },
    async (request, reply) => {
      const { code } = parseWith(enrolBody, request.body);
      const enrolled = await enrol(store, code, clock());
      if (!enrolled)
        return reply.code(401).send({ error: 'This enrolment code is unknown, used or expired' });
      request.log.info({ tillId: enrolled.tillId }, 'till enrolled');
      return { tillId: enrolled.tillId, name: enrolled.name, token: enrolled.token };
    },
  );

  app.post('/v1/sync/push', { config: { access: 'till' } }, async (request, reply) => {
    const events = (request.body as { events?: unknown } | null)?.events;
    if (Array.isArray(events) && events.length > MAX_PUSH_EVENTS) {
      return reply.code(413).send({ error: `A batch holds ${MAX_PUSH_EVENTS} events at most` });
    }
    const body = parseWith(pushBody, request.body);
    const till = request.till as { id: number };
    const result = await applyPush(store, till.id, body.events, clock());
    request.log.info(
      {
        tillId: till.id,
        events: body.events.length,
        ackedSeq: result.ackedSeq,
        rejected: result.rejected.length,
      },
      'push',
    );
    return result;
  });

  app.get('/v1/sync/pull', { config: { access: 'till' } }, async (request) => {
    const query = parseWith(pullQuery, request.query);
    return pullPage(store, query.cursor, query.limit);
  });
}
