import { useState } from 'react';
import { tallyCounts, type CountScan } from '../../domain/hand-flows';
import { KeyButton } from '../../renderer/components/KeyButton';
import { useWords } from '../../renderer/i18n';
import { productName } from '../../renderer/product-name';
import {
  AddQuantity,
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

const KINDS = ['count.scan', 'count.undo'] as const;
/** The zone this device counts, kept across a reload (the counts themselves are in the outbox). */
const ZONE_KEY = 'emm-hand-count-inventory';

function heldInventory(): number | null {
  const held = Number(localStorage.getItem(ZONE_KEY));
  return Number.isSafeInteger(held) && held > 0 ? held : null;
}

/**
 * Count: the volunteer picks a zone and counts blind (no figure of the ledger on screen): each
 * scan adds one (or the quantity typed before it), each is kept and can be undone (a
 * `count.undo` event, the scan stays). Lines the counters disagreed on come back to them in
 * "To count again", with the ledger's figure shown then.
 */
export function CountFlow({
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
  const { idle, run } = useOneAtATime(upTo);
  const [inventoryId, setInventoryId] = useState<number | null>(heldInventory);
  const [selected, setSelected] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<Quantity | null>(null);
  const [bestBefore, setBestBefore] = useState('');

  const pick = (id: number | null) => {
    if (id === null) localStorage.removeItem(ZONE_KEY);
    else localStorage.setItem(ZONE_KEY, String(id));
    setInventoryId(id);
    setSelected(null);
    setError(null);
  };

  const inventory = work?.inventories.find((i) => i.id === inventoryId) ?? null;
  // A zone no longer being counted (applied meanwhile) takes no more counts: pick another.
  const zone = inventory?.zone ?? null;
  const recounts = (work?.recounts ?? []).filter((r) => r.inventoryId === inventoryId);
  const recountOf = new Map(recounts.map((r) => [r.productId, r]));
  const scans: CountScan[] = rows
    .filter((row) => row.kind === 'count.scan' && row.payload.inventoryId === inventoryId)
    .map((row) => ({
      uuid: row.uuid,
      productId: Number(row.payload.productId),
      quantity: Number(row.payload.quantity),
      pass: row.payload.pass === 'recount' ? 'recount' : 'first',
    }));
  const undone = new Set(
    rows.filter((row) => row.kind === 'count.undo').map((row) => String(row.payload.scan)),
  );
  const tallies = tallyCounts(scans, undone);
  // A product recounted on this device stays in its recount once the server no longer lists it.
  const passOf = (productId: number) =>
    recountOf.has(productId) ||
    tallies.some((tally) => tally.productId === productId && tally.pass === 'recount')
      ? 'recount'
      : 'first';
  const tallyOf = (productId: number) =>
    tallies.find((tally) => tally.productId === productId && tally.pass === passOf(productId));
  /** What this device counted in the zone, each product once, at its current pass. */
  const counted = [...new Set(tallies.map((tally) => tally.productId))]
    .filter((productId) => !recountOf.has(productId))
    .map((productId) => ({ productId, pass: passOf(productId), tally: tallyOf(productId) }));

  const nameOf = (productId: number) => {
    const product = catalogue.byId.get(productId);
    return product ? productName(product, locale) : `#${productId}`;
  };
  const amount = (productId: number, milli: number) =>
    quantity(milli, catalogue.byId.get(productId)?.unit === 'kg');

  const count = async (productId: number, added: Quantity) => {
    setSelected(productId);
    if (added.kind === 'error') {
      setError(added);
      return;
    }
    setError(null);
    setTyped('');
    setBestBefore('');
    return record('count.scan', {
      inventoryId,
      productId,
      quantity: added.quantity,
      pass: passOf(productId),
      ...bestBeforeOf(bestBefore),
    });
  };

  scanRef.current =
    inventoryId === null
      ? null
      : (found) =>
          void count(
            found.product.id,
            quantityOf(found, typed, productName(found.product, locale)),
          );

  const refused = (
    <FlowRefusals
      refusals={refusals}
      kinds={KINDS}
      catalogue={catalogue}
      onUnderstood={onUnderstood}
    />
  );
  /** The date each scan of this device carried, by scan. */
  const datedScans = new Map(
    rows
      .filter((row) => row.kind === 'count.scan' && typeof row.payload.bestBefore === 'string')
      .map((row) => [row.uuid, String(row.payload.bestBefore)]),
  );
  const dateFormat = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
    dateStyle: 'short',
    timeZone: 'UTC',
  });

  if (inventoryId === null || zone === null) {
    const zones = work?.inventories ?? [];
    return (
      <section className="hand-flow" aria-labelledby="count-pick">
        {refused}
        <h2 id="count-pick" className="hand-result__title">
          {t('web.hand.count.pick')}
        </h2>
        {zones.length === 0 ? (
          <p className="hand-result__hint">{t('web.hand.count.noZones')}</p>
        ) : null}
        <ul className="hand-matches">
          {zones.map((i) => (
            <li key={i.id}>
              <button type="button" className="hand-matches__pick" onClick={() => pick(i.id)}>
                {t('web.hand.count.zone', { zone: i.zone })}
              </button>
            </li>
          ))}
        </ul>
      </section>
    );
  }

  const product = selected === null ? null : (catalogue.byId.get(selected) ?? null);
  const tally = selected === null ? undefined : tallyOf(selected);
  const recount = selected === null ? undefined : recountOf.get(selected);
  return (
    <section className="hand-flow" aria-labelledby="count-title">
      {refused}
      <h2 id="count-title" className="hand-result__title">
        {t('web.hand.count.title', { zone })}
      </h2>
      <p className="hand-result__hint">{t('web.hand.count.hint')}</p>
      <FlowError error={error} />
      {product ? (
        <article className="hand-product hand-flow__line" aria-label={productName(product, locale)}>
          <h3 className="hand-product__name">{productName(product, locale)}</h3>
          {recount ? (
            <p className="hand-flow__figures">
              <span className="hand-outcome hand-outcome--recount">
                {t('web.hand.count.recounting')}
              </span>{' '}
              {t('web.hand.count.expected', { quantity: amount(product.id, recount.expected) })}
            </p>
          ) : null}
          <p className="hand-flow__figures">
            {t('web.hand.count.yourCount')}:{' '}
            <strong>{amount(product.id, tally?.counted ?? 0)}</strong>
          </p>
          <AddQuantity
            product={product}
            typed={typed}
            onTyped={setTyped}
            onAdd={(added) => run(() => count(product.id, added))}
          />
          <BestBeforeField value={bestBefore} onChange={setBestBefore} />
          {tally && tally.scans.length > 0 ? (
            <>
              <h4 className="hand-flow__subtitle">{t('web.hand.count.scans')}</h4>
              <ul className="hand-flow__scans">
                {tally.scans.map((scan) => (
                  <li key={scan.uuid}>
                    <span>
                      {t('web.hand.count.scan', { quantity: amount(product.id, scan.quantity) })}
                      {datedScans.has(scan.uuid)
                        ? ` · ${t('web.hand.loss.bestBefore', {
                            date: dateFormat.format(
                              new Date(`${datedScans.get(scan.uuid) ?? ''}T00:00:00Z`),
                            ),
                          })}`
                        : null}
                    </span>
                    <button
                      type="button"
                      className="hand-flow__undo"
                      disabled={!idle}
                      onClick={() => run(() => record('count.undo', { scan: scan.uuid }))}
                    >
                      {t('web.hand.count.undo', { quantity: amount(product.id, scan.quantity) })}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </article>
      ) : null}
      {recounts.length > 0 ? (
        <section className="hand-flow__recounts" aria-labelledby="count-recounts">
          <h3 id="count-recounts" className="hand-flow__subtitle">
            {t('web.hand.count.recounts')}
          </h3>
          <p className="hand-result__hint">{t('web.hand.count.recountHint')}</p>
          <ul className="hand-flow__lines">
            {recounts.map((r) => (
              <li key={r.productId}>
                <button
                  type="button"
                  className="hand-flow__pick"
                  aria-pressed={r.productId === selected}
                  onClick={() => setSelected(r.productId)}
                >
                  <span className="hand-flow__name">{nameOf(r.productId)}</span>
                  <span className="hand-flow__count">
                    {t('web.hand.count.expected', { quantity: amount(r.productId, r.expected) })}
                  </span>
                  <span className="hand-flow__count">
                    {t('web.hand.count.yourCount')}:{' '}
                    {amount(r.productId, tallyOf(r.productId)?.counted ?? 0)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {counted.length > 0 ? (
        <>
          <h3 className="hand-flow__subtitle">{t('web.hand.count.counted')}</h3>
          <ul className="hand-flow__lines">
            {counted.map((c) => (
              <li key={c.productId}>
                <button
                  type="button"
                  className="hand-flow__pick"
                  aria-pressed={c.productId === selected}
                  onClick={() => setSelected(c.productId)}
                >
                  <span className="hand-flow__name">{nameOf(c.productId)}</span>
                  {c.pass === 'recount' ? (
                    <span className="hand-outcome hand-outcome--recount">
                      {t('web.hand.count.recounting')}
                    </span>
                  ) : null}
                  <span className="hand-flow__count">
                    {amount(c.productId, c.tally?.counted ?? 0)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <KeyButton label={t('web.hand.count.otherZone')} onClick={() => pick(null)} />
    </section>
  );
}
