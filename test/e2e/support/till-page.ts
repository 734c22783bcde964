import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { message, type MessageKey, type MessageValues } from '../../../domain/i18n';
import { formatMoney, type Cents, type Locale } from '../../../domain/money';
import { screenshot, seriousViolations, wedgeScan } from './page';

/**
 * The till's screens as a cashier sees them: found by role and by the words on screen, in the
 * language of the day (the catalogue's, so that a word left in another language is not found).
 */
export class TillPage {
  constructor(
    readonly page: Page,
    readonly locale: Locale,
  ) {}

  /** The words of the screens' catalogue, in the day's language. */
  words(key: MessageKey<'screens'>, values: MessageValues = {}): string {
    return message(this.locale, 'screens', key, values);
  }

  /** The words of `key` with any number in place of {{number}} (a ticket's), as a pattern. */
  withNumber(key: MessageKey<'screens'>): RegExp {
    const [before = '', after = ''] = this.words(key, { number: '\u0000' }).split('\u0000');
    const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`^${literal(before)}\\d+${literal(after)}$`);
  }

  money(cents: Cents): string {
    return formatMoney(cents, this.locale);
  }

  button(key: MessageKey<'screens'>, values: MessageValues = {}): Locator {
    return this.page.getByRole('button', { name: this.words(key, values), exact: true });
  }

  field(key: MessageKey<'screens'>, values: MessageValues = {}): Locator {
    return this.page.getByLabel(this.words(key, values), { exact: true });
  }

  heading(key: MessageKey<'screens'>, values: MessageValues = {}): Locator {
    return this.page.getByRole('heading', { name: this.words(key, values) });
  }

  region(key: MessageKey<'screens'>, values: MessageValues = {}): Locator {
    return this.page.getByRole('region', { name: this.words(key, values), exact: true });
  }

  dialog(key: MessageKey<'screens'>): Locator {
    return this.page.getByRole('dialog', { name: this.words(key) });
  }

  /** The lines of the ticket on screen. */
  lines(): Locator {
    return this.page
      .getByRole('list', { name: this.words('checkout.lines'), exact: true })
      .getByRole('listitem');
  }

  /** A keyboard-wedge scan; resolves once the screen shows what it did (`shows`). */
  async scan(code: string, shows: Locator): Promise<void> {
    await wedgeScan(this.page, code);
    await shows.waitFor();
  }

  /**
   * Scans a product and waits for its line from the till (not the line the screen draws while
   * it looks the code up): the ticket has `count` lines then.
   */
  async scanLine(code: string, count: number): Promise<void> {
    await this.scan(code, this.lines().nth(count - 1));
    await expect.poll(() => this.lines().count()).toBe(count);
    await expect.poll(() => this.page.locator('[aria-busy="true"]').count()).toBe(0);
  }

  /**
   * What is on screen is photographed and has no serious or critical axe finding: a soft
   * assertion, so that the day goes on and one finding does not hide the steps after it.
   */
  async check(screen: string): Promise<void> {
    await screenshot(this.page, this.locale.slice(0, 2), screen);
    expect.soft(await seriousViolations(this.page), `accessibility of ${screen}`).toEqual([]);
  }
}
