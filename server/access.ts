import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { hasAnyRole, type Role } from '../domain/people';
import { sessionPerson, type WebSession } from './people';
import { sameSecret, tillByToken } from './tills';
import type { Store } from './store';

/**
 * What a route needs, declared beside its schema (`config: { access }`); one hook enforces it:
 * - `public`: anyone (health, enrolment, signing in, the web apps' files);
 * - `till`: an enrolled till's bearer token;
 * - `admin`: the admin token (scripts) or a signed-in person with the admin role;
 * - `{ roles }`: a signed-in person with one of these roles (`roles: 'any'` for any role).
 * A route that declares nothing is refused when it is registered: nothing is open by omission.
 */
export type Access = 'public' | 'till' | 'admin' | { roles: readonly Role[] | 'any' };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route and what it needs, as registered: for the permissions test and audits. */
    accessTable(): { method: string; url: string; access: Access | undefined }[];
  }
  interface FastifyRequest {
    person: WebSession | null;
    sessionId: string | null;
  }
}

export const SESSION_COOKIE = 'emm_session';

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9_\-.~+/=]{16,200})$/.exec(header) : null;
  return match?.[1] ?? null;
}

export function sessionCookie(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === SESSION_COOKIE) {
      const id = value.join('=');
      return /^[A-Za-z0-9_-]{43}$/.test(id) ? id : null;
    }
  }
  return null;
}

const refuse = (statusCode: number, message: string) =>
  Object.assign(new Error(message), { statusCode });

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The page's own origin, as the browser names it. */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * A browser sends the Origin of the page behind every state-changing request: one from another
 * site is refused (cross-site request forgery). A request signed in by cookie, or signing in,
 * must carry it; tills and scripts authenticate by a bearer token no other site can send.
 */
export function checkOrigin(request: FastifyRequest, needsOrigin: boolean): void {
  if (!STATE_CHANGING.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin === undefined) {
    if (needsOrigin) throw refuse(403, 'This request must come from the server’s own pages');
    return;
  }
  if (origin !== ownOrigin(request)) {
    throw refuse(403, `Requests from ${origin} are refused: only this server’s own pages may`);
  }
}

export function accessOf(route: { config?: unknown }): Access | undefined {
  return (route.config as { access?: Access } | undefined)?.access;
}

/** Installs the one place where permissions are checked. Call before registering routes. */
export function installAccess(
  app: FastifyInstance,
  options: { store: Store; adminTokenHash: string; clock: () => Date },
): void {
  const { store, clock } = options;
  app.decorateRequest('person', null);
  app.decorateRequest('sessionId', null);
  // Checked once all plugins are in: a folder may give its routes their access in its own
  // onRoute hook, which runs after this one.
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    routes.push(route);
  });
  app.decorate('accessTable', () =>
    routes.flatMap((route) =>
      [route.method].flat().map((method) => ({ method, url: route.url, access: accessOf(route) })),
    ),
  );
  app.addHook('onReady', async () => {
    const open = routes.filter((route) => !accessOf(route));
    if (open.length > 0) {
      throw new Error(
        `Routes that declare no access: ${open.map((r) => `${String(r.method)} ${r.url}`).join(', ')}`,
      );
    }
  });

  const signedIn = async (request: FastifyRequest): Promise<WebSession | null> => {
    const id = sessionCookie(request);
    if (!id) return null;
    const person = await sessionPerson(store, id, clock());
    if (person) {
      request.person = person;
      request.sessionId = id;
    }
    return person;
  };

  app.addHook('preHandler', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = accessOf(request.routeOptions);
    // A 404 has no route: nothing to open.
    if (!access) return;
    if (access === 'public') {
      checkOrigin(request, request.headers.cookie !== undefined);
      return;
    }
    const token = bearer(request);
    if (access === 'till') {
      const till = token ? await tillByToken(store, token) : null;
      if (!till) throw refuse(401, 'Unknown or revoked till');
      request.till = till;
      checkOrigin(request, false);
      return;
    }
    if (access === 'admin' && token) {
      if (!sameSecret(token, options.adminTokenHash)) {
        throw refuse(401, 'The admin token is required');
      }
      checkOrigin(request, false);
      return;
    }
    // Signed in by cookie: the page must be ours (a request with no cookie is refused below).
    if (request.headers.cookie !== undefined) checkOrigin(request, true);
    const person = await signedIn(request);
    if (!person) {
      throw refuse(
        401,
        access === 'admin'
          ? 'The admin token, or signing in as an admin, is required'
          : 'Please sign in',
      );
    }
    const roles = access === 'admin' ? (['admin'] as const) : access.roles;
    if (roles !== 'any' && !hasAnyRole(person.roles, roles)) {
      throw refuse(403, `This needs the role ${roles.join(' or ')}`);
    }
  });
}
