/**
 * The screens (the built renderer) and the TillApi over HTTP (POST /api/:operation) and a
 * WebSocket (/events), for a browser on the same machine. Anything else on the machine can reach
 * 127.0.0.1 too, so the page, the API and the socket need the token made at start, and a page
 * from another origin (or a host name rebound to us) is refused. The page's scripts and styles
 * need no token (a script tag cannot send one): they are the public build, nothing of the till.
 */
import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { message } from '../../domain/i18n';
import type { Locale } from '../../domain/money';
import { invoke, isOperation, type ErrorView, type TillEventMessage } from '../api';
import type { RunningTill } from '../index';

/** A till's largest honest request (a refund of a long ticket) is a few kB. */
const BODY_LIMIT = 1024 * 1024;
/** How long a page has to answer the till's closing of its event socket before it is cut. */
const CLOSE_GRACE_MS = 1000;

export interface KioskServer {
  app: FastifyInstance;
  /** Sends an event to every open socket. */
  broadcast(message: TillEventMessage): void;
}

function refusal(reply: FastifyReply, status: number, code: string, message: string) {
  const error: ErrorView = { code, message, values: {} };
  return reply.code(status).type('application/json').send({ ok: false, error });
}

function sameToken(given: unknown, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The cookie the page's token becomes on its first load (HttpOnly: no script reads it). */
const COOKIE = 'emm_till';

function cookieToken(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
}

function queryToken(request: FastifyRequest): unknown {
  return (request.query as Record<string, unknown> | undefined)?.token;
}

function tokenOf(request: FastifyRequest): unknown {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length);
  // The page and its socket: the cookie set on the first load, else the address printed.
  return cookieToken(request) ?? queryToken(request);
}

/**
 * What the page may load and reach: its own scripts, styles, images and fonts, the API, and the
 * events' socket on this port; nothing inline, no frame, no form, no other site.
 */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function noSchemas(): never {
  throw new Error('The kiosk host declares no route schema: its operations validate with zod.');
}

/** Text as HTML (the page below names nothing a request chose, but a message may hold quotes). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page asked for without the right token (an old address, a reload at the wrong moment): a
 * page in the till's language that tries again by itself every 5 s, never a JSON refusal.
 */
