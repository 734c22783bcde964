import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BARCODES } from '../../db/demo-catalog';
import { findUserByName } from '../../db/users';
import { seededRandom } from '../support/random';
import { launchChromium } from './support/browser';
import { startTestKiosk, type TestKiosk } from './support/kiosk';
import { buildRendererIfStale } from './support/renderer-build';
import { TillPage } from './support/till-page';

/**
 * A keyboard-wedge scanner in Chromium, its keys real key events (trusted: they type into the
 * focused field as a keyboard's do), each stamped with the time the scanner sent it. Chrome's
 * DevTools protocol takes that time as the event's timeStamp, so a loaded machine's late delivery
 * does not change the rhythm the page reads, and the stalls are the ones the test chose.
 */

let browser: Browser;
beforeAll(async () => {
  buildRendererIfStale();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

/** Strikes keys through the DevTools protocol, each at `start` + its offset (ms). */
async function strikeKeys(
  cdp: CDPSession,
  keys: readonly { key: string; at: number }[],
  start: number,
): Promise<void> {
  for (const { key, at } of keys) {
    const timestamp = (start + at) / 1000;
    const named = key.length > 1;
    await cdp.send('Input.dispatchKeyEvent', {
      type: named ? 'rawKeyDown' : 'keyDown',
      key,
      ...(named ? { code: key, windowsVirtualKeyCode: 13 } : { text: key }),
      timestamp,
    });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, timestamp: timestamp + 0.001 });
  }
}

async function signedInCheckout(kiosk: TestKiosk, page: Page): Promise<TillPage> {
  const { till, db } = kiosk.host.running;
  const cashier = findUserByName(db, 'Camille');
  if (!cashier) throw new Error('The demo has no Camille');
  till.signIn({ userId: cashier.id, pin: '1234' });
  till.openSession({ counts: { '1000': 5 } });
  await page.goto(kiosk.host.url);
  const view = new TillPage(page, 'fr-BE');
  await page.getByRole('searchbox', { name: view.words('checkout.search') }).waitFor();
  return view;
}

describe('a keyboard-wedge scanner in Chromium', () => {
  it('charges every item of scans with random stalls up to 100 ms, typing kept apart', async () => {
    const kiosk = await startTestKiosk();
    const page = await browser.newPage();
    try {
      const till = await signedInCheckout(kiosk, page);
      const cdp = await page.context().newCDPSession(page);
      const search = page.getByRole('searchbox', { name: till.words('checkout.search') });
      const random = seededRandom(2026);
      const products = [DEMO_BARCODES.piece, DEMO_BARCODES.vat21];
      const scanned = new Map<number, number>();
      let start = Date.now();
      for (let scan = 0; scan < 24; scan++) {
        const product = products[Math.floor(random() * products.length)] ?? DEMO_BARCODES.piece;
        scanned.set(product.id, (scanned.get(product.id) ?? 0) + 1);
        // Now and then the focus is nowhere (a click on the ticket): keys go to the search.
        if (random() < 0.3) await page.evaluate('document.activeElement?.blur()');
        const stalls = new Set([2 + Math.floor(random() * 12), 2 + Math.floor(random() * 12)]);
        // Chromium turns each DevTools timestamp into the page's clock by reading two clocks at
        // delivery: on a loaded machine that conversion drifts by some milliseconds, which made
        // a 100 ms stall read as more, or two keys 0 ms apart read out of order. The gaps keep a
        // margin from the detector's edges (4–9 ms strides against its 30 ms, stalls of 40–79 ms
        // against its 100 ms); the edges are tested exactly in test/unit/keyboard-wedge.test.ts.
        let at = 0;
        const keys = [...product.code, 'Enter'].map((key, index) => {
          at += stalls.has(index) ? 40 + Math.floor(random() * 40) : 4 + Math.floor(random() * 6);
          return { key, at };
        });
        await strikeKeys(cdp, keys, start);
        start += at + 200 + Math.floor(random() * 300);
        await expect.poll(() => search.inputValue()).toBe('');
      }
      // A person's typing stays in the search, in order, beside the scans.
      await search.focus();
      await strikeKeys(
        cdp,
        [...'sav'].map((key, index) => ({ key, at: index * 180 })),
        start,
      );
      await expect.poll(() => search.inputValue()).toBe('sav');

      await expect
        .poll(() => {
          const ticket = kiosk.host.running.till.currentTicket();
          const charged = new Map<number, number>();
          for (const line of ticket?.lines ?? []) {
            if (line.productId === null) continue;
            charged.set(line.productId, (charged.get(line.productId) ?? 0) + line.quantity / 1000);
          }
          return [...charged].sort();
        })
        .toEqual([...scanned].sort());
      expect(await page.locator('.banner--error').count()).toBe(0);
    } finally {
      await page.close();
      await kiosk.stop();
      kiosk.remove();
    }
  }, 180_000);
});
