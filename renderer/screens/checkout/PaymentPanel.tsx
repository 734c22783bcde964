import { useEffect, useRef, useState, type FormEvent } from 'react';
import { parseCents } from '../../../domain/money';
import { AmountLines, type AmountLine } from '../../components/AmountLines';
import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { useShortcuts, type ShortcutMap } from '../../input/shortcuts';
import { useStores, useTill } from '../../store/context';
import type { PaymentMethodView, TillSettingsView } from '../../bridge/types';
import { cashMethod, exactCash, preview, type Part } from './payment';
import { useMethodLabel } from '../methods';

/** Notes a customer hands over most, each a key. */
const QUICK_CASH = [
  { cents: 500, shortcut: 'F3' },
  { cents: 1000, shortcut: 'F4' },
  { cents: 2000, shortcut: 'F5' },
  { cents: 5000, shortcut: 'F6' },
] as const;
const METHOD_KEYS = ['F7', 'F8', 'F9', 'F11', 'F12'] as const;

/**
 * Paying the ticket: the amount given in cash (typed, then Enter), the exact amount in cash (F2),
 * a note, a card, or parts in several methods. The cash rounding and the change show as the
 * cashier types. Enter with nothing typed pays nothing: an Enter pressed twice on the search
 * (the first opens this panel) must not put a card customer's sale in the drawer's figures.
 */
export function PaymentPanel({ total, onClose }: { total: number; onClose: () => void }) {
  const settings = useTill('auth', (state) => state.settings);
  if (!settings) return null;
  return <Payment total={total} settings={settings} onClose={onClose} />;
}

function Payment({
  total,
  settings,
  onClose,
}: {
  total: number;
  settings: TillSettingsView;
  onClose: () => void;
}) {
  const { t, money, errorText } = useWords();
  const methodLabel = useMethodLabel();
  const { ticket } = useStores();
  const [parts, setParts] = useState<Part[]>([]);
  const [text, setText] = useState('');
  const [paying, setPaying] = useState(false);
  const [chooseMethod, setChooseMethod] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);

  const cash = cashMethod(settings);
  const others = settings.paymentMethods.filter((method) => method.kind !== 'cash');
  const typed = text.trim() === '' ? null : parseCents(text);
  const exact = exactCash(total, parts, settings);
  const tendered = cash && typed !== null && typed > 0 ? [{ method: cash.id, amount: typed }] : [];
  const outcome = preview(total, [...parts, ...tendered], settings);
  // Before any cash is typed, the rounding shown is that of paying the rest in cash, exactly.
  const assumed =
    cash && tendered.length === 0 && exact > 0 ? [{ method: cash.id, amount: exact }] : [];
  const shown = assumed.length > 0 ? preview(total, [...parts, ...assumed], settings) : outcome;
  const settlement = 'settlement' in shown ? shown.settlement : null;

  const pay = async (payments: Part[]) => {
    if (paying) return;
    setPaying(true);
    const paid = await ticket.getState().pay(payments);
    setPaying(false);
    if (paid) onClose();
  };

  /** A cash amount: pays when it covers the rest, else is kept as a part. */
  const giveCash = (amount: number) => {
    if (!cash) return;
    const payments = [...parts, { method: cash.id, amount }];
    if (amount >= exact) void pay(payments);
    else {
      setParts(payments);
      setText('');
    }
  };

  /** A card or another method: the amount typed, or all that is left. */
  const giveBy = (method: PaymentMethodView) => {
    const left = total - parts.reduce((sum, part) => sum + part.amount, 0);
    const amount = typed !== null && typed > 0 ? typed : left;
    if (amount <= 0) return;
    const payments = [...parts, { method: method.id, amount }];
    if (amount >= left) void pay(payments);
    else {
      setParts(payments);
      setText('');
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed === null) {
      // Nothing typed (or no amount): no method was chosen yet.
      setChooseMethod(text.trim() === '');
      return;
    }
    giveCash(typed);
  };

  const keys: Record<string, () => void> = { Escape: onClose };
  if (cash) keys.F2 = () => giveCash(exact);
  if (cash) for (const quick of QUICK_CASH) keys[quick.shortcut] = () => giveCash(quick.cents);
  others.forEach((method, index) => {
    const key = METHOD_KEYS[index];
    if (key) keys[key] = () => giveBy(method);
  });
  useShortcuts(keys satisfies ShortcutMap);

  const lines: AmountLine[] = [{ id: 'total', label: t('payment.total'), amount: money(total) }];
  parts.forEach((part, index) =>
    lines.push({
      id: `part-${index}`,
      label: methodLabel(part.method),
      amount: money(part.amount),
    }),
  );
  if (settlement && settlement.rounding !== 0) {
    lines.push(
      { id: 'rounding', label: t('payment.rounding'), amount: money(settlement.rounding) },
      { id: 'due', label: t('payment.due'), amount: money(settlement.due) },
    );
  }
  if (settlement && tendered.length > 0) {
    lines.push(
      settlement.remaining > 0
        ? {
            id: 'remaining',
            label: t('payment.remaining'),
            amount: money(settlement.remaining),
            emphasis: true,
          }
        : {
            id: 'change',
            label: t('payment.change'),
            amount: money(settlement.change),
            emphasis: true,
          },
    );
  } else {
    lines.push({
      id: 'toPay',
      label: t('payment.toPayCash'),
      amount: money(exact),
      emphasis: true,
    });
  }

  return (
    <section className="payment" aria-label={t('payment.title')}>
      <h2 className="payment__title">{t('payment.title')}</h2>
      <AmountLines label={t('payment.amounts')} lines={lines} />
      {chooseMethod && typed === null ? (
        <p className="payment__refusal" role="alert">
          {t('payment.chooseMethod')}
        </p>
      ) : null}
      {'refusal' in outcome ? (
        <p className="payment__refusal" role="alert">
          {errorText(outcome.refusal)}
        </p>
      ) : null}
      {cash ? (
        <form onSubmit={submit}>
          <label className="field">
            <span>{t('payment.cashGiven')}</span>
            <input
              ref={field}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              placeholder={money(exact)}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </label>
          <div className="quick-cash">
            <button
              type="submit"
              className="key-button key-button--primary quick-cash__exact"
              disabled={paying}
            >
              <span className="key-button__label">{t('payment.payCash')}</span>
              <kbd className="key-button__key" aria-hidden="true">
                Enter
              </kbd>
            </button>
            <KeyButton
              label={t('payment.exactCash')}
              shortcut="F2"
              disabled={paying}
              onClick={() => giveCash(exact)}
            />
            {QUICK_CASH.map((quick) => (
              <KeyButton
                key={quick.cents}
                label={money(quick.cents)}
                shortcut={quick.shortcut}
                disabled={paying}
                onClick={() => giveCash(quick.cents)}
              />
            ))}
          </div>
        </form>
      ) : null}
      <div className="actions">
        {others.map((method, index) => (
          <KeyButton
            key={method.id}
            label={methodLabel(method.id)}
            shortcut={METHOD_KEYS[index]}
            disabled={paying}
            onClick={() => giveBy(method)}
          />
        ))}
        <KeyButton label={t('common.back')} shortcut="Escape" onClick={onClose} />
      </div>
    </section>
  );
}
