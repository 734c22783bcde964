import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseWith } from '../app';
import { enrol, macHolds, tillMacKey } from '../tills';
import { applyPush, type MalformedEvent } from '../push';
import { CURSOR, pullPage } from '../pull';
import type { Store } from '../store';
import {
  MAX_PUSH_EVENTS,
  issuesInWords,
  macMessage,
  pushEnvelopeSchema,
  pushedEventSchema,
  type ForkAnswer,
  type PushedEvent,
} from '../../domain/sync-wire';

const enrolBody = z.object({ code: z.string().min(4).max(40) }).strict();

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
      return {
        tillId: enrolled.tillId,
        name: enrolled.name,
        token: enrolled.token,
        macKey: enrolled.macKey,
      };
    },
  );

  app.post('/v1/sync/push', { config: { access: 'till' } }, async (request, reply) => {
    const events = (request.body as { events?: unknown } | null)?.events;
    if (Array.isArray(events) && events.length > MAX_PUSH_EVENTS) {
      return reply.code(413).send({ error: `A batch holds ${MAX_PUSH_EVENTS} events at most` });
    }
    const body = parseWith(pushEnvelopeSchema, request.body);
    const till = request.till as { id: number };
    // An event whose MAC does not hold was edited on the way or is not the till's: it takes no
    // place in the sequence (the genuine one is booked when it comes) and is kept for the admin.
    const key = await tillMacKey(store, till.id);
    const authentic = key
      ? body.events.filter((raw) => macHolds(key, macMessage(body.instance, raw), raw.mac))
      : body.events;
    const unauthenticated = body.events.filter((raw) => !authentic.includes(raw));
    const placed = authentic.map((raw): PushedEvent | MalformedEvent => {
      const parsed = pushedEventSchema.safeParse(raw);
      return parsed.success
        ? parsed.data
        : { id: raw.id.toLowerCase(), seq: raw.seq, raw, problem: issuesInWords(parsed.error) };
    });
    const result = await applyPush(store, till.id, body.instance, placed, clock(), unauthenticated);
    if (!result.ok) {
      request.log.warn({ tillId: till.id, ...result.fork }, 'push: fork held for review');
      const answer: ForkAnswer = {
        error:
          `This till database sent, from its event ${result.fork.fromSeq} on, other events than ` +
          'the server holds under the same numbers: it looks restored from a copy. Nothing of ' +
          'it is booked until an admin reviews the fork in the quarantine and accepts it.',
        fork: result.fork,
      };
      return reply.code(409).send(answer);
    }
    request.log.info(
      {
        tillId: till.id,
        instance: body.instance,
        events: body.events.length,
        ackedSeq: result.ackedSeq,
        rejected: result.rejected.length,
      },
      'push',
    );
    return { ackedSeq: result.ackedSeq, rejected: result.rejected };
  });

  app.get('/v1/sync/pull', { config: { access: 'till' } }, async (request) => {
    const query = parseWith(pullQuery, request.query);
    const page = await pullPage(store, query.cursor, query.limit);
    // The last page: the till now holds everything, settings included, as of this time.
    if (!page.more) {
      await store.query('UPDATE tills SET last_pull_at = $2 WHERE id = $1', [
        (request.till as { id: number }).id,
        clock().toISOString(),
      ]);
    }
    return page;
  });
}
