import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'var/screenshots');

/**
 * A keyboard-wedge scan: the code's keys and Enter, 2 ms apart, as a USB scanner types them (a
 * person is far slower). A key event carries the time the key was struck, however late the page
 * gets to it; here the events are made in the page, in one go, each stamped with a scanner's
 * timing ending now. Chromium's own key delivery on this shared machine sometimes stalls 50-200
 * ms between keys, which no scanner does, and would make a scan look like a person typing.
 */
export async function wedgeScan(page: Page, code: string): Promise<void> {
  const keys = JSON.stringify([...code, 'Enter']);
  await page.evaluate(`(() => {
    const keys = ${keys};
    const target = document.activeElement ?? document.body;
    const now = performance.now();
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
