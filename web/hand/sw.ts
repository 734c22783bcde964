/**
 * The handheld's service worker: it keeps the app itself (the page and its assets) so that the
 * handheld opens with no network. The data (catalogue, outbox) lives in IndexedDB, kept by the
 * page; requests to the API pass through untouched, so that nothing is ever answered from an
 * old copy. Hand-written: a few lines the strict CSP allows, served by our server at /hand/sw.js.
 */

// The DOM library types the page; these are the few service-worker types used here.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface WorkerScope {
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
const worker = self as unknown as WorkerScope;

const CACHE = 'emm-hand-app-v1';
const PAGE = '/hand/';
/** On a network that answers slowly, the page kept is shown rather than a blank screen. */
const PAGE_WAIT_MS = 4000;

/** The assets a page names (scripts, styles, preloads): all under /assets/. */
function assetsOf(html: string): string[] {
  return [
    ...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '')),
  ];
}

async function keepPage(response: Response): Promise<void> {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  await cache.addAll(assetsOf(html));
  await cache.put(PAGE, response);
}

worker.addEventListener('install', (event) => {
  event.waitUntil(
    fetch(PAGE, { cache: 'no-store' })
      .then((response) => (response.ok ? keepPage(response) : undefined))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => worker.clients.claim()),
  );
});

/** The page: the server's when it answers in time (a new build), else the one kept. */
async function page(request: Request): Promise<Response> {
  const kept = caches.match(PAGE);
  const fresh = fetch(request).then(async (response) => {
    if (response.ok) await keepPage(response.clone());
    return response;
  });
  const late = new Promise<undefined>((resolve) => setTimeout(resolve, PAGE_WAIT_MS, undefined));
  try {
    const first = await Promise.race([fresh, late]);
    if (first) return first;
  } catch {
    // No network: the page kept below.
  }
  return (await kept) ?? fresh;
}

/** An asset: its name holds its content's hash, so a copy kept is the right one for ever. */
async function asset(request: Request): Promise<Response> {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (url.pathname === PAGE || url.pathname === '/hand') event.respondWith(page(request));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request));
});
