/**
 * Installs the service worker that keeps the app for offline use. Browsers give one only to a
 * secure context (HTTPS, or http://127.0.0.1): elsewhere the app still works while online.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/hand/sw.js', { scope: '/hand/' }).catch(() => undefined);
}
