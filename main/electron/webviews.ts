/**
 * A <webview> is a page of its own with its own preferences (Node, another preload): the till
 * never uses one, so none attaches, even if `webviewTag` were turned on by mistake.
 */
import type { WebContents } from 'electron';

export function denyWebviews(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
