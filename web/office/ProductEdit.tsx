import { useEffect, useState, type FormEvent } from 'react';
import { barcodeProblem } from '../../domain/catalogue-edit';
import { parseCents } from '../../domain/money';
import { useWords, type ScreenKey } from '../../renderer/i18n';
import { fetchPriceHistory } from './api';
import {
  addBarcode,
  fetchCategories,
  fetchProductDetail,
  removeBarcode,
  saveProduct,
  saveProductPrice,
  type Category,
  type ChangeRecord,
  type ContentUnit,
  type ProductDetail,
  type TaxRate,
  type UnitPrice,
} from './catalogue-api';
import { dateTime, Failure } from './ListParts';

/** The tills' own zone is the coop's; changes are shown in Brussels' time. */
const TIME_ZONE = 'Europe/Brussels';
const CONTENT_UNITS: readonly ContentUnit[] = ['g', 'kg', 'ml', 'l', 'piece'];

/** A net content as a person types it, in its unit ("500", "1,5"), as thousandths; null if not one. */
function parseContent(text: string): number | null {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,3}))?\s*$/.exec(text);
  if (!match) return null;
  const value = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
  return value > 0 ? value : null;
}
const contentText = (milli: number | null) =>
  milli === null ? '' : String(milli / 1000).replace('.', ',');

export function useUnitPrice(): (unit: UnitPrice | null) => string {
  const { t, money } = useWords();
  return (unit) => (unit ? `${money(unit.cents)} ${t(`office.product.per.${unit.per}`)}` : '–');
}

/**
 * A product's page for a manager: its fields, its price (now or from a day), its barcodes, its
 * price history, and every change with who made it and when.
 */
