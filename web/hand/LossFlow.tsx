import { useState } from 'react';
import { KeyButton } from '../../renderer/components/KeyButton';
import { useWords } from '../../renderer/i18n';
import { productName } from '../../renderer/product-name';
import {
  BestBeforeField,
  bestBeforeOf,
  FlowError,
  FlowRefusals,
  quantityOf,
  useFlowRows,
  useOneAtATime,
  type FlowProps,
  type Quantity,
} from './flow-kit';

/** The server's reasons for a loss (server/stock/losses.ts), in the order a volunteer meets them. */
const REASONS = ['breakage', 'expiry', 'theft', 'internal_use', 'donation'] as const;
type Reason = (typeof REASONS)[number];
const KINDS = ['loss.record'] as const;

/**
 * Loss: the volunteer scans what left the shelf without a sale, gives how many (one piece when
 * nothing is typed) and why, and records it: one `loss.record` event. Below, what this device
 * knows to be near its best-before date: a tap picks it, as past its date.
 */
export function LossFlow({
  db,
  catalogue,
  work,
  version,
  record,
  scanRef,
  refusals,
  onUnderstood,
}: FlowProps) {
  const { t, locale, quantity } = useWords();
  const { rows, upTo } = useFlowRows(db, KINDS, version);
  const { run } = useOneAtATime(upTo);
  const [selected, setSelected] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState<Reason | null>(null);
  const [error, setError] = useState<Quantity | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);
  const [bestBefore, setBestBefore] = useState('');

  scanRef.current = (found) => {
    setSelected(found.product.id);
    setRecorded(null);
    setError(null);
    // A weight label gives the weight lost.
    if (found.parsed?.type === 'weight' && typed.trim() === '') {
      const read = quantityOf(found, '', found.product.name);
      if (read.kind === 'ok')
        setTyped(String(read.quantity / 1000).replace('.', locale === 'en' ? '.' : ','));
    }
  };

  const product = selected === null ? null : (catalogue.byId.get(selected) ?? null);
  const nameOf = (productId: number) => {
    const known = catalogue.byId.get(productId);
    return known ? productName(known, locale) : `#${productId}`;
  };
  const dateFormat = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
    dateStyle: 'short',
    timeZone: 'UTC',
  });

  const submit = async () => {
    if (!product) return;
    if (reason === null) {
      setError({ kind: 'error', key: 'web.hand.loss.pickReason' });
      return;
    }
    const lost = quantityOf({ product, parsed: null }, typed, productName(product, locale));
    if (lost.kind === 'error') {
      setError(lost);
      return;
    }
    setError(null);
    const row = await record('loss.record', {
      productId: product.id,
      quantity: lost.quantity,
      reason,
      ...bestBeforeOf(bestBefore),
    });
    setRecorded(
      t('web.hand.loss.recorded', {
        quantity: quantity(lost.quantity, product.unit === 'kg'),
        name: productName(product, locale),
      }),
    );
    setSelected(null);
    setTyped('');
    setReason(null);
    setBestBefore('');
    return row;
  };

  const recent = rows.slice(-5).reverse();
  return (
    <section className="hand-flow" aria-label={t('web.hand.task.loss')}>
      <FlowRefusals
        refusals={refusals}
        kinds={KINDS}
        catalogue={catalogue}
        onUnderstood={onUnderstood}
      />
      {recorded ? <p className="banner banner--info hand-result__done">{recorded}</p> : null}
      <p className="hand-result__hint">{t('web.hand.loss.hint')}</p>
      <FlowError error={error} />
      {product ? (
        <article className="hand-product hand-flow__line" aria-label={productName(product, locale)}>
          <h3 className="hand-product__name">{productName(product, locale)}</h3>
          <label className="field hand-flow__quantity">
            <span>{t('web.hand.flow.quantity')}</span>
            <input
              name="quantity"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              placeholder={product.unit === 'piece' ? '1' : undefined}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
            />
          </label>
          <div className="hand-flow__reasons" role="group" aria-label={t('web.hand.loss.reason')}>
            {REASONS.map((name) => (
              <button
                key={name}
                type="button"
                className="hand-tasks__task"
                aria-pressed={reason === name}
                onClick={() => setReason(name)}
              >
                {t(`web.hand.loss.reason.${name}`)}
              </button>
            ))}
          </div>
          <BestBeforeField value={bestBefore} onChange={setBestBefore} />
          <KeyButton tone="primary" label={t('web.hand.loss.record')} onClick={() => run(submit)} />
        </article>
      ) : null}
      <h3 className="hand-flow__subtitle">{t('web.hand.loss.nearExpiry')}</h3>
      {(work?.nearExpiry ?? []).length === 0 ? (
        <p className="hand-result__hint">{t('web.hand.loss.noNearExpiry')}</p>
      ) : (
        <ul className="hand-flow__lines">
          {(work?.nearExpiry ?? []).map((item) => (
            <li key={item.productId}>
              <button
                type="button"
                className="hand-flow__pick"
                aria-pressed={item.productId === selected}
                onClick={() => {
                  setSelected(item.productId);
                  setReason('expiry');
                  setRecorded(null);
                }}
              >
                <span className="hand-flow__name">{nameOf(item.productId)}</span>
                <span className="hand-flow__count">
                  {t('web.hand.loss.bestBefore', {
                    date: dateFormat.format(new Date(`${item.bestBefore}T00:00:00Z`)),
                  })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {recent.length > 0 ? (
        <section className="hand-recent">
          <ul>
            {recent.map((row) => (
              <li key={row.uuid}>
                <span>
                  {quantity(
                    Number(row.payload.quantity),
                    catalogue.byId.get(Number(row.payload.productId))?.unit === 'kg',
                  )}{' '}
                  × {nameOf(Number(row.payload.productId))} ·{' '}
                  {t(`web.hand.loss.reason.${String(row.payload.reason) as Reason}`)}
                </span>
                <span className={`hand-recent__state hand-recent__state--${row.state}`}>
                  {t(row.state === 'sent' ? 'web.hand.state.sent' : 'web.hand.state.waiting')}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
