/**
 * The one origin the till's window may show and take orders from: the renderer served by our own
 * `app://till/` protocol. A parsed URL is compared part by part, never searched as text, so a
 * URL that merely mentions ours (`https://evil.example/?next=app://till`) is not ours.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'till';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`;

export function isTrustedUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
