import { useEffect, useState, type FormEvent } from 'react';
import { useWords } from '../../renderer/i18n';
import {
  decidePriceChange,
  fetchPriceChanges,
  fetchProducts,
  type Listing,
  type PriceChange,
  type ProductRow,
} from './api';
import { Failure, Pager, SortHeader } from './ListParts';
import { CatalogueLinks } from './CatalogueLinks';

type ProductSort = 'name' | 'price' | 'category' | 'id';
type ProductListing = Omit<Listing<ProductRow>, 'from' | 'to' | 'today' | 'timeZone'>;

/**
 * The catalogue: the sale prices waiting for a manager (approve or reject, each recorded with
 * who and when by the prices route), then the products found by name, code or number, sorted
 * and paged; a product opens its page (ProductEdit.tsx).
 */
export function CataloguePage() {
  const { t, locale, money } = useWords();
  const [changes, setChanges] = useState<PriceChange[] | null>(null);
  const [products, setProducts] = useState<ProductListing | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [decisionError, setDecisionError] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState({
    q: '',
    sort: 'name' as ProductSort,
    order: 'asc' as 'asc' | 'desc',
    page: 1,
  });

  const loadChanges = () =>
    fetchPriceChanges()
      .then(setChanges)
      .catch(() => setChanges([]));
  useEffect(() => {
    void loadChanges();
  }, []);
  useEffect(() => {
    let live = true;
    fetchProducts(query)
      .then((answer) => {
        if (live) {
          setProducts(answer);
          setError(null);
        }
      })
      .catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, [query, changes]);

  const decide = (change: PriceChange, approve: boolean) => {
    setDecisionError(null);
    decidePriceChange(change.id, approve)
      .catch(setDecisionError)
      .finally(() => void loadChanges());
  };
  const onSort = (sort: ProductSort, order: 'asc' | 'desc') =>
    setQuery((old) => ({ ...old, sort, order, page: 1 }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery((old) => ({ ...old, q: search, page: 1 }));
  };

  return (
    <div className="office">
      <h2 className="office__title">{t('office.nav.catalogue')}</h2>
      <CatalogueLinks />
      {changes && changes.length > 0 ? (
        <section className="office-card" aria-label={t('office.catalogue.suggested')}>
          <h3>{t('office.catalogue.suggested')}</h3>
          {decisionError ? <Failure error={decisionError} /> : null}
          <table>
            <thead>
              <tr>
                <th scope="col">{t('office.sales.product')}</th>
                <th scope="col" className="num">
                  {t('office.catalogue.now')}
                </th>
                <th scope="col" className="num">
                  {t('office.catalogue.suggestedPrice')}
                </th>
                <th scope="col" className="num">
                  {t('office.catalogue.cost')}
                </th>
                <th scope="col">{t('office.catalogue.why')}</th>
                <th scope="col">{t('office.tills.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.id}>
                  <th scope="row">
                    <a href={`#/product/${change.productId}`}>{change.productName}</a>
                  </th>
                  <td className="num">{money(change.currentPrice)}</td>
                  <td className="num">{money(change.newPrice)}</td>
                  <td className="num">
                    {change.costPrice === null ? '' : money(change.costPrice)}
                  </td>
                  <td>
                    {t(`office.catalogue.reason.${change.reason}`)}
                    {change.source ? ` (${change.source})` : ''}
                  </td>
                  <td className="office-actions">
                    <button
                      type="button"
                      className="office-choice"
                      onClick={() => decide(change, true)}
                    >
                      {t('office.catalogue.approve', {
                        product: change.productName,
                        price: money(change.newPrice),
                      })}
                    </button>{' '}
                    <button
                      type="button"
                      className="office-choice"
                      onClick={() => decide(change, false)}
                    >
                      {t('office.catalogue.reject')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <form className="office-controls" role="search" onSubmit={submit}>
        <label className="office-field">
          <span>{t('office.catalogue.search')}</span>
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <button type="submit" className="office-choice">
          {t('office.list.find')}
        </button>
      </form>
      {error ? <Failure error={error} /> : null}
      {!error && products ? (
        <section className="office-card" aria-label={t('office.catalogue.products')}>
          {products.rows.length === 0 ? (
            <p>{t('office.list.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <SortHeader column="id" sort={query.sort} order={query.order} onSort={onSort}>
                    {t('office.catalogue.number')}
                  </SortHeader>
                  <SortHeader column="name" sort={query.sort} order={query.order} onSort={onSort}>
                    {t('office.sales.product')}
                  </SortHeader>
                  <SortHeader
                    column="category"
                    sort={query.sort}
                    order={query.order}
                    onSort={onSort}
                  >
                    {t('office.category')}
                  </SortHeader>
                  <th scope="col">{t('office.catalogue.codes')}</th>
                  <SortHeader
                    column="price"
                    numeric
                    sort={query.sort}
                    order={query.order}
                    onSort={onSort}
                  >
                    {t('office.catalogue.price')}
                  </SortHeader>
                  <th scope="col" className="num">
                    {t('office.catalogue.suggestedPrice')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {products.rows.map((product) => (
                  <tr key={product.id}>
                    <td className="num">{product.id}</td>
                    <th scope="row">
                      <a href={`#/product/${product.id}`}>
                        {locale === 'nl-BE' && product.nameNl ? product.nameNl : product.name}
                      </a>
                    </th>
                    <td>
                      {(locale === 'nl-BE' ? product.categoryNl : null) ??
                        product.category ??
                        t('office.noCategory')}
                    </td>
                    <td>{product.barcodes.join(', ')}</td>
                    <td className="num">
                      {money(product.price)}
                      {product.unit === 'kg' ? ' / kg' : ''}
                    </td>
                    <td className="num">
                      {product.suggestedPrice === null ? '' : money(product.suggestedPrice)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager
            page={products.page}
            pageSize={products.pageSize}
            total={products.total}
            onPage={(page) => setQuery((old) => ({ ...old, page }))}
          />
        </section>
      ) : null}
    </div>
  );
}
