import { useState, type FormEvent } from 'react';
import { formatQuantity, type Milli } from '../../../domain/money';
import type { FoundLine, FoundTicket, TicketView } from '../../bridge/types';
import { KeyButton } from '../../components/KeyButton';
import { useWords, type ScreenKey } from '../../i18n';
import { useManagerShortcuts } from './shortcuts';
import { useWedgeScanner } from '../../input/wedge';
import { callWithApproval } from '../../store/approval';
import { useStores, useTill } from '../../store/context';
import { useOperationAct } from '../../store/operation';
import type { ManagerScreenProps } from './index';
import { useMethodLabel } from '../methods';
import { productName } from '../../product-name';
import { checkQuantity, leftOf, linesTotal, type QuantityCheck } from './refund-lines';

const PROBLEMS: Record<Exclude<QuantityCheck, { ok: true }>['problem'], ScreenKey> = {
  notQuantity: 'manager.refund.notQuantity',
  tooMuch: 'manager.refund.tooMuch',
  wholePieces: 'manager.refund.wholePieces',
};

/**
 * A paid sale found by its receipt's barcode or its number, then the lines and quantities that
 * go back and how; the till gives the money back (the drawer opens on cash) and says how much.
 */
export function Refund({ onClose: close }: ManagerScreenProps) {
  const { t, locale } = useWords();
  const stores = useStores();
  // The refund was shown here: the checkout goes back to selling, not to the refund "paid".
  const onClose = () => {
    if (stores.ticket.getState().paid?.kind === 'refund') stores.ticket.getState().dismissPaid();
    close();
  };
  const methods = useTill('auth', (state) => state.settings?.paymentMethods ?? []);
  const [reference, setReference] = useState('');
  const [sale, setSale] = useState<FoundTicket | null>(null);
  const [typed, setTyped] = useState<Readonly<Record<string, string>>>({});
  const [method, setMethod] = useState<string>('');
  const [shown, setShown] = useState(false);
  const [refunded, setRefunded] = useState<TicketView | null>(null);
  const act = useOperationAct();

  const find = async (text: string) => {
    if (text.trim() === '') return;
    setRefunded(null);
    setShown(false);
    const result = await stores.call('findTicket', { reference: text.trim() });
    if (!result.ok) return;
    setSale(result.value);
    setTyped({});
    const paidWith = result.value.payments[0]?.method;
    setMethod(methods.some((known) => known.id === paidWith) ? (paidWith ?? '') : '');
    setReference('');
  };

  const checks = (sale?.lines ?? []).map((line) => ({
    line,
    check: checkQuantity(typed[line.id] ?? '', line),
  }));
  const picked = checks.flatMap(({ line, check }) =>
    check.ok && check.quantity > 0 ? [{ line, quantity: check.quantity }] : [],
  );
  const refusals = checks.filter(({ check }) => !check.ok);

  const refund = async () => {
    setShown(true);
    if (!sale?.number || refusals.length > 0 || picked.length === 0 || method === '') return;
    const done = await callWithApproval(stores, 'refund', {
      ticketNumber: sale.number,
      lines: picked.map(({ line, quantity }) => ({ lineId: line.id, quantity })),
      method,
      operationId: act.id(),
    });
    if (done === undefined) return;
    act.done();
    setRefunded(done);
    setSale(null);
    setTyped({});
    setShown(false);
  };

  const everythingLeft = () => {
    if (!sale) return;
    setTyped(
      Object.fromEntries(
        sale.lines.map((line) => [line.id, formatQuantity(leftOf(line), false, locale)]),
      ),
    );
  };

  const asking = useTill('approvals', (state) => state.question !== null);
  useWedgeScanner((code) => void find(code), { enabled: !asking });
  useManagerShortcuts({
    F8: everythingLeft,
    F10: () => void refund(),
    Escape: onClose,
  });

  return (
    <section className="panel manager-screen" aria-labelledby="refund-title">
      <h1 id="refund-title">{t('manager.refund')}</h1>
      <form
        className="refund__find"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void find(reference);
        }}
      >
        <label className="field">
          <span>{t('manager.refund.reference')}</span>
          <input
            type="text"
            autoComplete="off"
            autoFocus
            value={reference}
            onChange={(event) => setReference(event.target.value)}
          />
        </label>
        <button type="submit" className="key-button">
          <span className="key-button__label">{t('manager.refund.find')}</span>
          <kbd className="key-button__key" aria-hidden="true">
            Enter
          </kbd>
        </button>
      </form>

      {refunded ? <RefundDone refund={refunded} /> : null}

      {sale ? (
        <RefundPicker
          sale={sale}
          typed={typed}
          showProblems={shown}
          onType={(lineId, text) => setTyped({ ...typed, [lineId]: text })}
          method={method}
          onMethod={setMethod}
          total={picked.length > 0 ? linesTotal(picked) : 0}
        />
      ) : null}

      {shown && sale && picked.length === 0 && refusals.length === 0 ? (
        <p className="problem" role="alert">
          {t('manager.refund.nothingPicked')}
        </p>
      ) : null}
      {shown && sale && method === '' ? (
        <p className="problem" role="alert">
          {t('manager.refund.noMethod')}
        </p>
      ) : null}

      <div className="actions">
        {sale ? (
          <>
            <KeyButton label={t('manager.refund.all')} shortcut="F8" onClick={everythingLeft} />
            <KeyButton
              tone="primary"
              label={t('manager.refund.confirm')}
              shortcut="F10"
              onClick={() => void refund()}
            />
          </>
        ) : null}
        <KeyButton label={t('common.back')} shortcut="Escape" onClick={onClose} />
      </div>
    </section>
  );
}

