import { useState } from 'react';
import {
  compareReception,
  parseTypedQuantity,
  receptionDifferences,
  type ReceivedScan,
  type ReceptionLine,
} from '../../domain/hand-flows';
import type { HandWork } from '../../domain/hand-wire';
import { KeyButton } from '../../renderer/components/KeyButton';
import { useWords } from '../../renderer/i18n';
import { productName } from '../../renderer/product-name';
import {
  AddQuantity,
  FlowError,
  FlowRefusals,
  quantityOf,
  useFlowRows,
  useOneAtATime,
  type FlowProps,
  type Quantity,
} from './flow-kit';

const KINDS = [
  'reception.open',
  'reception.line',
  'reception.validate',
  'reception.cancel',
] as const;

type Order = HandWork['orders'][number];

/**
 * Receive: the volunteer picks the order the delivery answers (or none), scans what came,
 * adds quantities (+1, or typed), copies what was expected one line at a time, and validates
 * with the differences before their eyes. The reception is the events written: reloaded,
 * offline, it comes back where it was.
 */
export function ReceiveFlow({
  db,
  catalogue,
  work,
  version,
  record,
  scanRef,
  unknownRef,
  refusals,
  onUnderstood,
}: FlowProps) {
  const { t, locale, quantity } = useWords();
  const { rows, upTo } = useFlowRows(db, KINDS, version);
  const { idle, run } = useOneAtATime(upTo);
  const [selected, setSelected] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<Quantity | null>(null);
  const [checking, setChecking] = useState(false);
  const [done, setDone] = useState<{ differences: number } | { cancelled: true } | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [unknown, setUnknown] = useState<string | null>(null);

  // A reception validated or cancelled is over: the flow offers the next one.
  const cancelled = new Set(
    rows.filter((row) => row.kind === 'reception.cancel').map((row) => row.payload.reception),
  );
  const validated = new Set([
    ...rows.filter((row) => row.kind === 'reception.validate').map((row) => row.payload.reception),
    ...cancelled,
  ]);
  const opens = rows.filter((row) => row.kind === 'reception.open');
  const current = opens.filter((row) => !validated.has(row.payload.reception)).at(-1) ?? null;
  const reception = current ? String(current.payload.reception) : null;
  const orderId = typeof current?.payload.orderId === 'number' ? current.payload.orderId : null;
  const order = orderId === null ? null : (work?.orders.find((o) => o.id === orderId) ?? null);
  const received = rows.filter(
    (row) => row.kind === 'reception.line' && row.payload.reception === reception,
  );
  const scans: ReceivedScan[] = received
    .filter((row) => typeof row.payload.productId === 'number')
    .map((row) => ({
      productId: Number(row.payload.productId),
      quantity: Number(row.payload.quantity),
      substitutes:
        typeof row.payload.substitutes === 'number' ? row.payload.substitutes : undefined,
    }));
  const lines = compareReception(order?.lines ?? [], scans, orderId !== null);
  const differences = receptionDifferences(lines);
  // Codes nobody knows, kept for a manager to name (the server's unknown barcodes).
  const unknownCodes = new Map<string, number>();
  for (const row of received) {
    if (typeof row.payload.barcode !== 'string') continue;
    const code = row.payload.barcode;
    unknownCodes.set(code, (unknownCodes.get(code) ?? 0) + Number(row.payload.quantity));
  }

  const nameOf = (productId: number) => {
    const product = catalogue.byId.get(productId);
    return product ? productName(product, locale) : `#${productId}`;
  };
  const amount = (productId: number, milli: number) =>
    quantity(milli, catalogue.byId.get(productId)?.unit === 'kg');

  const addLine = async (
    productId: number,
    added: Quantity,
    extra: Record<string, unknown> = {},
  ) => {
    setSelected(productId);
    setUnknown(null);
    if (added.kind === 'error') {
      setError(added);
      return;
    }
    setError(null);
    setTyped('');
    return record('reception.line', { reception, productId, quantity: added.quantity, ...extra });
  };

  scanRef.current = reception
    ? (found) => {
        setChecking(false);
        void addLine(
          found.product.id,
          quantityOf(found, typed, productName(found.product, locale)),
        );
      }
    : null;

  unknownRef.current = reception
    ? (code) => {
        setChecking(false);
        setUnknown(code);
      }
    : null;

  const keepUnknown = (code: string) =>
    run(async () => {
      const read = parseTypedQuantity(typed, 'piece');
      const kept = typed.trim() === '' ? 1000 : read.kind === 'ok' ? read.quantity : null;
      if (kept === null) {
        setError(
          read.kind === 'error'
            ? { kind: 'error', key: `web.hand.flow.error.${read.reason}` }
            : null,
        );
        return;
      }
      setError(null);
      setTyped('');
      setUnknown(null);
      return record('reception.line', { reception, barcode: code, quantity: kept });
    });

  const refused = (
    <FlowRefusals
      refusals={refusals}
      kinds={KINDS}
      catalogue={catalogue}
      onUnderstood={onUnderstood}
    />
  );

  if (!reception) {
    // Orders whose delivery this device opened since the server last said: not twice.
    const since = work?.at ?? '';
    const openedHere = new Set(
      opens
        .filter((row) => row.at >= since && !cancelled.has(row.payload.reception))
        .map((row) => row.payload.orderId),
    );
    const orders = (work?.orders ?? []).filter(
      (o) => !o.beingReceived && !openedHere.has(o.id) && o.lines.length > 0,
    );
    const open = (order: Order | null) =>
      run(async () => {
        setDone(null);
        setSelected(null);
        setChecking(false);
        setCancelling(false);
        return record('reception.open', {
          reception: crypto.randomUUID(),
          ...(order ? { orderId: order.id } : {}),
        });
      });
    return (
      <section className="hand-flow" aria-labelledby="receive-pick">
        {refused}
        {done ? (
          <p className="banner banner--info hand-result__done">
            {'cancelled' in done
              ? t('web.hand.receive.cancelled')
              : t('web.hand.receive.validated', { count: done.differences })}
          </p>
        ) : null}
        <h2 id="receive-pick" className="hand-result__title">
          {t('web.hand.receive.pick')}
        </h2>
        {orders.length === 0 ? (
          <p className="hand-result__hint">{t('web.hand.receive.noOrders')}</p>
        ) : null}
        <ul className="hand-matches">
          {orders.map((o) => (
            <li key={o.id}>
              <button type="button" className="hand-matches__pick" onClick={() => open(o)}>
                <strong>
                  {t('web.hand.receive.order', { id: o.id, supplier: o.supplierName })}
                </strong>
                <br />
                {t('web.hand.receive.orderLines', { count: o.lines.length })}
              </button>
            </li>
          ))}
          <li>
            <button type="button" className="hand-matches__pick" onClick={() => open(null)}>
              {t('web.hand.receive.noOrder')}
            </button>
          </li>
        </ul>
      </section>
    );
  }

  const title = order
    ? t('web.hand.receive.order', { id: order.id, supplier: order.supplierName })
    : orderId !== null
      ? t('web.hand.receive.orderOnly', { id: orderId })
      : t('web.hand.receive.titleNoOrder');

  const outcomeBadge = (line: ReceptionLine) => (
    <span className={`hand-outcome hand-outcome--${line.outcome}`}>
      {t(`web.hand.receive.outcome.${line.outcome}`)}
    </span>
  );

  if (checking) {
    const short = differences.some(
      (line) => line.outcome === 'short' || line.outcome === 'missing',
    );
    // The summary stays until the validation is written: a second tap finds nothing to do.
    const validate = (shortages: 'backorder' | 'close') =>
      run(async () => {
        setDone({ differences: differences.length + unknownCodes.size });
        return record('reception.validate', { reception, shortages });
      });
    return (
      <section className="hand-flow" aria-labelledby="receive-summary">
        {refused}
        <h2 className="hand-result__title">{title}</h2>
        <h3 id="receive-summary" className="hand-flow__subtitle">
          {t('web.hand.receive.summary')}
        </h3>
        {differences.length === 0 && unknownCodes.size === 0 ? (
          <p className="banner banner--info">{t('web.hand.receive.noDifferences')}</p>
        ) : (
          <ul className="hand-flow__list" aria-label={t('web.hand.receive.summary')}>
            {differences.map((line) => (
              <li key={line.productId}>
                {t('web.hand.receive.difference', {
                  name: nameOf(line.productId),
                  outcome: t(`web.hand.receive.outcome.${line.outcome}`),
                  expected: amount(line.productId, line.ordered),
                  received: amount(line.productId, line.received),
                })}
              </li>
            ))}
            {[...unknownCodes].map(([code, milli]) => (
              <li key={code}>
                {t('web.hand.receive.unknownLine', { code, received: quantity(milli, false) })}
              </li>
            ))}
          </ul>
        )}
        <div className="hand-flow__actions">
          {short ? (
            <>
              <KeyButton
                tone="primary"
                label={t('web.hand.receive.validateBackorder')}
                disabled={!idle}
                onClick={() => validate('backorder')}
              />
              <KeyButton
                label={t('web.hand.receive.validateClose')}
                disabled={!idle}
                onClick={() => validate('close')}
              />
            </>
          ) : (
            <KeyButton
              tone="primary"
              label={t('web.hand.receive.validate')}
              disabled={!idle}
              onClick={() => validate('close')}
            />
          )}
          <KeyButton label={t('web.hand.receive.back')} onClick={() => setChecking(false)} />
        </div>
      </section>
    );
  }

  const line = lines.find((l) => l.productId === selected) ?? null;
  const product = selected === null ? null : (catalogue.byId.get(selected) ?? null);
  // What an unexpected product may have come in place of: ordered lines with nothing received.
  const replaceable = lines.filter((l) => l.ordered > 0 && l.received === 0);
  return (
    <section className="hand-flow" aria-labelledby="receive-title">
      {refused}
      <h2 id="receive-title" className="hand-result__title">
        {title}
      </h2>
      <p className="hand-result__hint">{t('web.hand.receive.hint')}</p>
      <FlowError error={error} />
      {unknown ? (
        <div className="banner banner--warning hand-flow__unknown" role="alert">
          <p>{t('web.hand.receive.unknown', { code: unknown })}</p>
          <KeyButton
            label={t('web.hand.receive.keepUnknown', {
              code: unknown,
              quantity: typed.trim() === '' ? '1' : typed.trim(),
            })}
            onClick={() => keepUnknown(unknown)}
          />
        </div>
      ) : null}
      {product && line ? (
        <article className="hand-product hand-flow__line" aria-label={productName(product, locale)}>
          <h3 className="hand-product__name">{productName(product, locale)}</h3>
          <p className="hand-flow__figures">
            {line.ordered > 0
              ? t('web.hand.receive.line', {
                  received: amount(line.productId, line.received),
                  expected: amount(line.productId, line.ordered),
                })
              : `${t('web.hand.receive.received')}: ${amount(line.productId, line.received)}`}{' '}
            {outcomeBadge(line)}
          </p>
          <AddQuantity
            product={product}
            typed={typed}
            onTyped={setTyped}
            onAdd={(added) => run(() => addLine(product.id, added))}
          />
          {line.ordered > line.received ? (
            <KeyButton
              label={t('web.hand.receive.copyExpected', {
                quantity: amount(line.productId, line.ordered - line.received),
              })}
              onClick={() =>
                run(() =>
                  addLine(product.id, { kind: 'ok', quantity: line.ordered - line.received }),
                )
              }
            />
          ) : null}
          {orderId !== null &&
          line.ordered === 0 &&
          (replaceable.length > 0 || line.substitutes !== null) ? (
            <label className="field">
              <span>{t('web.hand.receive.inPlaceOf')}</span>
              <select
                value={line.substitutes ?? ''}
                onChange={(event) => {
                  if (event.target.value === '') return;
                  const substitutes = Number(event.target.value);
                  run(() => addLine(product.id, { kind: 'ok', quantity: 0 }, { substitutes }));
                }}
              >
                <option value="">{t('web.hand.receive.inPlaceOfNone')}</option>
                {[...replaceable, ...lines.filter((l) => l.productId === line.substitutes)].map(
                  (l) => (
                    <option key={l.productId} value={l.productId}>
                      {nameOf(l.productId)}
                    </option>
                  ),
                )}
              </select>
            </label>
          ) : null}
        </article>
      ) : null}
      <h3 className="hand-flow__subtitle">{t('web.hand.receive.lines')}</h3>
      <ul className="hand-flow__lines">
        {lines.map((l) => (
          <li key={l.productId}>
            <button
              type="button"
              className="hand-flow__pick"
              aria-pressed={l.productId === selected}
              onClick={() => {
                setSelected(l.productId);
                setError(null);
              }}
            >
              <span className="hand-flow__name">{nameOf(l.productId)}</span>
              <span className="hand-flow__count">
                {l.ordered > 0
                  ? t('web.hand.receive.line', {
                      received: amount(l.productId, l.received),
                      expected: amount(l.productId, l.ordered),
                    })
                  : amount(l.productId, l.received)}
              </span>
              {outcomeBadge(l)}
            </button>
          </li>
        ))}
      </ul>
      {unknownCodes.size > 0 ? (
        <>
          <h3 className="hand-flow__subtitle">{t('web.hand.receive.unknownCodes')}</h3>
          <ul className="hand-flow__list">
            {[...unknownCodes].map(([code, milli]) => (
              <li key={code}>
                {code}: {quantity(milli, false)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <KeyButton
        tone="primary"
        label={t('web.hand.receive.finish')}
        onClick={() => setChecking(true)}
      />
      {cancelling ? (
        <div
          className="banner banner--warning hand-flow__confirm"
          role="alertdialog"
          aria-labelledby="receive-cancel-ask"
        >
          <p id="receive-cancel-ask">{t('web.hand.receive.cancelAsk')}</p>
          <div className="hand-flow__actions">
            <KeyButton
              tone="danger"
              label={t('web.hand.receive.cancelYes')}
              disabled={!idle}
              onClick={() =>
                // Written once: a second tap finds the reception over and nothing to do.
                run(async () => {
                  setDone({ cancelled: true });
                  setCancelling(false);
                  return record('reception.cancel', { reception });
                })
              }
            />
            <KeyButton
              label={t('web.hand.receive.cancelNo')}
              onClick={() => setCancelling(false)}
            />
          </div>
        </div>
      ) : (
        <KeyButton label={t('web.hand.receive.cancel')} onClick={() => setCancelling(true)} />
      )}
    </section>
  );
}
