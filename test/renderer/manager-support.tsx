import { act, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { computeSessionReport, type SessionReport } from '../../domain/session';
import type {
  ErrorView,
  OperationName,
  TillBridge,
  TillEventMessage,
  TillHandlers,
  TillResult,
} from '../../main/api';
import type { LineView, TicketView } from '../../main/till/ticket-view';
import type { FoundTicket } from '../../main/till/receipts';
import { App } from '../../renderer/App';
import { createI18n } from '../../renderer/i18n';
import { createStores } from '../../renderer/store';
import { StoresProvider } from '../../renderer/store/context';

type Input<K extends OperationName> = TillHandlers[K]['input'];
type Result<K extends OperationName> = TillHandlers[K]['result'];
type Answer<K extends OperationName> = (input: Input<K>) => TillResult<Result<K>>;
export type Answers = { [K in OperationName]?: Answer<K> };

export const ok = <T,>(value: T): TillResult<T> => ({ ok: true, value });
export const refused = (
  code: string,
  message: string,
  values: ErrorView['values'] = {},
): TillResult<never> => ({ ok: false, error: { code, message, values } });

export const MANAGER = { id: 2, name: 'Manon', role: 'manager' as const, locale: null };
export const CASHIER = { id: 1, name: 'Camille', role: 'cashier' as const, locale: null };

const SETTINGS: Result<'settings'> = {
  tillName: 'Till 1',
  locale: 'en',
  timeZone: 'Europe/Brussels',
  discountApprovalAboveBp: 2000,
  paymentMethods: [
    { id: 'cash', label: '', kind: 'cash' },
    { id: 'card', label: '', kind: 'card' },
  ],
  roundAll: false,
  voucherExcess: 'refuse',
  idleSignOutSeconds: 300,
  shop: {
    name: 'Coop Bees',
    addressLines: ['Rue Haute 1', '1000 Bruxelles'],
    vatNumber: 'BE0123456789',
    footerLines: ['Thank you'],
  },
};

/**
 * A session of the day, as the domain computes it: 50 € float, a 12,34 € sale in cash (rounded
 * to 12,35 €), a 20 € card sale, 10 € taken out; 2 tickets.
 */
export function sessionReport(
  countedDenominations: Record<string, number> | null = null,
): SessionReport {
  return computeSessionReport({
    openingFloat: 5000,
    cashMoves: [{ amount: -1000, reason: 'Bank' }],
    payments: [
      { method: 'cash', kind: 'cash', amount: 2000 },
      { method: 'card', kind: 'card', amount: 2000 },
    ],
    changeGiven: 765,
    roundingTotal: 1,
    tickets: { sales: 2, refunds: 0, cancellations: 0 },
    sales: [
      { rateBp: 600, gross: 1234 },
      { rateBp: 2100, gross: 2000 },
    ],
    refunds: [],
    byCategory: [],
    countedDenominations,
    grandTotalBefore: 0,
  });
}

/** What the till expects in the drawer in sessionReport(): 50 + 12,35 - 10. */
export const EXPECTED_CASH = 5235;

function line(partial: Partial<LineView> & Pick<LineView, 'id' | 'name' | 'quantity'>): LineView {
  const unitPrice = partial.unitPrice ?? 250;
  const amount = Math.round((unitPrice * partial.quantity) / 1000);
  return {
    productId: 1,
    nameNl: null,
    barcode: null,
    unit: 'piece',
    unitPrice,
    priceOverride: null,
    priceOverrideBy: null,
    discount: null,
    refundOfLine: null,
    ...partial,
    totals: {
      unitPrice,
      gross: amount,
      lineDiscount: 0,
      amount,
      ticketDiscountShare: 0,
      net: amount,
      vatRateBp: 600,
    },
  };
}

/** Ticket 42: three yoghurts at 2,50 € and 0,500 kg of apples at 3,00 €/kg, paid in cash. */
export function paidSale(refunded: Record<string, number> = {}): FoundTicket {
  const lines = [
    line({ id: 'l-yog', name: 'Yoghurt', quantity: 3000, unitPrice: 250 }),
    line({ id: 'l-app', name: 'Apples', quantity: 500, unitPrice: 300, unit: 'kg' }),
  ].map((sold) => ({ ...sold, refunded: refunded[sold.id] ?? 0 }));
  const total = lines.reduce((sum, sold) => sum + sold.totals.net, 0);
  return {
    id: 't-42',
    revision: 1,
    kind: 'sale',
    status: 'paid',
    number: 42,
    refundOf: null,
    cashierId: 1,
    member: null,
    ticketDiscount: null,
    lines,
    totals: {
      lines: lines.map((sold) => sold.totals),
      subtotal: total,
      ticketDiscount: 0,
      total,
      vat: [{ rateBp: 600, gross: total, vat: 51, net: total - 51 }],
    },
    payments: [{ method: 'cash', amount: 1000 }],
    rounding: 0,
    due: total,
    change: 1000 - total,
    voucherExcess: 0,
    closedAt: '2026-11-28T10:00:00.000Z',
    journalSeq: 7,
  };
}

/** The refund the till answers with: `total` back (negative), rounded in cash to `due`. */
export function refundTicket(total: number, due: number, method = 'cash'): TicketView {
  return {
    ...paidSale(),
    id: 't-43',
    kind: 'refund',
    number: 43,
    refundOf: 't-42',
    lines: [],
    totals: { lines: [], subtotal: total, ticketDiscount: 0, total, vat: [] },
    payments: [{ method, amount: due }],
    rounding: due - total,
    due,
    change: 0,
  };
}

export interface FakeTill {
  bridge: TillBridge;
  /** Every call the screens made, in order. */
  calls: { name: OperationName; input: unknown }[];
  callsOf<K extends OperationName>(name: K): Input<K>[];
  emit(message: TillEventMessage): void;
}

/**
 * A till that answers as the real one would, from the answers given (the rest: a manager signed
 * in on an open session). Only the wire and the till's database are left out.
 */
export function fakeTill(
  answers: Answers = {},
  user: typeof MANAGER | typeof CASHIER = MANAGER,
): FakeTill {
  const listeners = new Set<(message: TillEventMessage) => void>();
  const calls: FakeTill['calls'] = [];
  const defaults: Answers = {
    settings: () => ok(SETTINGS),
    signedIn: () => ok(user),
    users: () => ok([MANAGER, CASHIER].map((known) => ({ ...known, lockedUntil: null }))),
    currentSession: () =>
      ok({ id: 's-1', openedAt: '2026-11-28T08:00:00.000Z', openedBy: 2, openingFloat: 5000 }),
    currentTicket: () => ok(null),
    devices: () => ok([]),
    xReport: () => ok(sessionReport()),
  };
  const bridge: TillBridge = {
    async call<K extends OperationName>(name: K, input: Input<K>) {
      calls.push({ name, input });
      const answer = (answers[name] ?? defaults[name]) as Answer<K> | undefined;
      if (!answer) return refused('test.unanswered', `The fake till has no answer for ${name}`);
      const result = answer(input);
      // As the TillApi's envelope carries it: an operation that returns nothing answers null.
      return result.ok && result.value === undefined ? ok(null as Result<K>) : result;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    bridge,
    calls,
    callsOf: <K extends OperationName>(name: K) =>
      calls.filter((call) => call.name === name).map((call) => call.input as Input<K>),
    emit: (message) => listeners.forEach((listener) => listener(message)),
  };
}

export const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 20)));

export function press(key: string, options: { shiftKey?: boolean } = {}) {
  fireEvent.keyDown(window, { key, ...options });
}

/** The whole app over the fake till, then the manager's menu (F1) and the screen's key. */
export async function openManagerScreen(till: FakeTill, screenKey: string) {
  const stores = createStores(till.bridge);
  const stop = stores.start();
  const view = render(
    <I18nextProvider i18n={createI18n('en')}>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </I18nextProvider>,
  );
  await settle();
  press('F1');
  await settle();
  press(screenKey);
  await settle();
  return { stores, view, stop, screen };
}
