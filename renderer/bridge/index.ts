import type { TillBridge } from '../../main/api';
import { createKioskBridge } from './kiosk';

declare global {
  interface Window {
    /** Electron's preload exposes the TillApi here; a browser has none. */
    till?: TillBridge;
  }
}

/** The till this page talks to: Electron's preload when there is one, else the kiosk host. */
export function pickBridge(): TillBridge {
  if (window.till) return window.till;
  return createKioskBridge({
    pageUrl: window.location.href,
    fetch: window.fetch.bind(window),
    openSocket: (url) => new WebSocket(url),
  });
}
