import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'var/screenshots');

/**
 * A keyboard-wedge scan: the code's keys and Enter as a USB scanner types them, far faster than
 * a person. They are dispatched in the page in one go: on this shared machine Chromium's own key
 * delivery stalls for 50-200 ms between keys at times, past the detector's 30 ms gap, which would
 * turn a scan into typing (a scanner on an idle till never waits that long).
 */
export async function wedgeScan(page: Page, code: string): Promise<void> {
  const keys = JSON.stringify([...code, 'Enter']);
  await page.evaluate(`(() => {
    const target = document.activeElement ?? document.body;
    for (const key of ${keys}) {
      for (const type of ['keydown', 'keyup']) {
        target.dispatchEvent(new KeyboardEvent(type, { key, bubbles: true, cancelable: true }));
      }
    }
  })()`);
}

/** The serious and critical accessibility violations of what is on screen, as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}

/** var/screenshots/<lang>-<screen>.png, for people to look at. */
export async function screenshot(page: Page, lang: string, screen: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${lang}-${screen}.png`) });
}