function RefundPicker({
  sale,
  typed,
  showProblems,
  onType,
  method,
  onMethod,
  total,
}: {
  sale: FoundTicket;
  typed: Readonly<Record<string, string>>;
  showProblems: boolean;
  onType: (lineId: string, text: string) => void;
  method: string;
  onMethod: (method: string) => void;
  total: number;
}) {
  const { t, money, quantity, locale } = useWords();
  const methods = useTill('auth', (state) => state.settings?.paymentMethods ?? []);
  const methodLabel = useMethodLabel();
  const amount = (milli: Milli, line: FoundLine) => quantity(milli, line.unit === 'kg');

  return (
    <>
      <h2 id="refund-sale-title">
        {t('manager.refund.ticket', {
          number: sale.number ?? '',
          total: money(sale.due),
        })}
      </h2>
      {sale.kind !== 'sale' ? (
        <p className="problem" role="alert">
          {t('manager.refund.notSale')}
        </p>
      ) : null}
      <table className="figures-table refund__lines" aria-labelledby="refund-sale-title">
        <thead>
          <tr>
            <th scope="col">{t('manager.refund.product')}</th>
            <th scope="col" className="number">
              {t('manager.refund.sold')}
            </th>
            <th scope="col" className="number">
              {t('manager.refund.already')}
            </th>
            <th scope="col" className="number">
              {t('manager.refund.paid')}
            </th>
            <th scope="col">{t('manager.refund.quantity')}</th>
          </tr>
        </thead>
        <tbody>
          {sale.lines.map((line) => {
            const check = checkQuantity(typed[line.id] ?? '', line);
            const problemId = `refund-problem-${line.id}`;
            const problem =
              !check.ok && (showProblems || check.problem === 'tooMuch')
                ? t(PROBLEMS[check.problem], {
                    name: productName(line, locale),
                    left: amount(leftOf(line), line),
                  })
                : null;
            return (
              <tr key={line.id}>
                <th scope="row">{productName(line, locale)}</th>
                <td className="number">{amount(line.quantity, line)}</td>
                <td className="number">{amount(line.refunded, line)}</td>
                <td className="number">{money(line.totals.net)}</td>
                <td>
                  <input
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    className="refund__quantity"
                    aria-label={t('manager.refund.quantityOf', {
                      name: productName(line, locale),
                      left: amount(leftOf(line), line),
                    })}
                    aria-invalid={problem !== null}
                    aria-describedby={problem ? problemId : undefined}
                    disabled={leftOf(line) === 0}
                    value={typed[line.id] ?? ''}
                    onChange={(event) => onType(line.id, event.target.value)}
                  />
                  {problem ? (
                    <p id={problemId} className="problem" role="alert">
                      {problem}
                    </p>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <fieldset className="choices">
        <legend>{t('manager.refund.method')}</legend>
        {methods.map((known) => (
          <label key={known.id} className="choice">
            <input
              type="radio"
              name="refund-method"
              value={known.id}
              checked={method === known.id}
              onChange={() => onMethod(known.id)}
            />
            <span>{methodLabel(known.id)}</span>
          </label>
        ))}
      </fieldset>
      <p className="refund__total" aria-live="polite">
        {t('manager.refund.linesTotal')} <output>{money(total)}</output>
      </p>
    </>
  );
}

/** What went back: the lines' total, the cash rounding as its own line, the amount given. */
function RefundDone({ refund }: { refund: TicketView }) {
  const { t, money } = useWords();
  const methods = useTill('auth', (state) => state.settings?.paymentMethods ?? []);
  const methodLabel = useMethodLabel();
  const paidBack = refund.payments[0];
  const cash = methods.find((known) => known.id === paidBack?.method)?.kind === 'cash';
  return (
    <section className="refund__done" aria-labelledby="refund-done-title" aria-live="polite">
      <h2 id="refund-done-title">{t('manager.refund.done', { number: refund.number ?? '' })}</h2>
      <dl className="figures">
        <div className="figure">
          <dt>{t('manager.refund.linesTotal')}</dt>
          <dd>{money(-refund.totals.total)}</dd>
        </div>
        {refund.rounding !== 0 ? (
          <div className="figure">
            <dt>{t('manager.refund.rounding')}</dt>
            <dd>{money(-refund.rounding)}</dd>
          </div>
        ) : null}
        <div className="figure figure--strong">
          <dt>
            {t('manager.refund.givenBack', {
              method: paidBack ? methodLabel(paidBack.method) : '',
            })}
          </dt>
          <dd>{money(-refund.due)}</dd>
        </div>
      </dl>
      {cash ? <p>{t('manager.refund.drawerOpens')}</p> : null}
    </section>
  );
}
