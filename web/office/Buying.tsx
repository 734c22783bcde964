import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatQuantity, parseMilli, type Locale } from '../../domain/money';
import { useWords, type Words } from '../../renderer/i18n';
import {
  closeOrder,
  draftFromSuggestion,
  editOrderLines,
  fetchOrder,
  fetchOrders,
  fetchReceptions,
  fetchSuggestion,
  fetchSupplierProducts,
  fetchSuppliers,
  fetchUnknownBarcodes,
  ORDER_STATUSES,
  resolveBarcode,
  sendOrder,
  type Explanation,
  type Order,
  type OrderRow,
  type OrderStatus,
  type Reception,
  type Supplier,
  type SupplierProduct,
  type SupplierSuggestion,
  type UnknownBarcode,
} from './buying-api';
import { fetchProducts, type ProductRow } from './api';
import { ActFailure, dateTime, Failure, Pager } from './ListParts';
import './buying.css';

/** The coop's zone, as the catalogue's pages show times. */
const TIME_ZONE = 'Europe/Brussels';
const PAGE_SIZE = 20;

/** A product's name in the person's language: Dutch when it has one, French otherwise. */
export const productName = (item: { name: string; nameNl: string | null }, locale: Locale) =>
  locale === 'nl-BE' && item.nameNl ? item.nameNl : item.name;

/** A quantity in the product's units, as a buyer reads it: "12", "2,5". */
const units = (milli: number, locale: Locale) => formatQuantity(milli, false, locale);

/** The packs the suggestion came to, from its numbers (domain/purchasing.ts suggestLine). */
export function suggestedPacks(e: Explanation): number {
  const needed = Math.ceil(e.shortfall / e.packSize);
  return (needed === 0 ? 0 : Math.max(needed, e.minimumPacks)) + e.toppedUp;
}

/**
 * A suggested line's reasons in the person's language, from the structured numbers the server
 * keeps with the line (never its English `words`).
 */
export function explanationText(e: Explanation, t: Words, locale: Locale): string {
  const q = (milli: number) => units(milli, locale);
  const parts: string[] = [];
  parts.push(
    e.salesDays === 0
      ? t('office.buying.explain.noPace', { windowDays: e.windowDays })
      : t('office.buying.explain.pace', {
          sold: q(e.sold),
          salesDays: e.salesDays,
          windowDays: e.windowDays,
          perDay: q(e.perDay),
        }),
  );
  if (e.outOfStockDays > 0) {
    parts.push(t('office.buying.explain.left', { days: e.outOfStockDays }));
  }
  parts.push(
    t('office.buying.explain.need', {
      coverDays: e.coverDays,
      lead: e.cover.leadDays,
      review: e.cover.reviewDays,
      safety: e.cover.safetyDays,
      target: q(e.target),
      onHand: q(e.onHand),
      onOrder: q(e.onOrder),
      shortfall: q(e.shortfall),
    }),
  );
  const packs = suggestedPacks(e);
  parts.push(
    packs === 0
      ? t('office.buying.explain.nothing')
      : t('office.buying.explain.packs', { packs, packSize: q(e.packSize) }),
  );
  if (packs > 0 && e.minimumPacks > 1) {
    parts.push(t('office.buying.explain.minimum', { packs: e.minimumPacks }));
  }
  if (e.toppedUp > 0) parts.push(t('office.buying.explain.toppedUp', { packs: e.toppedUp }));
  return parts.join(' ');
}

export function StatusText({ status }: { status: OrderStatus }) {
  const { t } = useWords();
  return (
    <span className={`office-status office-status--${status}`}>
      {t(`office.buying.status.${status}`)}
    </span>
  );
}