export function ProductEditPage({ id }: { id: number }) {
  const { t, locale, money } = useWords();
  const unitPriceText = useUnitPrice();
  const [product, setProduct] = useState<ProductDetail | null>(null);
  const [lists, setLists] = useState<{ categories: Category[]; taxRates: TaxRate[] } | null>(null);
  const [history, setHistory] = useState<{ price: number; from: string; until: string | null }[]>(
    [],
  );
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The form's fields, as typed.
  const [form, setForm] = useState({
    name: '',
    nameNl: '',
    categoryId: '',
    taxRateId: '',
    unit: 'piece' as 'piece' | 'kg',
    active: true,
    netContent: '',
    contentUnit: '' as ContentUnit | '',
  });
  const [price, setPrice] = useState('');
  const [from, setFrom] = useState('');
  const [code, setCode] = useState('');

  const show = (detail: ProductDetail) => {
    setProduct(detail);
    setForm({
      name: detail.name,
      nameNl: detail.nameNl ?? '',
      categoryId: detail.categoryId === null ? '' : String(detail.categoryId),
      taxRateId: String(detail.taxRateId),
      unit: detail.unit,
      active: detail.active,
      netContent: contentText(detail.netContent),
      contentUnit: detail.contentUnit ?? '',
    });
    void fetchPriceHistory(detail.id).then((answer) => setHistory(answer.prices));
  };
  useEffect(() => {
    let live = true;
    Promise.all([fetchProductDetail(id), fetchCategories()])
      .then(([detail, found]) => {
        if (!live) return;
        show(detail);
        setPrice('');
        setLists(found);
      })
      .catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, [id]);

  const run = (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    work()
      .catch(setError)
      .finally(() => setBusy(false));
  };

  const submitFields = (event: FormEvent) => {
    event.preventDefault();
    const netContent = form.netContent.trim() === '' ? null : parseContent(form.netContent);
    if (form.netContent.trim() !== '' && netContent === null) {
      setError(new Error(t('office.product.badContent')));
      return;
    }
    run(async () => {
      show(
        await saveProduct(id, {
          name: form.name,
          nameNl: form.nameNl.trim() || null,
          categoryId: form.categoryId ? Number(form.categoryId) : null,
          taxRateId: Number(form.taxRateId),
          unit: form.unit,
          active: form.active,
          netContent,
          contentUnit: netContent === null ? null : form.contentUnit || null,
        }),
      );
      setNotice(t('office.product.saved'));
    });
  };
  const submitPrice = (event: FormEvent) => {
    event.preventDefault();
    const cents = parseCents(price);
    if (cents === null || cents < 0) {
      setError(new Error(t('office.product.badPrice')));
      return;
    }
    run(async () => {
      const answer = await saveProductPrice(id, cents, from || null);
      show(answer.product);
      setPrice('');
      setNotice(
        answer.status === 'scheduled'
          ? t('office.product.priceScheduled', { price: money(cents), day: from })
          : t('office.product.priceApplied', { price: money(cents) }),
      );
    });
  };
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    // The check digit is checked here first, to say it in the person's words (the server checks too).
    if (barcodeProblem(code.trim())) {
      setNotice(null);
      setError(new Error(t('office.product.badBarcode', { code: code.trim() })));
      return;
    }
    run(async () => {
      show(await addBarcode(id, code.trim()));
      setCode('');
    });
  };

  const field = (key: keyof typeof form, label: ScreenKey, type = 'text') => (
    <label className="office-field">
      <span>{t(label)}</span>
      <input
        type={type}
        value={String(form[key])}
        onChange={(event) => setForm((old) => ({ ...old, [key]: event.target.value }))}
      />
    </label>
  );
  const categoryName = (category: Category) =>
    (locale === 'nl-BE' ? category.nameNl : null) ?? category.name;

  return (
    <div className="office">
      <p>
        <a href="#/catalogue">{t('office.catalogue.back')}</a>
      </p>
      {product ? (
        <h2 className="office__title">
          {(locale === 'nl-BE' ? product.nameNl : null) ?? product.name}
        </h2>
      ) : null}
      {error ? <Failure error={error} /> : null}
      {notice ? (
        <p role="status" className="office-notice">
          {notice}
        </p>
      ) : null}
      {product && lists ? (
        <>
          <section className="office-card" aria-label={t('office.product.priceTitle')}>
            <h3>{t('office.product.priceTitle')}</h3>
            <dl className="office-facts">
              <div>
                <dt>{t('office.catalogue.price')}</dt>
                <dd>
                  {money(product.price)}
                  {product.unit === 'kg' ? ` ${t('office.product.per.kg')}` : ''}
                </dd>
              </div>
              <div>
                <dt>{t('office.product.unitPrice')}</dt>
                <dd>{unitPriceText(product.unitPrice)}</dd>
              </div>
              <div>
                <dt>{t('office.catalogue.cost')}</dt>
                <dd>{product.costPrice === null ? '–' : money(product.costPrice)}</dd>
              </div>
              {product.scheduled.map((next) => (
                <div key={`${next.effectiveFrom}-${next.newPrice}`}>
                  <dt>{t('office.product.scheduledLabel')}</dt>
                  <dd>
                    {t('office.product.scheduled', {
                      price: money(next.newPrice),
                      day: next.effectiveFrom,
                    })}
                  </dd>
                </div>
              ))}
            </dl>
            <form className="office-controls" onSubmit={submitPrice}>
              <label className="office-field">
                <span>{t('office.product.newPrice')}</span>
                <input
                  inputMode="decimal"
                  value={price}
                  onChange={(event) => setPrice(event.target.value)}
                />
              </label>
              <label className="office-field">
                <span>{t('office.product.from')}</span>
                <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
              </label>
              <button type="submit" className="office-choice" disabled={busy}>
                {t('office.product.savePrice')}
              </button>
            </form>
          </section>

          <section className="office-card" aria-label={t('office.product.edit')}>
            <h3>{t('office.product.edit')}</h3>
            <form className="office-controls office-form" onSubmit={submitFields}>
              {field('name', 'office.product.name')}
              {field('nameNl', 'office.catalogue.nameNl')}
              <label className="office-field">
                <span>{t('office.category')}</span>
                <select
                  value={form.categoryId}
                  onChange={(event) =>
                    setForm((old) => ({ ...old, categoryId: event.target.value }))
                  }
                >
                  <option value="">{t('office.noCategory')}</option>
                  {lists.categories.map((category) => (
                    <option key={category.id} value={category.id}>
                      {categoryName(category)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="office-field">
                <span>{t('office.product.vat')}</span>
                <select
                  value={form.taxRateId}
                  onChange={(event) =>
                    setForm((old) => ({ ...old, taxRateId: event.target.value }))
                  }
                >
                  {lists.taxRates.map((rate) => (
                    <option key={rate.id} value={rate.id}>
                      {`${rate.rateBp / 100} %`}
                    </option>
                  ))}
                </select>
              </label>
              <label className="office-field">
                <span>{t('office.product.unit')}</span>
                <select
                  value={form.unit}
                  onChange={(event) =>
                    setForm((old) => ({ ...old, unit: event.target.value as 'piece' | 'kg' }))
                  }
                >
                  <option value="piece">{t('office.product.unit.piece')}</option>
                  <option value="kg">{t('office.product.unit.kg')}</option>
                </select>
              </label>
              {field('netContent', 'office.product.content')}
              <label className="office-field">
                <span>{t('office.product.contentUnit')}</span>
                <select
                  value={form.contentUnit}
                  onChange={(event) =>
                    setForm((old) => ({ ...old, contentUnit: event.target.value as ContentUnit }))
                  }
                >
                  <option value="">–</option>
                  {CONTENT_UNITS.map((unit) => (
                    <option key={unit} value={unit}>
                      {t(`office.product.contentUnit.${unit}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="office-check">
                <input
                  type="checkbox"
                  checked={form.active}
                  onChange={(event) => setForm((old) => ({ ...old, active: event.target.checked }))}
                />
                <span>{t('office.product.active')}</span>
              </label>
              <button type="submit" className="office-choice" disabled={busy}>
                {t('office.product.save')}
              </button>
            </form>
          </section>

          <section className="office-card" aria-label={t('office.catalogue.codes')}>
            <h3>{t('office.catalogue.codes')}</h3>
            <ul className="office-codes">
              {product.barcodes.map((barcode) => (
                <li key={barcode}>
                  <span className="office-code">{barcode}</span>{' '}
                  <button
                    type="button"
                    className="office-choice"
                    disabled={busy}
                    onClick={() => run(async () => show(await removeBarcode(id, barcode)))}
                  >
                    {t('office.product.removeBarcode', { code: barcode })}
                  </button>
                </li>
              ))}
            </ul>
            <form className="office-controls" onSubmit={submitCode}>
              <label className="office-field">
                <span>{t('office.product.newBarcode')}</span>
                <input
                  inputMode="numeric"
                  value={code}
                  onChange={(event) => setCode(event.target.value)}
                />
              </label>
              <button type="submit" className="office-choice" disabled={busy || !code.trim()}>
                {t('office.product.addBarcode')}
              </button>
            </form>
          </section>

          <Changes changes={product.changes} lists={lists} />

          <section className="office-card" aria-label={t('office.catalogue.history')}>
            <h3>{t('office.catalogue.history')}</h3>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('office.period.from')}</th>
                  <th scope="col">{t('office.period.to')}</th>
                  <th scope="col" className="num">
                    {t('office.catalogue.price')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...history].reverse().map((row) => (
                  <tr key={row.from}>
                    <td>{dateTime(row.from, locale, TIME_ZONE)}</td>
                    <td>
                      {row.until
                        ? dateTime(row.until, locale, TIME_ZONE)
                        : t('office.catalogue.today')}
                    </td>
                    <td className="num">{money(row.price)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </div>
  );
}

const FIELDS = [
  'name',
  'nameNl',
  'categoryId',
  'taxRateId',
  'unit',
  'active',
  'content',
  'price',
  'barcodes',
] as const;

/** Every change of the product, newest first: what, before, after, who and when. */
function Changes({
  changes,
  lists,
}: {
  changes: ChangeRecord[];
  lists: { categories: Category[]; taxRates: TaxRate[] };
}) {
  const { t, locale, money } = useWords();
  const latest = changes[0];
  const value = (field: string, raw: unknown): string => {
    if (raw === null || raw === undefined) return '–';
    if (field === 'price') {
      if (typeof raw === 'number') return money(raw);
      const later = raw as { price: number; from: string };
      return t('office.product.scheduled', { price: money(later.price), day: later.from });
    }
    if (field === 'categoryId') {
      const category = lists.categories.find((one) => one.id === raw);
      return category ? ((locale === 'nl-BE' ? category.nameNl : null) ?? category.name) : '–';
    }
    if (field === 'taxRateId') {
      const rate = lists.taxRates.find((one) => one.id === raw);
      return rate ? `${rate.rateBp / 100} %` : String(raw);
    }
    if (field === 'active') return t(raw ? 'office.product.yes' : 'office.product.no');
    if (field === 'unit')
      return t(raw === 'kg' ? 'office.product.unit.kg' : 'office.product.unit.piece');
    if (field === 'content' && Array.isArray(raw)) {
      const [milli, unit] = raw as [number, ContentUnit];
      return `${contentText(milli)} ${t(`office.product.contentUnit.${unit}`)}`;
    }
    if (Array.isArray(raw)) return raw.join(', ') || '–';
    return String(raw);
  };
  const fieldName = (field: string) =>
    (FIELDS as readonly string[]).includes(field)
      ? t(`office.product.field.${field as (typeof FIELDS)[number]}`)
      : field;
  return (
    <section className="office-card" aria-label={t('office.product.changes')}>
      <h3>{t('office.product.changes')}</h3>
      {latest ? (
        <p>
          {t('office.product.changedBy', {
            person: latest.by ?? t('office.product.script'),
            date: dateTime(latest.at, locale, TIME_ZONE),
          })}
        </p>
      ) : (
        <p>{t('office.product.noChanges')}</p>
      )}
      {changes.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('office.product.when')}</th>
              <th scope="col">{t('office.product.who')}</th>
              <th scope="col">{t('office.product.what')}</th>
              <th scope="col">{t('office.product.before')}</th>
              <th scope="col">{t('office.product.after')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change, index) => (
              <tr key={`${change.at}-${change.field}-${index}`}>
                <td>{dateTime(change.at, locale, TIME_ZONE)}</td>
                <td>{change.by ?? t('office.product.script')}</td>
                <td>{fieldName(change.field)}</td>
                <td>{value(change.field, change.oldValue)}</td>
                <td>{value(change.field, change.newValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
