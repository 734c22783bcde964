import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ImportError } from './csv-import';
import { TillNameTakenError } from './tills';
import { installAccess } from './access';
import { syncRoutes } from './routes/sync';
import { adminRoutes } from './routes/admin';
import { peopleRoutes } from './routes/people';
import { sessionRoutes } from './routes/sessions';
import { inventoryRoutes } from './routes/inventories';
import { labelRoutes } from './routes/labels';
import { stockRoutes } from './routes/stock';
import { buyingRoutes } from './routes/buying';
import { purchasingRoutes } from './routes/purchasing';
import { handRoutes } from './routes/hand';
import { coopRoutes } from './routes/coop';
import { officeRoutes } from './routes/office';
import { catalogueRoutes } from './routes/catalogue';
import { webRoutes } from './web';
import type { Store } from './store';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface AppOptions {
  store: Store;
  /** SHA-256 of the admin token. */
  adminTokenHash: string;
  clock?: () => Date;
  /** pino options, or false for none (tests). */
  logger?: boolean | object;
  /** Enrolment attempts allowed per address and minute. */
  enrolPerMinute?: number;
  /** TLS: the coop's certificate and key (PEM); the handheld needs HTTPS off 127.0.0.1. */
  https?: { cert: string | Buffer; key: string | Buffer };
  /** The web apps' build (default dist/web). */
  webDir?: string;
  /** Sign-in attempts allowed per address and minute. */
  signInPerMinute?: number;
}

/** A request that breaks a route's schema: 400 with each problem named. */
export class BadRequest extends Error {
  readonly statusCode = 400;
  constructor(readonly problems: { path: string; message: string }[]) {
    super(`Bad request: ${problems.map((p) => `${p.path || 'body'}: ${p.message}`).join('; ')}`);
  }
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new BadRequest(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return parsed.data;
}

declare module 'fastify' {
  interface FastifyRequest {
    till: { id: number; name: string } | null;
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const clock = options.clock ?? (() => new Date());
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_BODY_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Let SIGTERM finish the requests in flight, but not wait on idle keep-alive connections.
    forceCloseConnections: 'idle',
    ...(options.https ? { https: options.https } : {}),
  });
  app.decorateRequest('till', null);
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof BadRequest)
      return reply.code(400).send({ error: error.message, problems: error.problems });
    if (error instanceof ImportError) {
      return reply.code(422).send({ error: error.message, problems: error.problems });
    }
    if (error instanceof TillNameTakenError) return reply.code(409).send({ error: error.message });
    // A constraint the database keeps (class 23): what was sent breaks a rule, in its words.
    const sql = error as { code?: unknown; detail?: unknown; message?: unknown };
    if (typeof sql.code === 'string' && /^23[0-9A-Z]{3}$/.test(sql.code)) {
      const detail = typeof sql.detail === 'string' ? sql.detail : String(sql.message);
      return reply
        .code(sql.code === '23505' ? 409 : 422)
        .send({ error: `Refused, nothing written: ${detail}` });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ error: (error as Error).message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'The server failed; the request can be retried' });
  });

  await app.register(rateLimit, { global: false });

  const { store } = options;
  installAccess(app, { store, adminTokenHash: options.adminTokenHash, clock });

  const open = { config: { access: 'public' as const } };
  app.get('/health', open, async () => ({ ok: true }));
  app.get('/ready', open, async (_request, reply) => {
    try {
      await store.query('SELECT 1');
      return { ok: true };
    } catch {
      return reply.code(503).send({ ok: false, error: 'The database does not answer' });
    }
  });

  await app.register(syncRoutes, {
    store,
    clock,
    enrolPerMinute: options.enrolPerMinute ?? 10,
  });
  await app.register(adminRoutes, { store, clock, prefix: '/v1/admin' });
  await app.register(peopleRoutes, { store, clock, prefix: '/v1/people' });
  await app.register(stockRoutes, { store, clock, prefix: '/v1/stock' });
  await app.register(inventoryRoutes, { store, clock, prefix: '/v1/stock' });
  await app.register(labelRoutes, { store, clock, prefix: '/v1/labels' });
  await app.register(buyingRoutes, { store, clock, prefix: '/v1' });
  await app.register(purchasingRoutes, { store, clock, prefix: '/v1/purchasing' });
  await app.register(handRoutes, { store, clock, prefix: '/v1/hand' });
  await app.register(officeRoutes, { store, clock, prefix: '/v1/office' });
  await app.register(catalogueRoutes, { store, clock, prefix: '/v1/catalogue' });
  await app.register(coopRoutes, { store, clock, prefix: '/v1/office' });
  await app.register(webRoutes, options.webDir ? { dir: options.webDir } : {});
  await app.register(sessionRoutes, {
    store,
    clock,
    signInPerMinute: options.signInPerMinute ?? 20,
  });
  return app;
}