function refusedPage(locale: Locale): string {
  const title = escapeHtml(message(locale, 'screens', 'kiosk.pageTitle'));
  const text = escapeHtml(message(locale, 'screens', 'kiosk.pageRefused'));
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>${title}</title></head>
<body><h1>${title}</h1><p>${text}</p></body></html>
`;
}

function isPage(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0] ?? '';
  return request.method === 'GET' && (path === '/' || path === '/index.html');
}

/** The page itself, and what only the token opens: the API and the events. */
function needsToken(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0] ?? '';
  if (request.method !== 'GET' && request.method !== 'HEAD') return true;
  return path === '/' || path === '/index.html' || path === '/events' || path.startsWith('/api/');
}

export async function createKioskServer(options: {
  running: RunningTill;
  token: string;
  /** The port the host answers on, for the Origin and Host checks (known after listen). */
  port: () => number;
  /** The built renderer (index.html and assets/); the page says how to build it when absent. */
  rendererDir?: string;
}): Promise<KioskServer> {
  const { running, token } = options;
  const sockets = new Set<WebSocket>();
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: false,
    // The operations validate with zod and no route declares a JSON schema: fastify's own
    // compilers (ajv, fast-json-stringify) would only slow every start down.
    schemaController: {
      compilersFactory: { buildValidator: noSchemas, buildSerializer: noSchemas },
    },
  });
  await app.register(websocket, {
    options: { maxPayload: 4096 },
    preClose: (done) => {
      // A page is asked to close (1001: going away); one that does not answer within a second
      // is cut. ws waits 30 s for the answer by default, and the till's stop waited with it: a
      // busy or frozen page kept a till told to stop running past any supervisor's patience.
      for (const socket of sockets) socket.close(1001, 'The till is stopping');
      const cut = setTimeout(() => {
        for (const socket of sockets) socket.terminate();
      }, CLOSE_GRACE_MS);
      cut.unref();
      done();
    },
  });
  // Only JSON crosses: a form or plain text is a page trying its luck (415).
  app.removeContentTypeParser('text/plain');

  const ours = () => [`127.0.0.1:${options.port()}`, `localhost:${options.port()}`];

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!ours().includes(request.headers.host ?? '')) {
      return refusal(reply, 403, 'kiosk.host', 'This till answers only on its own address.');
    }
    if (origin !== undefined && !ours().some((host) => origin === `http://${host}`)) {
      return refusal(reply, 403, 'kiosk.origin', 'Requests from another site are refused.');
    }
    // The address printed opens the page once: the token becomes an HttpOnly cookie and leaves
    // the address (no history, bookmark or screenshot keeps it), and the page loads again.
    if (isPage(request) && sameToken(queryToken(request), token)) {
      return reply
        .code(303)
        .header('set-cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`)
        .header('cache-control', 'no-store')
        .header('location', '/')
        .send();
    }
    if (needsToken(request) && !sameToken(tokenOf(request), token)) {
      if (isPage(request)) {
        return reply
          .code(401)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(refusedPage(running.till.settings().locale));
      }
      return refusal(reply, 401, 'kiosk.token', 'Open the till with the address it printed.');
    }
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', contentSecurityPolicy(options.port()));
    reply.header('x-content-type-options', 'nosniff');
    // The page's address holds the token: no request may carry it elsewhere.
    reply.header('referrer-policy', 'no-referrer');
  });

  app.setNotFoundHandler((_request, reply) =>
    refusal(reply, 404, 'kiosk.not_found', 'The till has nothing at this address.'),
  );

  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return refusal(reply, 413, 'kiosk.too_large', 'The request is too large.');
    if (status === 415) {
      return refusal(reply, 415, 'kiosk.not_json', 'The till only reads JSON requests.');
    }
    if (status === 400) return refusal(reply, 400, 'kiosk.not_json', 'The request is not JSON.');
    if (status === 403 || status === 404) {
      return refusal(reply, 404, 'kiosk.not_found', 'The till has nothing at this address.');
    }
    return refusal(reply, 500, 'internal', 'Something went wrong in the till; try again.');
  });

  const built =
    options.rendererDir !== undefined && existsSync(join(options.rendererDir, 'index.html'));
  if (built && options.rendererDir !== undefined) {
    // Files under the build only: the static server refuses a path that leaves it.
    await app.register(fastifyStatic, {
      root: options.rendererDir,
      prefix: '/',
      index: false,
      dotfiles: 'deny',
    });
    app.get('/', (_request, reply) =>
      reply.header('cache-control', 'no-store').sendFile('index.html'),
    );
  } else {
    app.get('/', (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send(
          'EasyMyMarket till: the screens are not built yet. Build them with `npm run build:renderer` (or start the till with `npm run kiosk`, which builds them), then reload this page. Meanwhile the till answers on POST /api/:operation and /events.\n',
        ),
    );
  }

  app.post<{ Params: { operation: string } }>('/api/:operation', async (request, reply) => {
    const name = request.params.operation;
    if (!isOperation(name)) {
      return refusal(reply, 404, 'kiosk.unknown_operation', `The till has no operation ${name}.`);
    }
    const result = await invoke(running, name, request.body ?? {});
    const status = !result.ok && result.error.code === 'input.invalid' ? 400 : 200;
    return reply.code(status).send(result);
  });

  app.get('/events', { websocket: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // The screens only listen: anything they send is ignored rather than parsed.
  });

  function broadcast(message: TillEventMessage): void {
    const text = JSON.stringify(message);
    for (const socket of sockets) socket.send(text);
  }

  return { app, broadcast };
}
