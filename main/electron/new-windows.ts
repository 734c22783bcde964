/**
 * The till has one window: `window.open`, a target=_blank link or a middle click opens nothing
 * (a new window would not get our navigation rules before its first page loads).
 */
import type { WebContents } from 'electron';

export function denyNewWindows(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
