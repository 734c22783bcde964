// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeTill, ok, openManagerScreen, press, refused, settle } from './manager-support';

afterEach(cleanup);

const outcome = (device: string) =>
  screen.getByRole('status', { name: `Result of the ${device} test` }).textContent;

const STATUSES = [
  { code: 'up_to_date', label: 'Up to date', mayShop: true, block: 'soft' as const },
  { code: 'suspended', label: 'Suspended', mayShop: false, block: 'soft' as const },
];

describe('the settings screen', () => {
  it("reports each device test's success and failure in words", async () => {
    const till = fakeTill({
      testPrint: () => ok(undefined),
      readWeight: () => ok(532),
      showText: () => refused('device.offline', 'Display is not connected', { device: 'Display' }),
      waitForScan: () => ok('5410000000017'),
      memberStatuses: () => ok(STATUSES),
    });
    await openManagerScreen(till, 'F7');

    fireEvent.click(screen.getByRole('button', { name: 'Print a test page' }));
    await settle();
    expect(outcome('Printer')).toBe('The test page was printed.');

    press('F4');
    await settle();
    expect(outcome('Scale')).toBe('The scale reads 0.532 kg.');

    press('F5');
    await settle();
    expect(till.callsOf('showText')).toEqual([{ line1: 'Display test', line2: 'Hello!' }]);
    expect(outcome('Display')).toBe('Display is not connected.');

    press('F6');
    await settle();
    expect(outcome('Scanner')).toBe('Scanned: 5410000000017');
  });

  it('saves the till language and the receipt header', async () => {
    const till = fakeTill({
      memberStatuses: () => ok(STATUSES),
      updateSettings: (input) =>
        ok({
          tillName: 'Till 1',
          locale: input.locale ?? 'en',
          timeZone: 'Europe/Brussels',
          discountApprovalAboveBp: 2000,
          paymentMethods: [{ id: 'cash', label: '', kind: 'cash' }],
          roundAll: false,
          voucherExcess: 'refuse',
          idleSignOutSeconds: 300,
          shop: {
            name: input.shop?.name ?? 'Coop Bees',
            addressLines: input.shop?.addressLines ?? [],
            vatNumber: 'BE0123456789',
            footerLines: input.shop?.footerLines ?? [],
          },
        }),
    });
    await openManagerScreen(till, 'F7');

    fireEvent.click(screen.getByRole('radio', { name: 'Nederlands' }));
    press('F8');
    await settle();
    expect(till.callsOf('updateSettings')).toEqual([{ locale: 'nl-BE' }]);

    expect(screen.getByRole('textbox', { name: 'Shop name' })).toHaveProperty('value', 'Coop Bees');
    fireEvent.change(screen.getByRole('textbox', { name: 'Address lines (one per line)' }), {
      target: { value: 'Rue Basse 2\n\n1000 Bruxelles ' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'Footer lines (one per line)' }), {
      target: { value: 'See you soon' },
    });
    press('F9');
    await settle();
    expect(till.callsOf('updateSettings').at(-1)).toEqual({
      shop: {
        name: 'Coop Bees',
        addressLines: ['Rue Basse 2', '1000 Bruxelles'],
        footerLines: ['See you soon'],
      },
    });
    expect(screen.getAllByText('Saved.')).toHaveLength(2);
  });

  it('refuses a receipt without a shop name in words, and sends nothing', async () => {
    const till = fakeTill({ memberStatuses: () => ok(STATUSES) });
    await openManagerScreen(till, 'F7');
    fireEvent.change(screen.getByRole('textbox', { name: 'Shop name' }), {
      target: { value: ' ' },
    });
    press('F9');
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('The shop needs a name.');
    expect(till.callsOf('updateSettings')).toEqual([]);
  });

  it('changes what a member status allows, and shows what the till kept', async () => {
    const till = fakeTill({
      memberStatuses: () => ok(STATUSES),
      setMemberStatus: ({ code, mayShop, block }) =>
        ok(
          STATUSES.map((status) => (status.code === code ? { ...status, mayShop, block } : status)),
        ),
    });
    await openManagerScreen(till, 'F7');
    const policy = screen.getByRole('table', { name: 'Members who may not shop' });
    const block = within(policy).getByRole('combobox', {
      name: 'Suspended: when the member may not shop',
    });
    fireEvent.change(block, { target: { value: 'hard' } });
    await settle();
    expect(till.callsOf('setMemberStatus')).toEqual([
      { code: 'suspended', mayShop: false, block: 'hard' },
    ]);
    expect(block).toHaveProperty('value', 'hard');

    fireEvent.click(within(policy).getByRole('checkbox', { name: 'Up to date: may shop' }));
    await settle();
    expect(till.callsOf('setMemberStatus').at(-1)).toEqual({
      code: 'up_to_date',
      mayShop: false,
      block: 'soft',
    });
  });
});
