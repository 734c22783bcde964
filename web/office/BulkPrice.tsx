import { useEffect, useState, type FormEvent } from 'react';
import { parsePercent } from '../../domain/catalogue-edit';
import { parseCents } from '../../domain/money';
import { useWords } from '../../renderer/i18n';
import {
  applyBulkPrice,
  fetchCategories,
  previewBulkPrice,
  type Adjustment,
  type BulkResult,
  type BulkRow,
  type Category,
  type Selection,
} from './catalogue-api';
import { CatalogueLinks } from './CatalogueLinks';
import { Failure, Pager } from './ListParts';
import { useUnitPrice } from './ProductEdit';

const PAGE_SIZE = 50;

/** A signed amount of euros as typed ("-0,10", "+1"): cents, or null. */
function signedCents(text: string): number | null {
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-') || trimmed.startsWith('−');
  const cents = parseCents(trimmed.replace(/^[+\-−]/, ''));
  if (cents === null || cents < 0) return null;
  return negative ? -cents : cents;
}

/**
 * A price change on many products: chosen by a search or a category, by a percent or an amount,
 * rounded to the cent as the coop's markup rounds; a preview (old and new price, old and new unit
 * price), then one apply under an operation id made with the preview, so that a double click or
 * a request sent again changes the prices once.
 */
export function BulkPricePage() {
  const { t, locale, money } = useWords();
  const unitPriceText = useUnitPrice();
  const [categories, setCategories] = useState<Category[]>([]);
  const [q, setQ] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [kind, setKind] = useState<'percent' | 'cents'>('percent');
  const [amount, setAmount] = useState('');
  const [from, setFrom] = useState('');
  const [preview, setPreview] = useState<{
    rows: BulkRow[];
    request: { selection: Selection; adjustment: Adjustment; operationId: string };
  } | null>(null);
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetchCategories()
      .then((answer) => setCategories(answer.categories))
      .catch(setError);
  }, []);

  const submitPreview = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setResult(null);
    const selection: Selection = {
      ...(q.trim() ? { q: q.trim() } : {}),
      ...(categoryId ? { categoryId: Number(categoryId) } : {}),
    };
    if (!selection.q && selection.categoryId === undefined) {
      setError(new Error(t('office.bulk.needPick')));
      return;
    }
    const value = kind === 'percent' ? parsePercent(amount) : signedCents(amount);
    if (value === null || value === 0) {
      setError(new Error(t('office.bulk.badAmount')));
      return;
    }
    const adjustment: Adjustment =
      kind === 'percent' ? { kind, basisPoints: value } : { kind, cents: value };
    setBusy(true);
    previewBulkPrice(selection, adjustment)
      .then((answer) => {
        // A new preview is a new operation: applying it twice applies it once. It applies to
        // the products previewed, whatever the catalogue gains meanwhile.
        const productIds = answer.rows.map((row) => row.id);
        setPreview({
          rows: answer.rows,
          request: {
            selection: { productIds },
            adjustment,
            operationId: crypto.randomUUID(),
          },
        });
        setPage(1);
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  const apply = () => {
    if (!preview) return;
    setBusy(true);
    setError(null);
    applyBulkPrice({ ...preview.request, effectiveFrom: from || null })
      .then((answer) => {
        setResult(answer);
        setPreview(null);
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };

  const changing = preview?.rows.filter((row) => row.newPrice !== null) ?? [];
  const name = (row: BulkRow) => (locale === 'nl-BE' && row.nameNl ? row.nameNl : row.name);

  return (
    <div className="office">
      <h2 className="office__title">{t('office.bulk.title')}</h2>
      <CatalogueLinks />
      <form className="office-controls" onSubmit={submitPreview}>
        <label className="office-field">
          <span>{t('office.bulk.search')}</span>
          <input type="search" value={q} onChange={(event) => setQ(event.target.value)} />
        </label>
        <label className="office-field">
          <span>{t('office.category')}</span>
          <select value={categoryId} onChange={(event) => setCategoryId(event.target.value)}>
            <option value="">{t('office.bulk.anyCategory')}</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {(locale === 'nl-BE' ? category.nameNl : null) ?? category.name}
              </option>
            ))}
          </select>
        </label>
        <label className="office-field">
          <span>{t('office.bulk.kind')}</span>
          <select
            value={kind}
            onChange={(event) => setKind(event.target.value as 'percent' | 'cents')}
          >
            <option value="percent">{t('office.bulk.percent')}</option>
            <option value="cents">{t('office.bulk.cents')}</option>
          </select>
        </label>
        <label className="office-field">
          <span>{t('office.bulk.amount')}</span>
          <input
            inputMode="decimal"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
          />
        </label>
        <label className="office-field">
          <span>{t('office.product.from')}</span>
          <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <button type="submit" className="office-choice" disabled={busy}>
          {t('office.bulk.preview')}
        </button>
      </form>
      {error ? <Failure error={error} /> : null}
      {result ? (
        <p role="status" className="office-notice">
          {t('office.bulk.done', {
            applied: result.applied,
            scheduled: result.scheduled,
            refused: result.refused,
          })}
        </p>
      ) : null}
      {preview ? (
        <section className="office-card" aria-label={t('office.bulk.previewTitle')}>
          <h3>{t('office.bulk.previewTitle')}</h3>
          {preview.rows.length === 0 ? (
            <p>{t('office.list.none')}</p>
          ) : (
            <>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('office.catalogue.number')}</th>
                    <th scope="col">{t('office.sales.product')}</th>
                    <th scope="col" className="num">
                      {t('office.catalogue.now')}
                    </th>
                    <th scope="col" className="num">
                      {t('office.bulk.newPrice')}
                    </th>
                    <th scope="col" className="num">
                      {t('office.bulk.oldUnit')}
                    </th>
                    <th scope="col" className="num">
                      {t('office.bulk.newUnit')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((row) => (
                    <tr key={row.id}>
                      <td className="num">{row.id}</td>
                      <th scope="row">{name(row)}</th>
                      <td className="num">{money(row.oldPrice)}</td>
                      <td className="num">
                        {row.newPrice === null ? t('office.bulk.refused') : money(row.newPrice)}
                      </td>
                      <td className="num">{unitPriceText(row.oldUnitPrice)}</td>
                      <td className="num">{unitPriceText(row.newUnitPrice)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager
                page={page}
                pageSize={PAGE_SIZE}
                total={preview.rows.length}
                onPage={setPage}
              />
              <button
                type="button"
                className="office-choice office-primary"
                disabled={busy || changing.length === 0}
                onClick={apply}
              >
                {from
                  ? t('office.bulk.applyFrom', { count: changing.length, day: from })
                  : t('office.bulk.apply', { count: changing.length })}
              </button>
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}
