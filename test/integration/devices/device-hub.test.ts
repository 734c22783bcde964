import { afterEach, describe, expect, it } from 'vitest';
import { DeviceHub } from '../../../main/devices/hub';
import { parseDeviceSettings, DEFAULT_DEVICE_URIS } from '../../../main/devices/config';
import { createIdGenerator } from '../../../main/ids';
import type { SimDisplay } from '../../../drivers/display/simulator';
import { FIXTURE, createTestTill, type TestTill } from '../../support/till';
import * as tillReceipts from '../../../main/till/receipts';

let t: TestTill;
let hub: DeviceHub | undefined;
afterEach(async () => {
  await hub?.stop();
  t.close();
});

describe('the customer display, driven by the till', () => {
  it('shows the change after a sale, then greets the next customer', async () => {
    t = createTestTill();
    const { settings } = parseDeviceSettings({ ...DEFAULT_DEVICE_URIS, display: 'sim' });
    hub = new DeviceHub({
      db: t.db,
      clock: () => t.clock.now,
      newId: createIdGenerator(),
      devices: settings,
      locale: 'fr-BE',
      receipt: (number, duplicate) => tillReceipts.receipt(t.till.ctx, number, { duplicate }),
      zReport: (sessionId) => tillReceipts.zReportDocument(t.till.ctx, sessionId),
      onScan: () => undefined,
      greetingAfterMs: 100,
    });
    hub.start();
    const display = hub.display as SimDisplay;
    // Every screen the display showed, in order: a busy machine may show the change for less
    // time than a poll takes to look, but it cannot take it out of the history.
    const screens: string[] = [];
    display.onChange((screen) => screens.push(screen.join(' ')));
    const shown = (pattern: RegExp, after = -1) =>
      screens.findIndex((screen, index) => index > after && pattern.test(screen));
    const GUARD = { timeout: 60_000 };
    t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    t.till.openSession({ counts: { '1000': 1 } });
    const ticket = t.till.addByBarcode({ code: FIXTURE.milk.code });
    hub.handle({ type: 'ticket_changed', ticket });
    await expect.poll(() => display.lines()[1], GUARD).toMatch(/1,29/);
    const paid = t.till.pay({ payments: [{ method: 'cash', amount: 200 }] });
    hub.handle({ type: 'ticket_paid', ticket: paid, cashPaid: true });
    await expect.poll(() => shown(/RENDU\s+0,70/), GUARD).toBeGreaterThanOrEqual(0);
    const change = shown(/RENDU\s+0,70/);
    await expect.poll(() => shown(/^\s*Bienvenue/, change), GUARD).toBeGreaterThan(change);
    expect(display.lines()[0].trim()).toBe('Bienvenue');
  });
});
