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
    t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    t.till.openSession({ counts: { '1000': 1 } });
    const ticket = t.till.addByBarcode({ code: FIXTURE.milk.code });
    hub.handle({ type: 'ticket_changed', ticket });
    await expect.poll(() => display.lines()[1]).toMatch(/1,29/);
    const paid = t.till.pay({ payments: [{ method: 'cash', amount: 200 }] });
    hub.handle({ type: 'ticket_paid', ticket: paid, cashPaid: true });
    await expect.poll(() => display.lines().join(' ')).toMatch(/RENDU\s+0,70/);
    const changeShown = display.lines();
    await expect.poll(() => display.lines(), { timeout: 2000 }).not.toEqual(changeShown);
    expect(display.lines()[0].trim()).toBe('Bienvenue');
  });
});
