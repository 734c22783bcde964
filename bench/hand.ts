/**
 * `npx tsx bench/hand.ts`: the handheld in Debian's Chromium at a phone's size (390×844), against
 * the server on PGlite with 3,500 products, each figure beside a baseline of the same run:
 * - start to ready offline: the page reloaded with the network cut (the service worker gives the
 *   app, IndexedDB the catalogue) to the app usable, beside DOMContentLoaded of the same reload;
 * - scan to product on screen: a wedge scan to the product's card drawn, beside one frame;
 * - 1,000 queued scans sent when the network returns, beside the server applying the same
 *   number of events from Node (no browser, no network);
 * - the app's JavaScript gzipped at start (the camera's library apart: loaded only when used),
 *   beside the back office's, which shares the shell.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/support/browser';
import { wedgeScan } from '../test/e2e/support/page';
import { startTestServer } from '../test/support/server';
import { device } from '../test/support/stock';
import { formatMs, nowMs, summarize, table } from './stats';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PRODUCTS = 3500;
const STARTS = Number(process.env.RUNS ?? 10);
const SCANS = Number(process.env.SCANS ?? 200);
const QUEUED = Number(process.env.QUEUED ?? 1000);
const SENDS = Number(process.env.SENDS ?? 3);
/** A scan whose product is not on screen by then is a failure, not a figure: the bench stops. */
const SCAN_DEADLINE_MS = Number(process.env.SCAN_DEADLINE_MS ?? 5000);

const ean13 = (n: number) => {
  const body = `541${String(n).padStart(9, '0')}`;
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
};

const gz = (dir: string, file: string) => gzipSync(readFileSync(join(dir, file))).length;
/** The scripts a page names at start: its module and what it preloads. */
const startScripts = (dir: string, page: string) =>
  [...readFileSync(join(dir, page, 'index.html'), 'utf8').matchAll(/"\/(assets\/[^"]+\.js)"/g)].map(
    (m) => m[1] ?? '',
  );

async function statusText(page: Page): Promise<string> {
  return (await page.locator('.hand-status__line').textContent()) ?? '';
}

