import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { WEB_APPS, mayOpen } from '../../domain/people';
import { LOCALES } from '../../domain/money';
import { parseWith } from '../app';
import { SESSION_COOKIE, checkOrigin } from '../access';
import {
  SignInRefused,
  checkCredentials,
  editPerson,
  endSession,
  openSession,
  sessionPerson,
} from '../people';
import type { Store } from '../store';

interface SessionOptions {
  store: Store;
  clock: () => Date;
  signInPerMinute: number;
}

const app = z.enum(WEB_APPS);
const signInBody = z.union([
  z
    .object({ app, name: z.string().min(1).max(100), password: z.string().min(1).max(200) })
    .strict(),
  z.object({ app, badge: z.string().min(1).max(64), pin: z.string().min(1).max(20) }).strict(),
]);

const APP_NAMES = { office: 'the back office', hand: 'the handheld' } as const;

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it),
 * Secure when the page came over HTTPS; no Max-Age, the server ends it on idle.
 */
function cookie(request: FastifyRequest, value: string, clear = false): string {
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (request.protocol === 'https') parts.push('Secure');
  if (clear) parts.push('Max-Age=0');
  return parts.join('; ');
}

/** Signing in and out of the web apps (`/office/`, `/hand/`). */
export async function sessionRoutes(
  fastify: FastifyInstance,
  options: SessionOptions,
): Promise<void> {
  const { store, clock } = options;

  fastify.post(
    '/v1/session',
    {
      config: {
        access: 'public',
        // Per address; a person is also locked after five wrong secrets, whatever the address.
        rateLimit: {
          max: options.signInPerMinute,
          timeWindow: 60_000,
          // Thrown by the plugin: an Error, so that the one error handler words it like the rest.
          errorResponseBuilder: (_request, context) =>
            Object.assign(
              new Error(
                `Too many sign-in attempts from this address: wait ${Math.ceil(context.ttl / 1000)} seconds`,
              ),
              { statusCode: 429 },
            ),
        },
      },
    },
    async (request, reply: FastifyReply) => {
      checkOrigin(request, true);
      const body = parseWith(signInBody, request.body);
      const now = clock();
      try {
        const person = await checkCredentials(store, body, now);
        if (!mayOpen(person.roles, body.app)) {
          throw new SignInRefused(403, 'no_role', `Your roles do not open ${APP_NAMES[body.app]}`);
        }
        const id = await openSession(store, person.id, body.app, now);
        const session = await sessionPerson(store, id, now);
        reply.header('set-cookie', cookie(request, id));
        reply.header('cache-control', 'no-store');
        return reply.code(201).send(session);
      } catch (error) {
        if (!(error instanceof SignInRefused)) throw error;
        request.log.info({ code: error.code }, 'sign-in refused');
        return reply.code(error.statusCode).send({
          error: error.message,
          code: error.code,
          ...(error.seconds === undefined ? {} : { seconds: error.seconds }),
        });
      }
    },
  );

  fastify.get('/v1/session', { config: { access: { roles: 'any' } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return request.person;
  });

  fastify.patch('/v1/session', { config: { access: { roles: 'any' } } }, async (request) => {
    const { locale } = parseWith(z.object({ locale: z.enum(LOCALES) }).strict(), request.body);
    const person = request.person;
    if (!person) throw Object.assign(new Error('Please sign in'), { statusCode: 401 });
    await editPerson(store, person.personId, { locale }, { personId: person.personId }, clock());
    return { ...person, locale };
  });

  fastify.delete(
    '/v1/session',
    { config: { access: { roles: 'any' } } },
    async (request, reply) => {
      if (request.sessionId) await endSession(store, request.sessionId, clock());
      reply.header('set-cookie', cookie(request, '', true));
      return { signedOut: true };
    },
  );
}
