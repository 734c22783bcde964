import { useEffect, useState, type FormEvent } from 'react';
import { formatQuantity, parseCents, parseMilli, type Locale } from '../../domain/money';
import { useWords, type ScreenKey } from '../../renderer/i18n';
import {
  applyPriceList,
  createSupplier,
  fetchSupplier,
  fetchSupplierProducts,
  fetchSuppliers,
  previewPriceList,
  putSupplierProduct,
  saveMapping,
  stopSupplierProduct,
  updateSupplier,
  type ApplyResult,
  type PriceListMapping,
  type PriceListPreview,
  type Supplier,
  type SupplierInput,
  type SupplierProduct,
} from './buying-api';
import { ActFailure, Failure, Pager, SortHeader } from './ListParts';

type SupplierSort = 'name' | 'minimumOrder' | 'active';
const PAGE_SIZE = 20;

/** Suppliers, found by name or e-mail, sorted and paged on the page (a coop has a few hundred). */
export function SuppliersPage() {
  const { t, money } = useWords();
  const [suppliers, setSuppliers] = useState<Supplier[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState({
    q: '',
    sort: 'name' as SupplierSort,
    order: 'asc' as 'asc' | 'desc',
    page: 1,
  });
  useEffect(() => {
    fetchSuppliers().then(setSuppliers).catch(setError);
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery((old) => ({ ...old, q: search.trim().toLowerCase(), page: 1 }));
  };
  const onSort = (sort: SupplierSort, order: 'asc' | 'desc') =>
    setQuery((old) => ({ ...old, sort, order, page: 1 }));
  const found = (suppliers ?? [])
    .filter(
      (supplier) =>
        query.q === '' ||
        supplier.name.toLowerCase().includes(query.q) ||
        (supplier.email ?? '').toLowerCase().includes(query.q),
    )
    .sort((a, b) => {
      const by =
        query.sort === 'name'
          ? a.name.localeCompare(b.name)
          : query.sort === 'minimumOrder'
            ? a.minimumOrder - b.minimumOrder
            : Number(a.active) - Number(b.active);
      return query.order === 'asc' ? by : -by;
    });
  const shown = found.slice((query.page - 1) * PAGE_SIZE, query.page * PAGE_SIZE);
  return (
    <div className="office">
      <h2 className="office__title">{t('office.buying.suppliers')}</h2>
      <form className="office-controls" role="search" onSubmit={submit}>
        <label className="office-field">
          <span>{t('office.buying.search')}</span>
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <button type="submit" className="office-choice">
          {t('office.list.find')}
        </button>
      </form>
      {error ? <Failure error={error} /> : null}
      {suppliers ? (
        <section className="office-card" aria-label={t('office.buying.list')}>
          {shown.length === 0 ? (
            <p>{t('office.list.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <SortHeader column="name" sort={query.sort} order={query.order} onSort={onSort}>
                    {t('office.buying.name')}
                  </SortHeader>
                  <th scope="col">{t('office.buying.email')}</th>
                  <SortHeader
                    column="minimumOrder"
                    numeric
                    sort={query.sort}
                    order={query.order}
                    onSort={onSort}
                  >
                    {t('office.buying.minimumOrder')}
                  </SortHeader>
                  <th scope="col" className="num">
                    {t('office.buying.freeDelivery')}
                  </th>
                  <SortHeader column="active" sort={query.sort} order={query.order} onSort={onSort}>
                    {t('office.tills.state')}
                  </SortHeader>
                </tr>
              </thead>
              <tbody>
                {shown.map((supplier) => (
                  <tr key={supplier.id}>
                    <th scope="row">
                      <a href={`#/supplier/${supplier.id}`}>{supplier.name}</a>
                    </th>
                    <td>{supplier.email ?? '–'}</td>
                    <td className="num">{money(supplier.minimumOrder)}</td>
                    <td className="num">
                      {supplier.freeDelivery === null ? '–' : money(supplier.freeDelivery)}
                    </td>
                    <td>
                      {t(supplier.active ? 'office.buying.active' : 'office.buying.inactive')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager
            page={query.page}
            pageSize={PAGE_SIZE}
            total={found.length}
            onPage={(page) => setQuery((old) => ({ ...old, page }))}
          />
        </section>
      ) : null}
      <SupplierForm
        title={t('office.buying.newSupplier')}
        submitLabel={t('office.buying.create')}
        initial={null}
        onSave={(input) =>
          createSupplier(input).then((created) => {
            window.location.hash = `#/supplier/${created.id}`;
            return created;
          })
        }
      />
    </div>
  );
}

/** An amount as the person types it back: "150,00" in French and Dutch, "150.00" in English. */
const euros = (cents: number | null, locale: Locale) =>
  cents === null ? '' : (cents / 100).toFixed(2).replace('.', locale === 'en' ? '.' : ',');

/** A supplier's contact and terms; amounts typed in euros, checked before anything is sent. */
function SupplierForm({
  title,
  submitLabel,
  initial,
  onSave,
}: {
  title: string;
  submitLabel: string;
  initial: Supplier | null;
  onSave: (input: SupplierInput) => Promise<Supplier>;
}) {
  const { t, locale } = useWords();
  const [fields, setFields] = useState(() => ({
    name: initial?.name ?? '',
    email: initial?.email ?? '',
    active: initial?.active ?? true,
    leadDays: String(initial?.leadDays ?? 2),
    reviewDays: String(initial?.reviewDays ?? 7),
    safetyDays: String(initial?.safetyDays ?? 2),
    minimumOrder: euros(initial?.minimumOrder ?? 0, locale),
    freeDelivery: euros(initial?.freeDelivery ?? null, locale),
  }));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const set = (key: keyof typeof fields, value: string | boolean) => {
    setSaved(false);
    setFields((old) => ({ ...old, [key]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const whole = (key: 'leadDays' | 'reviewDays' | 'safetyDays', label: ScreenKey) => {
      if (!/^\d{1,3}$/.test(fields[key].trim())) {
        throw new Error(t('office.buying.badNumber', { what: t(label) }));
      }
      return Number(fields[key]);
    };
    const amount = (text: string, label: ScreenKey) => {
      const cents = parseCents(text);
      if (cents === null || cents < 0) {
        throw new Error(t('office.buying.badMoney', { what: t(label) }));
      }
      return cents;
    };
    let input: SupplierInput;
    try {
      input = {
        name: fields.name,
        email: fields.email.trim() || null,
        active: fields.active,
        leadDays: whole('leadDays', 'office.buying.leadDays'),
        reviewDays: whole('reviewDays', 'office.buying.reviewDays'),
        safetyDays: whole('safetyDays', 'office.buying.safetyDays'),
        minimumOrder: amount(fields.minimumOrder || '0', 'office.buying.minimumOrder'),
        freeDelivery: fields.freeDelivery.trim()
          ? amount(fields.freeDelivery, 'office.buying.freeDelivery')
          : null,
      };
    } catch (problem) {
      setError(problem);
      return;
    }
    onSave(input)
      .then(() => setSaved(true))
      .catch(setError);
  };
  const text = (key: keyof typeof fields, label: ScreenKey, type = 'text') => (
    <label className="office-field">
      <span>{t(label)}</span>
      <input
        type={type}
        value={String(fields[key])}
        onChange={(event) => set(key, event.target.value)}
      />
    </label>
  );
  return (
    <section className="office-card" aria-label={title}>
      <h3>{title}</h3>
      <form className="office-form" onSubmit={submit}>
        {text('name', 'office.buying.name')}
        {text('email', 'office.buying.email', 'email')}
        {text('minimumOrder', 'office.buying.minimumOrder')}
        {text('freeDelivery', 'office.buying.freeDelivery')}
        {text('leadDays', 'office.buying.leadDays')}
        {text('reviewDays', 'office.buying.reviewDays')}
        {text('safetyDays', 'office.buying.safetyDays')}
        <label className="office-check">
          <input
            type="checkbox"
            checked={fields.active}
            onChange={(event) => set('active', event.target.checked)}
          />
          <span>{t('office.buying.active')}</span>
        </label>
        <button type="submit" className="office-choice">
          {submitLabel}
        </button>
      </form>
      {error ? <ActFailure error={error} /> : null}
      {saved ? <p role="status">{t('office.buying.saved')}</p> : null}
    </section>
  );
}

/** A supplier: contact and terms, what they sell us, and their price list imported. */
export function SupplierPage({ id }: { id: number }) {
  const { t } = useWords();
  const [supplier, setSupplier] = useState<Supplier | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    fetchSupplier(id).then(setSupplier).catch(setError);
  }, [id]);
  return (
    <div className="office">
      <p>
        <a href="#/suppliers">{t('office.buying.backToSuppliers')}</a>
      </p>
      {error ? <Failure error={error} /> : null}
      {supplier ? (
        <>
          <h2 className="office__title">{supplier.name}</h2>
          <SupplierForm
            key={supplier.updatedAt}
            title={t('office.buying.details')}
            submitLabel={t('office.buying.save')}
            initial={supplier}
            onSave={(input) => updateSupplier(id, input)}
          />
          <SupplierCatalogue id={id} />
          <PriceListImport supplier={supplier} onMapped={setSupplier} />
        </>
      ) : null}
    </div>
  );
}

function SupplierCatalogue({ id }: { id: number }) {
  const { t, locale, money } = useWords();
  const [links, setLinks] = useState<SupplierProduct[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [fields, setFields] = useState({
    productId: '',
    supplierCode: '',
    packSize: '1',
    cost: '',
    minimumPacks: '1',
  });
  const load = () => fetchSupplierProducts(id).then(setLinks).catch(setError);
  useEffect(() => {
    void load();
  }, [id]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const productId = Number(fields.productId);
    const packSize = parseMilli(fields.packSize);
    const cost = parseCents(fields.cost);
    const minimumPacks = Number(fields.minimumPacks);
    if (!Number.isInteger(productId) || productId <= 0) {
      setError(new Error(t('office.buying.badNumber', { what: t('office.buying.productNumber') })));
      return;
    }
    if (packSize === null || packSize <= 0) {
      setError(new Error(t('office.buying.badQuantity', { what: t('office.buying.packSize') })));
      return;
    }
    if (cost === null || cost < 0) {
      setError(new Error(t('office.buying.badMoney', { what: t('office.buying.unitCost') })));
      return;
    }
    if (!Number.isInteger(minimumPacks) || minimumPacks < 1) {
      setError(new Error(t('office.buying.badNumber', { what: t('office.buying.minimumPacks') })));
      return;
    }
    putSupplierProduct(id, productId, {
      supplierCode: fields.supplierCode,
      packSize,
      cost,
      minimumPacks,
    })
      .then(() => load())
      .catch(setError);
  };
  const edit = (link: SupplierProduct) =>
    setFields({
      productId: String(link.productId),
      supplierCode: link.supplierCode,
      packSize: formatQuantity(link.packSize, false, 'en'),
      cost: euros(link.cost, locale),
      minimumPacks: String(link.minimumPacks),
    });
  const field = (key: keyof typeof fields, label: ScreenKey) => (
    <label className="office-field">
      <span>{t(label)}</span>
      <input
        value={fields[key]}
        onChange={(event) => setFields((old) => ({ ...old, [key]: event.target.value }))}
      />
    </label>
  );
  return (
    <section className="office-card" aria-label={t('office.buying.catalogue')}>
      <h3>{t('office.buying.catalogue')}</h3>
      {links && links.length === 0 ? <p>{t('office.buying.noLinks')}</p> : null}
      {links && links.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('office.buying.code')}</th>
              <th scope="col">{t('office.sales.product')}</th>
              <th scope="col" className="num">
                {t('office.buying.packSize')}
              </th>
              <th scope="col" className="num">
                {t('office.buying.minimumPacks')}
              </th>
              <th scope="col" className="num">
                {t('office.buying.unitCost')}
              </th>
              <th scope="col">{t('office.tills.state')}</th>
              <th scope="col">{t('office.tills.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {links.map((link) => (
              <tr key={link.productId}>
                <td>{link.supplierCode}</td>
                <th scope="row">
                  <a href={`#/product/${link.productId}`}>{link.productName}</a>
                </th>
                <td className="num">{formatQuantity(link.packSize, false, locale)}</td>
                <td className="num">{link.minimumPacks}</td>
                <td className="num">{money(link.cost)}</td>
                <td>{t(link.active ? 'office.buying.active' : 'office.buying.inactive')}</td>
                <td className="office-actions">
                  <button
                    type="button"
                    className="office-choice"
                    aria-label={t('office.buying.edit', { product: link.productName })}
                    onClick={() => edit(link)}
                  >
                    {t('office.buying.editShort')}
                  </button>
                  {link.active ? (
                    <button
                      type="button"
                      className="office-choice"
                      aria-label={t('office.buying.unlink', { product: link.productName })}
                      onClick={() =>
                        stopSupplierProduct(id, link.productId)
                          .then(() => load())
                          .catch(setError)
                      }
                    >
                      {t('office.buying.unlinkShort')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="office-form" onSubmit={submit}>
        {field('productId', 'office.buying.productNumber')}
        {field('supplierCode', 'office.buying.code')}
        {field('packSize', 'office.buying.packSize')}
        {field('minimumPacks', 'office.buying.minimumPacks')}
        {field('cost', 'office.buying.unitCost')}
        <button type="submit" className="office-choice">
          {t('office.buying.link')}
        </button>
      </form>
      {error ? <ActFailure error={error} /> : null}
    </section>
  );
}

/** Brussels' today, as the date field's first value. */
const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());

/** The columns, then the file's preview (lines, changes, refusals), then applying it once. */
function PriceListImport({
  supplier,
  onMapped,
}: {
  supplier: Supplier;
  onMapped: (supplier: Supplier) => void;
}) {
  const { t, locale, money } = useWords();
  const [mapping, setMapping] = useState<PriceListMapping>(
    () => supplier.mapping ?? { code: '', cost: '', costPer: 'unit' },
  );
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<PriceListPreview | null>(null);
  const [effectiveFrom, setEffectiveFrom] = useState(today);
  const [applied, setApplied] = useState<ApplyResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const q = (milli: number) => formatQuantity(milli, false, locale);

  const saveColumns = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const cleaned = Object.fromEntries(
      Object.entries(mapping).filter(([, value]) => value !== '' && value !== undefined),
    ) as unknown as PriceListMapping;
    saveMapping(supplier.id, cleaned)
      .then((saved) => onMapped({ ...supplier, mapping: saved }))
      .catch(setError);
  };
  const read = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    setApplied(null);
    setPreview(null);
    previewPriceList(supplier.id, file).then(setPreview).catch(setError);
  };
  const apply = () => {
    if (!preview || busy) return;
    setBusy(true);
    setError(null);
    applyPriceList(supplier.id, preview.id, effectiveFrom)
      .then(setApplied)
      .catch(setError)
      .finally(() => setBusy(false));
  };
  const column = (key: Exclude<keyof PriceListMapping, 'costPer'>) => (
    <label className="office-field">
      <span>{t(`office.buying.column.${key}`)}</span>
      <input
        value={mapping[key] ?? ''}
        onChange={(event) => setMapping((old) => ({ ...old, [key]: event.target.value }))}
      />
    </label>
  );
  return (
    <section className="office-card" aria-label={t('office.buying.priceList')}>
      <h3>{t('office.buying.priceList')}</h3>
      <form className="office-form" onSubmit={saveColumns} aria-label={t('office.buying.mapping')}>
        <p>{t('office.buying.mapping')}</p>
        {column('code')}
        {column('cost')}
        {column('barcode')}
        {column('name')}
        {column('packSize')}
        {column('minimumPacks')}
        <label className="office-field">
          <span>{t('office.buying.costPer')}</span>
          <select
            value={mapping.costPer}
            onChange={(event) =>
              setMapping((old) => ({ ...old, costPer: event.target.value as 'unit' | 'pack' }))
            }
          >
            <option value="unit">{t('office.buying.costPer.unit')}</option>
            <option value="pack">{t('office.buying.costPer.pack')}</option>
          </select>
        </label>
        <button type="submit" className="office-choice">
          {t('office.buying.saveMapping')}
        </button>
      </form>
      <form className="office-controls" onSubmit={read}>
        <label className="office-field">
          <span>{t('office.buying.file')}</span>
          <input
            type="file"
            accept=".csv,.xlsx,text/csv"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </label>
        <button type="submit" className="office-choice" disabled={!file}>
          {t('office.buying.preview')}
        </button>
      </form>
      {error ? <ActFailure error={error} /> : null}
      {preview ? (
        <div>
          <p role="status">
            {t('office.buying.previewOf', {
              lines: preview.lines,
              file: preview.fileName ?? '',
              unchanged: preview.unchanged,
            })}
          </p>
          {preview.added.length > 0 ? (
            <>
              <h4>{t('office.buying.added', { count: preview.added.length })}</h4>
              <ul>
                {preview.added.map((line) => (
                  <li key={line.productId}>
                    {t('office.buying.line')} {line.line}: {line.productName} – {line.code},{' '}
                    {money(line.cost)}, {t('office.buying.packSize').toLowerCase()}{' '}
                    {q(line.packSize)}; {t('office.buying.salePrice')}: {money(line.currentPrice)} →{' '}
                    {money(line.suggestedPrice)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {preview.changed.length > 0 ? (
            <>
              <h4>{t('office.buying.changed', { count: preview.changed.length })}</h4>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('office.buying.line')}</th>
                    <th scope="col">{t('office.sales.product')}</th>
                    <th scope="col">{t('office.buying.before')}</th>
                    <th scope="col">{t('office.buying.after')}</th>
                    <th scope="col">{t('office.buying.salePrice')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.changed.map((line) => (
                    <tr key={line.productId}>
                      <td className="num">{line.line}</td>
                      <th scope="row">{line.productName}</th>
                      <td>
                        {line.before.code}, {money(line.before.cost)}, {q(line.before.packSize)}
                      </td>
                      <td>
                        {line.after.code}, {money(line.after.cost)}, {q(line.after.packSize)}
                      </td>
                      <td>
                        {money(line.currentPrice)} → {money(line.suggestedPrice)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          {preview.gone.length > 0 ? (
            <>
              <h4>{t('office.buying.gone', { count: preview.gone.length })}</h4>
              <ul>
                {preview.gone.map((line) => (
                  <li key={line.productId}>
                    {line.productName} – {line.code}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {preview.unknown.length > 0 ? (
            <>
              <h4>{t('office.buying.unknown', { count: preview.unknown.length })}</h4>
              <ul>
                {preview.unknown.map((line) => (
                  <li key={line.line}>
                    {t('office.buying.line')} {line.line}: {line.code}
                    {line.barcode ? ` / ${line.barcode}` : ''}
                    {line.name ? ` – ${line.name}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p>{t('office.buying.priceChanges', { count: preview.priceChanges })}</p>
          {applied ? (
            <p role="status">
              {t('office.buying.applied', {
                day: applied.effectiveFrom,
                linked: applied.linked,
                updated: applied.updated,
                deactivated: applied.deactivated,
                queued: applied.priceChangesQueued,
              })}
            </p>
          ) : (
            <div className="office-controls">
              <label className="office-field">
                <span>{t('office.buying.effectiveFrom')}</span>
                <input
                  type="date"
                  value={effectiveFrom}
                  onChange={(event) => setEffectiveFrom(event.target.value)}
                />
              </label>
              <button type="button" className="office-choice" disabled={busy} onClick={apply}>
                {t('office.buying.apply')}
              </button>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
