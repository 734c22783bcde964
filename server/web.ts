import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { WEB_APPS } from '../domain/people';

/** The build of web/ (`npm run build:web`; `npm run server` runs it when stale). */
export const WEB_DIR = fileURLToPath(new URL('../dist/web/', import.meta.url));

/**
 * The till's strict policy: this server's own scripts, styles and images only, no inline code,
 * no frames, no form posted elsewhere. Nothing comes from a CDN: the apps work offline.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The web apps' pages and assets, every one public: what they show needs a session. */
export async function webRoutes(
  app: FastifyInstance,
  options: { dir?: string } = {},
): Promise<void> {
  const dir = options.dir ?? WEB_DIR;
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: 'public' };
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });

  const built = (page: string) => existsSync(join(dir, page, 'index.html'));
  // Files under dist/web/assets only: the static server refuses a path that leaves it. Registered
  // built or not, so that the routes (and the permissions test's list) are the same either way.
  await app.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/assets/',
    index: false,
    dotfiles: 'deny',
    immutable: true,
    maxAge: '365d',
  });
  // The handheld's service worker, which keeps the app for offline use: never cached by the
  // browser itself, so that a new build reaches the phones at their next visit online.
  app.get('/hand/sw.js', (_request, reply: FastifyReply) => {
    if (!existsSync(join(dir, 'hand', 'sw.js'))) {
      return reply.code(404).send({ error: 'The web apps are not built yet' });
    }
    reply.header('cache-control', 'no-cache');
    return reply
      .type('text/javascript; charset=utf-8')
      .sendFile(join('hand', 'sw.js'), dir, { cacheControl: false });
  });
  for (const page of WEB_APPS) {
    app.get(`/${page}`, (_request, reply) => reply.redirect(`/${page}/`));
    app.get(`/${page}/`, (_request, reply: FastifyReply) => {
      reply.header('cache-control', 'no-store');
      if (!built(page)) {
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send(
            'EasyMyMarket: the web apps are not built yet. Build them with `npm run build:web` (or start the server with `npm run server`, which builds them), then reload this page.\n',
          );
      }
      return reply
        .type('text/html; charset=utf-8')
        .sendFile(join(page, 'index.html'), dir, { cacheControl: false });
    });
  }
}
