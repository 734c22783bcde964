/**
 * What `app://till/<path>` answers: a file of the built renderer, and nothing outside its folder.
 * The URL parser already drops `..` segments (`%2e%2e` too); the path is then decoded, so an
 * encoded separator (`..%2f`) or a drive letter could still climb out: the resolved file, links
 * followed, must stay inside the folder. Every answer carries the CSP, refusals included.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp';
import { isTrustedUrl } from './trusted-url';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

function headers(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  });
}

function refused(status: 400 | 403 | 404 | 405, reason: string): Response {
  return new Response(reason, { status, headers: headers('text/plain; charset=utf-8') });
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The file under `root` a path names, or null when it names anything else. */
async function fileInside(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const folder = resolve(root);
  // Relative to the folder whatever the path looks like: `//etc/passwd` and `/C:/x` stay inside.
  const candidate = resolve(folder, `.${decoded}`);
  if (!isInside(folder, candidate)) return null;
  try {
    const real = await realpath(candidate);
    if (!isInside(await realpath(folder), real)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

export async function appFileResponse(
  url: string,
  method: string,
  rendererDir: string,
): Promise<Response> {
  if (!isTrustedUrl(url)) return refused(403, 'Only app://till/ is served.');
  if (method !== 'GET' && method !== 'HEAD') return refused(405, 'Only GET and HEAD.');
  const file = await fileInside(rendererDir, new URL(url).pathname);
  if (file === null) return refused(404, 'Not found.');
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const body = method === 'HEAD' ? null : await readFile(file);
  return new Response(body, { status: 200, headers: headers(type) });
}
