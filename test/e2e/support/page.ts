import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'var/screenshots');

/**
 * A keyboard-wedge scan: the code's characters a couple of milliseconds apart, then Enter, as a
 * USB scanner types them (a person is far slower).
 */
export async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 2 });
  await page.keyboard.press('Enter');
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