/** A suggestion for one supplier: its lines with their reasons, the terms, then a draft. */
function SuggestionCard({ suggestion }: { suggestion: SupplierSuggestion }) {
  const { t, locale, money } = useWords();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const draft = () => {
    setBusy(true);
    setError(null);
    draftFromSuggestion(suggestion.supplierId)
      .then((order) => {
        window.location.hash = `#/order/${order.id}`;
      })
      .catch((failure: unknown) => {
        setError(failure);
        setBusy(false);
      });
  };
  const { terms } = suggestion;
  const title = t('office.buying.suggestion', { supplier: suggestion.supplierName });
  return (
    <section className="office-card" aria-label={title}>
      <h3>{title}</h3>
      {suggestion.lines.length === 0 ? (
        <p>{t('office.buying.nothing', { supplier: suggestion.supplierName })}</p>
      ) : (
        <>
          <table className="office-order-lines">
            <thead>
              <tr>
                <th scope="col">{t('office.sales.product')}</th>
                <th scope="col">{t('office.buying.code')}</th>
                <th scope="col" className="num">
                  {t('office.buying.packs')}
                </th>
                <th scope="col" className="num">
                  {t('office.buying.quantity')}
                </th>
                <th scope="col" className="num">
                  {t('office.buying.lineCost')}
                </th>
                <th scope="col">{t('office.buying.why')}</th>
              </tr>
            </thead>
            <tbody>
              {suggestion.lines.map((line) => (
                <tr key={line.productId}>
                  <th scope="row">{productName(line, locale)}</th>
                  <td>{line.supplierCode}</td>
                  <td className="num">{line.packs}</td>
                  <td className="num">{units(line.quantity, locale)}</td>
                  <td className="num">{money(line.cost)}</td>
                  <td className="office-why">{explanationText(line.explanation, t, locale)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={4}>
                  {t('office.sales.total')}
                </th>
                <td className="num">{money(suggestion.total)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
          <ul className="office-notes">
            {terms.minimumOrder > 0 ? (
              <li>
                {t(
                  suggestion.reachesMinimum
                    ? 'office.buying.note.minimum'
                    : 'office.buying.note.belowMinimum',
                  { amount: money(terms.minimumOrder) },
                )}
              </li>
            ) : null}
            {terms.freeDelivery !== null ? (
              <li>
                {suggestion.reachesFreeDelivery
                  ? t('office.buying.note.free', { amount: money(terms.freeDelivery) })
                  : t('office.buying.note.notFree', {
                      amount: money(terms.freeDelivery),
                      short: money(terms.freeDelivery - suggestion.total),
                    })}
              </li>
            ) : null}
          </ul>
          {error ? <ActFailure error={error} /> : null}
          <button type="button" className="office-choice" disabled={busy} onClick={draft}>
            {t('office.buying.makeDraft')}
          </button>
        </>
      )}
    </section>
  );
}

/**
 * The purchase orders: suggest one for a supplier, the orders by state (newest first), and the
 * barcodes scanned at receiving that no product has.
 */
export function OrdersPage() {
  const { t, locale } = useWords();
  const [suppliers, setSuppliers] = useState<Supplier[]>([]);
  const [chosen, setChosen] = useState<number | null>(null);
  const [suggestion, setSuggestion] = useState<SupplierSuggestion | null>(null);
  const [suggestError, setSuggestError] = useState<unknown>(null);
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const [orders, setOrders] = useState<OrderRow[] | null>(null);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    fetchSuppliers()
      .then((all) => {
        const active = all.filter((supplier) => supplier.active);
        setSuppliers(active);
        setChosen((old) => old ?? active[0]?.id ?? null);
      })
      .catch(setSuggestError);
  }, []);
  useEffect(() => {
    let live = true;
    fetchOrders(status)
      .then((rows) => {
        if (!live) return;
        setOrders(rows);
        setError(null);
      })
      .catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, [status]);

  const suggest = (event: FormEvent) => {
    event.preventDefault();
    if (chosen === null) return;
    setSuggestError(null);
    setSuggestion(null);
    fetchSuggestion(chosen).then(setSuggestion).catch(setSuggestError);
  };
  const shown = orders?.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) ?? [];

  return (
    <div className="office">
      <h2 className="office__title">{t('office.buying.orders')}</h2>
      <form className="office-controls" onSubmit={suggest}>
        <label className="office-field">
          <span>{t('office.buying.suggestFor')}</span>
          <select
            value={chosen ?? ''}
            onChange={(event) => setChosen(Number(event.target.value) || null)}
          >
            {suppliers.map((supplier) => (
              <option key={supplier.id} value={supplier.id}>
                {supplier.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="office-choice" disabled={chosen === null}>
          {t('office.buying.suggest')}
        </button>
      </form>
      {suggestError ? <Failure error={suggestError} /> : null}
      {suggestion ? <SuggestionCard suggestion={suggestion} /> : null}
      <div className="office-controls">
        <label className="office-field">
          <span>{t('office.buying.status')}</span>
          <select
            value={status ?? ''}
            onChange={(event) => {
              setStatus((event.target.value || null) as OrderStatus | null);
              setPage(1);
            }}
          >
            <option value="">{t('office.buying.status.all')}</option>
            {ORDER_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`office.buying.status.${value}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error ? <Failure error={error} /> : null}
      {orders ? (
        <section className="office-card" aria-label={t('office.buying.orders')}>
          {orders.length === 0 ? (
            <p>{t('office.list.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('office.buying.order')}</th>
                  <th scope="col">{t('office.supplier')}</th>
                  <th scope="col">{t('office.buying.status')}</th>
                  <th scope="col">{t('office.buying.created')}</th>
                  <th scope="col">{t('office.buying.sentOn')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((order) => (
                  <tr key={order.id}>
                    <th scope="row">
                      <a href={`#/order/${order.id}`}>
                        {t('office.buying.orderNumber', { id: order.id })}
                      </a>
                    </th>
                    <td>{order.supplierName}</td>
                    <td>
                      <StatusText status={order.status} />
                    </td>
                    <td>{dateTime(order.createdAt, locale, TIME_ZONE)}</td>
                    <td>{order.sentAt ? dateTime(order.sentAt, locale, TIME_ZONE) : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager page={page} pageSize={PAGE_SIZE} total={orders.length} onPage={setPage} />
        </section>
      ) : null}
      <UnknownBarcodes />
    </div>
  );
}

/** Barcodes a volunteer scanned at receiving that no product has: a buyer says which it is. */
function UnknownBarcodes() {
  const { t, locale } = useWords();
  const [barcodes, setBarcodes] = useState<UnknownBarcode[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = () => fetchUnknownBarcodes().then(setBarcodes).catch(setError);
  useEffect(() => {
    void load();
  }, []);
  return (
    <section className="office-card" aria-label={t('office.buying.unknownBarcodes')}>
      <h3>{t('office.buying.unknownBarcodes')}</h3>
      {error ? <ActFailure error={error} /> : null}
      {done ? <p role="status">{done}</p> : null}
      {barcodes && barcodes.length === 0 ? <p>{t('office.buying.unknownNone')}</p> : null}
      {barcodes && barcodes.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('office.buying.barcode')}</th>
              <th scope="col" className="num">
                {t('office.quantity')}
              </th>
              <th scope="col">{t('office.supplier')}</th>
              <th scope="col">{t('office.buying.seenAt')}</th>
              <th scope="col">{t('office.tills.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {barcodes.map((unknown) => (
              <tr key={unknown.id}>
                <th scope="row">{unknown.barcode}</th>
                <td className="num">{units(unknown.quantity, locale)}</td>
                <td>{unknown.supplierName ?? '–'}</td>
                <td>{dateTime(unknown.seenAt, locale, TIME_ZONE)}</td>
                <td>
                  <ResolveBarcode
                    unknown={unknown}
                    onResolved={(text) => {
                      setDone(text);
                      void load();
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function ResolveBarcode({
  unknown,
  onResolved,
}: {
  unknown: UnknownBarcode;
  onResolved: (text: string) => void;
}) {
  const { t, locale } = useWords();
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<ProductRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const find = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    fetchProducts({ q: search, pageSize: 5 })
      .then((answer) => setFound(answer.rows))
      .catch(setError);
  };
  const name = (product: ProductRow) =>
    locale === 'nl-BE' && product.nameNl ? product.nameNl : product.name;
  const resolve = (product: ProductRow) => {
    setError(null);
    resolveBarcode(unknown.id, product.id)
      .then(() =>
        onResolved(
          t('office.buying.resolved', { barcode: unknown.barcode, product: name(product) }),
        ),
      )
      .catch(setError);
  };
  return (
    <div>
      <form className="office-controls" role="search" onSubmit={find}>
        <label className="office-field">
          <span>{t('office.buying.findFor', { barcode: unknown.barcode })}</span>
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <button type="submit" className="office-choice">
          {t('office.list.find')}
        </button>
      </form>
      {found?.length === 0 ? <p>{t('office.list.none')}</p> : null}
      {found?.map((product) => (
        <button
          key={product.id}
          type="button"
          className="office-choice"
          onClick={() => resolve(product)}
        >
          {t('office.buying.resolveAs', { barcode: unknown.barcode, product: name(product) })}
        </button>
      ))}
      {error ? <Failure error={error} /> : null}
    </div>
  );
}

/**
 * A purchase order: its lines with why each quantity (while a draft: change, add, remove), sending
 * it (by e-mail through the coop's mail server, or downloaded), its files, its receptions and
 * what differed, and closing it.
 */
export function OrderPage({ id }: { id: number }) {
  const { t, locale, money } = useWords();
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [typed, setTyped] = useState<Record<number, string>>({});
  const [catalogue, setCatalogue] = useState<SupplierProduct[]>([]);
  const [adding, setAdding] = useState<{ productId: string; quantity: string }>({
    productId: '',
    quantity: '',
  });
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  // A double click sends once: the second click finds the first still under way.
  const working = useRef(false);
  const [receptions, setReceptions] = useState<Reception[] | null>(null);

  const show = (next: Order) => {
    setOrder(next);
    setTyped(
      Object.fromEntries(next.lines.map((line) => [line.productId, units(line.quantity, locale)])),
    );
  };
  useEffect(() => {
    let live = true;
    fetchOrder(id)
      .then((found) => {
        if (!live) return;
        show(found);
        if (found.status === 'draft') {
          fetchSupplierProducts(found.supplierId)
            .then((links) => live && setCatalogue(links.filter((link) => link.active)))
            .catch(() => undefined);
        }
      })
      .catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, [id]);
  useEffect(() => {
    if (!order || order.status === 'draft') return;
    fetchReceptions(order.id)
      .then(setReceptions)
      .catch(() => setReceptions([]));
  }, [order]);

  /** Runs one change at a time; its answer is the order as it now stands. */
  const act = (change: () => Promise<Order>) => {
    if (working.current) return;
    working.current = true;
    setBusy(true);
    setActionError(null);
    change()
      .then(show)
      .catch(setActionError)
      .finally(() => {
        working.current = false;
        setBusy(false);
      });
  };

  if (error) {
    return (
      <div className="office">
        <p>
          <a href="#/orders">{t('office.buying.backToOrders')}</a>
        </p>
        <Failure error={error} />
      </div>
    );
  }
  if (!order) return <div className="office" />;
  const draft = order.status === 'draft';

  const saveQuantities = (event: FormEvent) => {
    event.preventDefault();
    const lines: { productId: number; quantity: number }[] = [];
    for (const line of order.lines) {
      const text = typed[line.productId] ?? '';
      const quantity = parseMilli(text);
      if (quantity === null || quantity < 0) {
        setActionError(
          new Error(
            t('office.buying.badQuantity', {
              what: t('office.buying.quantityOf', { product: productName(line, locale) }),
            }),
          ),
        );
        return;
      }
      if (quantity !== line.quantity) lines.push({ productId: line.productId, quantity });
    }
    if (lines.length > 0) act(() => editOrderLines(order.id, lines));
  };
  const addLine = (event: FormEvent) => {
    event.preventDefault();
    const quantity = parseMilli(adding.quantity);
    const productId = Number(adding.productId);
    if (!productId) return;
    if (quantity === null || quantity <= 0) {
      setActionError(
        new Error(t('office.buying.badQuantity', { what: t('office.buying.quantity') })),
      );
      return;
    }
    act(() => editOrderLines(order.id, [{ productId, quantity }]));
    setAdding({ productId: '', quantity: '' });
  };
  const to = order.supplierEmail ?? (address.trim() || null);
  const title = t('office.buying.orderTitle', { id: order.id, supplier: order.supplierName });
  const inOrder = new Set(order.lines.map((line) => line.productId));

  return (
    <div className="office">
      <p>
        <a href="#/orders">{t('office.buying.backToOrders')}</a>
      </p>
      <h2 className="office__title">{title}</h2>
      <dl className="office-facts">
        <div>
          <dt>{t('office.buying.status')}</dt>
          <dd>
            <StatusText status={order.status} />
          </dd>
        </div>
        <div>
          <dt>{t('office.buying.created')}</dt>
          <dd>{dateTime(order.createdAt, locale, TIME_ZONE)}</dd>
        </div>
        {order.sentAt ? (
          <div>
            <dt>{t('office.buying.sentOn')}</dt>
            <dd>
              {dateTime(order.sentAt, locale, TIME_ZONE)} –{' '}
              {order.sentTo ?? t('office.buying.sentByHand')}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('office.sales.total')}</dt>
          <dd>{money(order.total)}</dd>
        </div>
      </dl>
      {actionError ? <ActFailure error={actionError} /> : null}
      <form onSubmit={saveQuantities}>
        <section className="office-card" aria-label={t('office.sales.lines')}>
          <table className="office-order-lines">
            <thead>
              <tr>
                <th scope="col">{t('office.sales.product')}</th>
                <th scope="col" className="num">
                  {t('office.buying.packSize')}
                </th>
                <th scope="col" className="num">
                  {t('office.buying.quantity')}
                </th>
                <th scope="col" className="num">
                  {t('office.catalogue.cost')}
                </th>
                <th scope="col" className="num">
                  {t('office.buying.lineCost')}
                </th>
                {draft ? null : (
                  <th scope="col" className="num">
                    {t('office.buying.received')}
                  </th>
                )}
                <th scope="col">{t('office.buying.why')}</th>
                {draft ? <th scope="col">{t('office.tills.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.productId}>
                  <th scope="row">
                    {productName(line, locale)}
                    {line.supplierCode ? (
                      <span className="office-supplier-code">{line.supplierCode}</span>
                    ) : null}
                  </th>
                  <td className="num">{units(line.packSize, locale)}</td>
                  <td className="num">
                    {draft ? (
                      <input
                        className="office-quantity"
                        inputMode="decimal"
                        aria-label={t('office.buying.quantityOf', {
                          product: productName(line, locale),
                        })}
                        value={typed[line.productId] ?? ''}
                        onChange={(event) =>
                          setTyped((old) => ({ ...old, [line.productId]: event.target.value }))
                        }
                      />
                    ) : (
                      units(line.quantity, locale)
                    )}
                  </td>
                  <td className="num">{money(line.unitCost)}</td>
                  <td className="num">{money(line.cost)}</td>
                  {draft ? null : <td className="num">{units(line.received, locale)}</td>}
                  <td className="office-why">
                    {line.explanation
                      ? explanationText(line.explanation, t, locale)
                      : t('office.buying.explain.byHand')}
                  </td>
                  {draft ? (
                    <td>
                      <button
                        type="button"
                        className="office-choice"
                        aria-label={t('office.buying.remove', {
                          product: productName(line, locale),
                        })}
                        disabled={busy}
                        onClick={() =>
                          act(() =>
                            editOrderLines(order.id, [{ productId: line.productId, quantity: 0 }]),
                          )
                        }
                      >
                        {t('office.buying.removeShort')}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          {draft ? (
            <button type="submit" className="office-choice" disabled={busy}>
              {t('office.buying.saveLines')}
            </button>
          ) : null}
        </section>
      </form>
      {draft && catalogue.some((link) => !inOrder.has(link.productId)) ? (
        <form className="office-controls" onSubmit={addLine}>
          <label className="office-field">
            <span>{t('office.buying.addLine')}</span>
            <select
              value={adding.productId}
              onChange={(event) => setAdding((old) => ({ ...old, productId: event.target.value }))}
            >
              <option value="">–</option>
              {catalogue
                .filter((link) => !inOrder.has(link.productId))
                .map((link) => (
                  <option key={link.productId} value={link.productId}>
                    {link.productName} ({link.supplierCode})
                  </option>
                ))}
            </select>
          </label>
          <label className="office-field">
            <span>{t('office.buying.quantity')}</span>
            <input
              inputMode="decimal"
              value={adding.quantity}
              onChange={(event) => setAdding((old) => ({ ...old, quantity: event.target.value }))}
            />
          </label>
          <button type="submit" className="office-choice" disabled={busy}>
            {t('office.buying.add')}
          </button>
        </form>
      ) : null}
      <div className="office-controls">
        <a className="office-choice" href={`/v1/purchasing/orders/${order.id}/pdf`} download>
          {t('office.buying.pdf')}
        </a>
        <a className="office-choice" href={`/v1/purchasing/orders/${order.id}/csv`} download>
          {t('office.buying.csv')}
        </a>
      </div>
      {draft ? (
        <div className="office-controls">
          {order.supplierEmail ? null : (
            <label className="office-field">
              <span>{t('office.buying.sendAddress')}</span>
              <input
                type="email"
                value={address}
                onChange={(event) => setAddress(event.target.value)}
              />
            </label>
          )}
          <button
            type="button"
            className="office-choice"
            disabled={busy || to === null || order.lines.length === 0}
            onClick={() => act(() => sendOrder(order.id, to))}
          >
            {busy
              ? t('office.buying.sending')
              : to
                ? t('office.buying.send', { to })
                : t('office.buying.sendBy')}
          </button>
          <button
            type="button"
            className="office-choice"
            disabled={busy || order.lines.length === 0}
            onClick={() => act(() => sendOrder(order.id, null))}
          >
            {t('office.buying.markSent')}
          </button>
        </div>
      ) : null}
      {order.status !== 'closed' && !draft ? (
        <div className="office-controls">
          <button
            type="button"
            className="office-choice"
            disabled={busy}
            onClick={() => act(() => closeOrder(order.id))}
          >
            {t('office.buying.close')}
          </button>
        </div>
      ) : null}
      {draft ? null : <Receptions receptions={receptions} />}
    </div>
  );
}

function outcomeText(result: Reception['results'][number], t: Words, locale: Locale): string {
  switch (result.outcome) {
    case 'short':
      return t('office.buying.outcome.short', {
        quantity: units(result.ordered - result.received, locale),
      });
    case 'over':
      return t('office.buying.outcome.over', {
        quantity: units(result.received - result.ordered, locale),
      });
    default:
      return t(`office.buying.outcome.${result.outcome}`);
  }
}

/** Each delivery of the order: per product, what was ordered and came, and at what cost. */
function Receptions({ receptions }: { receptions: Reception[] | null }) {
  const { t, locale, money } = useWords();
  if (!receptions) return null;
  return (
    <section className="office-card" aria-label={t('office.buying.receptions')}>
      <h3>{t('office.buying.receptions')}</h3>
      {receptions.length === 0 ? <p>{t('office.buying.noReception')}</p> : null}
      {receptions.map((reception) => (
        <div key={reception.id}>
          <h4>
            {reception.validatedAt
              ? t('office.buying.receptionOf', {
                  time: dateTime(reception.validatedAt, locale, TIME_ZONE),
                })
              : t('office.buying.receptionOpen', {
                  time: dateTime(reception.openedAt, locale, TIME_ZONE),
                })}
          </h4>
          {reception.shortages ? (
            <p>{t(`office.buying.shortages.${reception.shortages}`)}</p>
          ) : null}
          {reception.results.length > 0 ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('office.sales.product')}</th>
                  <th scope="col" className="num">
                    {t('office.buying.ordered')}
                  </th>
                  <th scope="col" className="num">
                    {t('office.buying.received')}
                  </th>
                  <th scope="col">{t('office.buying.outcome')}</th>
                  <th scope="col" className="num">
                    {t('office.buying.deliveredCost')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {reception.results.map((result) => (
                  <tr key={result.productId}>
                    <th scope="row">{productName(result, locale)}</th>
                    <td className="num">{units(result.ordered, locale)}</td>
                    <td className="num">{units(result.received, locale)}</td>
                    <td>{outcomeText(result, t, locale)}</td>
                    <td className="num">
                      {result.unitCost === null
                        ? '–'
                        : result.orderedCost !== null && result.orderedCost !== result.unitCost
                          ? t('office.buying.costDiffers', {
                              cost: money(result.unitCost),
                              ordered: money(result.orderedCost),
                            })
                          : money(result.unitCost)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {reception.unknownBarcodes.length > 0 ? (
            <p>
              {t('office.buying.unknownBarcodes')}:{' '}
              {reception.unknownBarcodes
                .map((unknown) => `${unknown.barcode} (${units(unknown.quantity, locale)})`)
                .join(', ')}
            </p>
          ) : null}
        </div>
      ))}
    </section>
  );
}
