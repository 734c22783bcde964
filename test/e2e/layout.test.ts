import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BARCODES } from '../../db/demo-catalog';
import { findUserByName } from '../../db/users';
import { launchChromium } from './support/browser';
import { startTestKiosk, type TestKiosk } from './support/kiosk';
import { SCREENSHOTS } from './support/page';
import { buildRendererIfStale } from './support/renderer-build';
import { TillPage } from './support/till-page';

/**
 * The screens at the sizes tills have: a 15" POS touchscreen (1024×768), a laptop (1280×800), a
 * desktop (1920×1080). Each screen is photographed (var/screenshots/layout/, for people to look
 * at); the payment panel must fit whole on the smallest, and every button stays a touch target.
 */
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

let browser: Browser;
beforeAll(async () => {
  buildRendererIfStale();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

async function shoot(page: Page, size: { width: number }, screen: string): Promise<void> {
  const dir = join(SCREENSHOTS, 'layout');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${size.width}-${screen}.png`) });
}

/** The buttons of `region` that are not whole on screen, or smaller than a fingertip. */
async function misfits(page: Page, region: ReturnType<Page['locator']>) {
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  const problems: string[] = [];
  for (const button of await region.getByRole('button').all()) {
    const box = await button.boundingBox();
    const name = (await button.innerText()).replace(/\s+/g, ' ').trim();
    if (!box) {
      problems.push(`${name}: not shown`);
      continue;
    }
    if (box.x < 0 || box.y < 0 || box.x + box.width > viewport.width + 0.5) {
      problems.push(`${name}: off screen`);
    } else if (box.y + box.height > viewport.height + 0.5) {
      problems.push(`${name}: below the screen's edge`);
    }
    if (box.height < 44 || box.width < 44) {
      problems.push(`${name}: ${Math.round(box.width)}×${Math.round(box.height)} px`);
    }
  }
  return problems;
}

async function checkoutWithTwoItems(kiosk: TestKiosk): Promise<void> {
  const { till, db } = kiosk.host.running;
  const cashier = findUserByName(db, 'Camille');
  if (!cashier) throw new Error('The demo has no Camille');
  till.signIn({ userId: cashier.id, pin: '1234' });
  till.openSession({ counts: { '1000': 5 } });
  till.addProduct({ productId: DEMO_BARCODES.piece.id, quantity: 2000 });
  till.addProduct({ productId: DEMO_BARCODES.vat21.id });
}

describe('the screens at each size', () => {
  it.each(SIZES)(
    'fit at $width×$height: the payment panel whole, every button a touch target',
    async (size) => {
      const kiosk = await startTestKiosk();
      const context = await browser.newContext({ viewport: size });
      const page = await context.newPage();
      try {
        await page.goto(kiosk.host.url);
        const view = new TillPage(page, 'fr-BE');
        await view.heading('signIn.title').waitFor();
        await shoot(page, size, 'sign-in');

        await checkoutWithTwoItems(kiosk);
        await page.reload();
        await page.getByRole('searchbox', { name: view.words('checkout.search') }).waitFor();
        await shoot(page, size, 'checkout');
        const side = page.getByRole('region', { name: view.words('checkout.actions') });
        expect(await misfits(page, side)).toEqual([]);

        await page.keyboard.press('F10');
        const payment = view.region('payment.title');
        await payment.waitFor();
        await shoot(page, size, 'payment');
        expect(await misfits(page, payment)).toEqual([]);
        // Every amount whole, its euro sign included.
        for (const amount of await payment.locator('dd').all()) {
          expect(await amount.innerText()).toMatch(/€/);
          const box = await amount.boundingBox();
          expect(box && box.x + box.width).toBeLessThanOrEqual(size.width);
        }

        await page.keyboard.press('Escape');
        await page.keyboard.press('F1');
        await view.heading('manager.menu').waitFor();
        await shoot(page, size, 'manager-menu');
        await view.button('manager.xReport').click();
        await view.heading('manager.xReport').waitFor();
        await shoot(page, size, 'x-report');
      } finally {
        await context.close();
        await kiosk.stop();
        kiosk.remove();
      }
    },
    120_000,
  );
});
