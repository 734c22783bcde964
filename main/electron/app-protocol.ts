/**
 * `app://till/` serves the built renderer instead of `file://`, which would give the page the
 * whole disk as its origin. Standard and secure, so the page gets an origin of its own, a CSP that
 * means something, and `'self'` that names only this protocol.
 */
import { protocol } from 'electron';
import { appFileResponse } from './app-files';
import { APP_SCHEME } from './trusted-url';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) =>
    appFileResponse(request.url, request.method, rendererDir),
  );
}