/** Polled from Node: the page's CSP refuses the string predicates waitForFunction evaluates. */
async function waitForStatus(page: Page, text: string): Promise<void> {
  const until = nowMs() + 120_000;
  while (!(await statusText(page)).includes(text)) {
    if (nowMs() > until)
      throw new Error(`The status never said ${text}: ${await statusText(page)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A wedge scan as support/page.ts strikes it, the clock started in the same script just before
 * the keys: what the figure measures is the app's, not the bench's round trips to the page.
 */
async function wedgeScanTimed(page: Page, code: string): Promise<void> {
  const keys = JSON.stringify([...code, 'Enter']);
  await page.evaluate(`(() => {
    const keys = ${keys};
    const target = document.activeElement ?? document.body;
    const now = performance.now();
    window.__scanAt = now;
    keys.forEach((key, index) => {
      const struck = now - (keys.length - 1 - index) * 2;
      for (const type of ['keydown', 'keyup']) {
        const event = new KeyboardEvent(type, { key, bubbles: true, cancelable: true });
        Object.defineProperty(event, 'timeStamp', { value: struck });
        target.dispatchEvent(event);
      }
    });
  })()`);
}

async function main() {
  const webDir = mkdtempSync(join(tmpdir(), 'emm-hand-bench-'));
  execFileSync(
    join(ROOT, 'node_modules/.bin/vite'),
    [
      'build',
      '--config',
      'web/vite.config.ts',
      '--outDir',
      webDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  const handJs = startScripts(webDir, 'hand');
  const officeJs = startScripts(webDir, 'office');
  const handKb = handJs.reduce((sum, file) => sum + gz(webDir, file), 0) / 1024;
  const officeKb = officeJs.reduce((sum, file) => sum + gz(webDir, file), 0) / 1024;
  const later = readdirSync(join(webDir, 'assets')).filter(
    (file) =>
      file.endsWith('.js') &&
      !handJs.includes(`assets/${file}`) &&
      !officeJs.includes(`assets/${file}`),
  );
  const laterKb = later.reduce((sum, file) => sum + gz(webDir, `assets/${file}`), 0) / 1024;

  const server = await startTestServer('pglite', { webDir });
  const browser = await launchChromium();
  try {
    await server.store.query(
      `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES (6, '6 %', 600, nextval('catalog_version'))`,
    );
    await server.store.query(
      `INSERT INTO products (id, name, name_nl, tax_rate_id, price, unit, barcodes, zone, net_content, content_unit, version)
       SELECT n, 'Produit ' || n, 'Product ' || n, 6, 100 + n % 900, 'piece', ARRAY[($1::text[])[n]],
              'Z' || (n % 40), 500000, 'g', nextval('catalog_version')
         FROM generate_series(1, ${PRODUCTS}) AS n`,
      [Array.from({ length: PRODUCTS }, (_, i) => ean13(i + 1))],
    );
    const person = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: server.admin,
      payload: { name: 'Bench', roles: ['stock'], locale: 'en', badge: 'B001', pin: '4321' },
    });
    if (person.statusCode !== 201) throw new Error(person.body);

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/hand/`);
    await page.getByLabel('Badge').fill('B001');
    await page.getByLabel('PIN').fill('4321');
    await page.locator('button[type=submit]').click();
    await page.locator('main.hand[data-ready="yes"]').waitFor();
    await page.evaluate(`(async () => {
      await navigator.serviceWorker.ready;
      while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    })()`);
    // Let the first download of the catalogue land in IndexedDB: the app is ready with what the
    // device holds (nothing yet) before the download ends, and going offline first would leave
    // it with no products to scan.
    await page.waitForFunction(
      `new Promise((resolve) => {
        const open = indexedDB.open('emm-hand');
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('products').objectStore('products').count();
          count.onsuccess = () => { db.close(); resolve(count.result === ${PRODUCTS}); };
          count.onerror = () => { db.close(); resolve(false); };
        };
      })`,
      undefined,
      { timeout: 60_000, polling: 250 },
    );
    await page.reload();
    await page.locator('main.hand[data-ready="yes"]').waitFor();

    // Start to ready, offline.
    await context.setOffline(true);
    const ready: number[] = [];
    const domReady: number[] = [];
    for (let run = 0; run < STARTS; run += 1) {
      await page.reload();
      await page.locator('main.hand[data-ready="yes"]').waitFor();
      const [mark, dom] = await page.evaluate<[number, number]>(`[
        performance.getEntriesByName('hand-ready')[0]?.startTime ?? NaN,
        performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? NaN,
      ]`);
      ready.push(mark);
      domReady.push(dom);
    }
    if (!(await statusText(page)).includes('Offline')) throw new Error('The page was not offline');

    // Scan to product on screen, 3,500 products held.
    // Timed from the keys struck in the page (the clock started by the script that strikes
    // them). Timed from a script of its own before it, as this bench first did, the figure also
    // held a round trip from Node to the page, which on a loaded machine was most of its p99
    // (keys to the code read: median 14.9 ms, p99 120 ms at load 22): every other scan is still
    // timed that way, as the baseline of the same run.
    const scans: number[] = [];
    const scansApart: number[] = [];
    /** Of each scan: keys struck to the code read by the app (the `hand-scan-read` mark). */
    const toRead: number[] = [];
    for (let i = 0; i < 2 * SCANS; i += 1) {
      const n = 1 + ((i * 7919) % PRODUCTS);
      const apart = i % 2 === 1;
      if (apart) {
        await page.evaluate(`window.__scanAt = performance.now()`);
        await wedgeScan(page, ean13(n));
      } else {
        await wedgeScanTimed(page, ean13(n));
      }
      // Checked at each frame, and given up on at the deadline with what the screen showed.
      const [elapsed, read] = await page.evaluate<
        [number, number]
      >(`new Promise((resolve, reject) => {
        const deadline = setTimeout(() => {
          const heading = document.querySelector('.hand-product__name');
          reject(new Error('Produit ${n} not on screen ${SCAN_DEADLINE_MS} ms after its scan; the screen shows ' + (heading ? heading.textContent : 'no product')));
        }, ${SCAN_DEADLINE_MS});
        const check = () => {
          const heading = document.querySelector('.hand-product__name');
          if (heading && heading.textContent === 'Produit ${n}') {
            clearTimeout(deadline);
            const mark = performance.getEntriesByName('hand-scan-read').at(-1);
            const signalled = performance.getEntriesByName('hand-scan-signalled').at(-1);
            window.__beeps = (window.__beeps ?? []).concat(mark && signalled ? [signalled.startTime - mark.startTime] : []);
            resolve([performance.now() - window.__scanAt, mark ? mark.startTime - window.__scanAt : NaN]);
          } else requestAnimationFrame(check);
        };
        check();
      })`);
      if (apart) scansApart.push(elapsed);
      else {
        scans.push(elapsed);
        toRead.push(read);
      }
      await page.evaluate(
        `performance.clearMarks('hand-scan-read'); performance.clearMarks('hand-scan-signalled')`,
      );
    }
    const beeps = summarize(await page.evaluate<number[]>(`window.__beeps ?? []`));
    const frames = await page.evaluate<number[]>(`new Promise((resolve) => {
      const out = [];
      let last = performance.now();
      const next = (now) => { out.push(now - last); last = now; out.length < ${SCANS} ? requestAnimationFrame(next) : resolve(out); };
      requestAnimationFrame(next);
    })`);

    // 1,000 scans queued offline, then the network returns; SENDS times, the page's requests
    // timed from Node to tell the handheld's part from the server's.
    await page.getByRole('button', { name: 'Labels' }).click();
    // Each POST's start (epoch ms) and answer's end, by the browser's own timing.
    const posts: { start: number; end: number }[] = [];
    page.on('requestfinished', (request) => {
      if (request.method() !== 'POST' || !request.url().endsWith('/v1/stock/events')) return;
      const timing = request.timing();
      posts.push({ start: timing.startTime, end: timing.startTime + timing.responseEnd });
    });
    const sends: number[] = [];
    const firstPost: number[] = [];
    const inPosts: number[] = [];
    const afterPosts: number[] = [];
    let batches = 0;
    for (let round = 0; round < SENDS; round += 1) {
      await context.setOffline(true);
      await waitForStatus(page, 'Offline');
      for (let i = 0; i < QUEUED; i += 1) await wedgeScan(page, ean13(1 + (i % PRODUCTS)));
      await waitForStatus(page, `Scans waiting: ${QUEUED}`);
      posts.length = 0;
      const back = Date.now();
      await context.setOffline(false);
      await waitForStatus(page, 'Scans waiting: 0');
      const done = Date.now();
      sends.push(done - back);
      const answered = posts.filter((post) => post.start >= back);
      batches = answered.length;
      const first = Math.min(...answered.map((post) => post.start));
      const last = Math.max(...answered.map((post) => post.end));
      firstPost.push(first - back);
      inPosts.push(answered.reduce((sum, post) => sum + post.end - post.start, 0));
      afterPosts.push(done - last);
    }
    const alone = device();
    const events = Array.from({ length: QUEUED }, (_, i) =>
      alone.event('label.queue', { productId: 1 + (i % PRODUCTS) }),
    );
    const { headers } = await (async () => {
      const { signedIn } = await import('../test/support/stock');
      return signedIn(server, ['stock']);
    })();
    const serverStart = nowMs();
    const answer = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers,
      payload: { events },
    });
    const serverMs = nowMs() - serverStart;
    if (answer.statusCode !== 200) throw new Error(answer.body);
    await context.close();

    const start = summarize(ready);
    const dom = summarize(domReady);
    const scan = summarize(scans);
    const read = summarize(toRead.filter(Number.isFinite));
    const apart = summarize(scansApart);
    const frame = summarize(frames);
    const sent = summarize(sends);
    console.log(
      table(
        ['measure', 'median', 'p99 / max', 'target', 'baseline (same run)'],
        [
          [
            `start to ready offline (${STARTS} reloads, ${PRODUCTS} products)`,
            formatMs(start.median),
            formatMs(start.max),
            '< 1 s',
            `DOMContentLoaded ${formatMs(dom.median)} (max ${formatMs(dom.max)})`,
          ],
          [
            `scan to product on screen (${SCANS} scans)`,
            formatMs(scan.median),
            formatMs(scan.p99),
            'p99 < 50 ms',
            `one frame ${formatMs(frame.median)} (p99 ${formatMs(frame.p99)}); timed from a script before the scan ${formatMs(apart.median)} (p99 ${formatMs(apart.p99)})`,
          ],
          [
            `${QUEUED} queued scans sent when the network returns (${SENDS} times)`,
            formatMs(sent.median),
            formatMs(sent.max),
            '< 5 s',
            `the server applying ${QUEUED} from Node ${formatMs(serverMs)}`,
          ],
          [
            'JavaScript at start, gzipped',
            `${handKb.toFixed(1)} KB`,
            '',
            '< 200 KB',
            `back office ${officeKb.toFixed(1)} KB; camera library, when used, ${laterKb.toFixed(1)} KB`,
          ],
        ],
      ),
    );
    const median = (samples: number[]) => formatMs(summarize(samples).median);
    console.log(
      `Sending, medians: first POST ${median(firstPost)} after the network returned; ${batches} POSTs, ` +
        `request to answer ${median(inPosts)} in all; last answer to "Scans waiting: 0" ${median(afterPosts)}; ` +
        `each run: ${sends.map(formatMs).join(', ')}`,
    );
    console.log(
      `Scan to screen, split: keys to the code read by the app median ${formatMs(read.median)}, ` +
        `p99 ${formatMs(read.p99)}; the beep and vibration median ${formatMs(beeps.median)}, p99 ${formatMs(beeps.p99)}; ` +
        'the rest is the app showing it.',
    );
    console.log(
      `Load average at the end: ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await browser.close();
    await server.close();
    rmSync(webDir, { recursive: true, force: true });
  }
}

await main();
