/**
 * A page that may go elsewhere can be replaced by one that is not ours and still hold
 * `window.till`: navigation and redirects of any frame stop unless they stay on app://till/.
 */
import type { WebContents } from 'electron';
import { isTrustedUrl } from './trusted-url';

export function denyNavigationAway(contents: WebContents): void {
  const stayHome = (details: { url: string; preventDefault(): void }) => {
    if (!isTrustedUrl(details.url)) details.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-redirect', stayHome);
}
