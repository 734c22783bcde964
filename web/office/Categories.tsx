import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useWords } from '../../renderer/i18n';
import {
  createCategory,
  fetchCategories,
  renameCategory,
  type Category,
  type TaxRate,
} from './catalogue-api';
import { CatalogueLinks } from './CatalogueLinks';
import { Failure, Pager, SortHeader } from './ListParts';

type CategorySort = 'name' | 'nameNl' | 'products' | 'id';
const PAGE_SIZE = 25;

/**
 * The categories: found by name, sorted, paged; a new one, a renaming in French and Dutch (each
 * recorded with who and when); and the VAT rates, which Belgian law fixes, shown read-only.
 */
export function CategoriesPage() {
  const { t } = useWords();
  const [data, setData] = useState<{ categories: Category[]; taxRates: TaxRate[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ by: CategorySort; order: 'asc' | 'desc' }>({
    by: 'name',
    order: 'asc',
  });
  const [page, setPage] = useState(1);
  const [draft, setDraft] = useState({ name: '', nameNl: '' });
  const [editing, setEditing] = useState<{ id: number; name: string; nameNl: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => fetchCategories().then(setData).catch(setError);
  useEffect(() => {
    void load();
  }, []);

  const rows = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    const found = (data?.categories ?? []).filter(
      (category) =>
        !needle ||
        category.name.toLocaleLowerCase().includes(needle) ||
        (category.nameNl ?? '').toLocaleLowerCase().includes(needle),
    );
    const direction = sort.order === 'asc' ? 1 : -1;
    return [...found].sort((a, b) => {
      const x = a[sort.by] ?? '';
      const y = b[sort.by] ?? '';
      const order =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y), 'fr');
      return direction * (order || a.id - b.id);
    });
  }, [data, search, sort]);

  const run = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    work()
      .then(load)
      .catch(setError)
      .finally(() => setBusy(false));
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    run(async () => {
      await createCategory(draft.name, draft.nameNl.trim() || null);
      setDraft({ name: '', nameNl: '' });
    });
  };
  const rename = (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    run(async () => {
      await renameCategory(editing.id, editing.name, editing.nameNl.trim() || null);
      setEditing(null);
    });
  };
  const onSort = (by: CategorySort, order: 'asc' | 'desc') => {
    setSort({ by, order });
    setPage(1);
  };
  const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  return (
    <div className="office">
      <h2 className="office__title">{t('office.categories.title')}</h2>
      <CatalogueLinks />
      {error ? <Failure error={error} /> : null}
      <section className="office-card" aria-label={t('office.categories.new')}>
        <h3>{t('office.categories.new')}</h3>
        <form className="office-controls" onSubmit={create}>
          <label className="office-field">
            <span>{t('office.product.name')}</span>
            <input
              value={draft.name}
              onChange={(event) => setDraft((old) => ({ ...old, name: event.target.value }))}
            />
          </label>
          <label className="office-field">
            <span>{t('office.catalogue.nameNl')}</span>
            <input
              value={draft.nameNl}
              onChange={(event) => setDraft((old) => ({ ...old, nameNl: event.target.value }))}
            />
          </label>
          <button type="submit" className="office-choice" disabled={busy || !draft.name.trim()}>
            {t('office.categories.create')}
          </button>
        </form>
      </section>
      <form
        className="office-controls"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setPage(1);
        }}
      >
        <label className="office-field">
          <span>{t('office.categories.search')}</span>
          <input
            type="search"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setPage(1);
            }}
          />
        </label>
      </form>
      {data ? (
        <section className="office-card" aria-label={t('office.categories.title')}>
          {shown.length === 0 ? (
            <p>{t('office.list.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <SortHeader column="id" sort={sort.by} order={sort.order} onSort={onSort}>
                    {t('office.catalogue.number')}
                  </SortHeader>
                  <SortHeader column="name" sort={sort.by} order={sort.order} onSort={onSort}>
                    {t('office.product.name')}
                  </SortHeader>
                  <SortHeader column="nameNl" sort={sort.by} order={sort.order} onSort={onSort}>
                    {t('office.catalogue.nameNl')}
                  </SortHeader>
                  <SortHeader
                    column="products"
                    numeric
                    sort={sort.by}
                    order={sort.order}
                    onSort={onSort}
                  >
                    {t('office.catalogue.products')}
                  </SortHeader>
                  <th scope="col">{t('office.tills.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((category) =>
                  editing?.id === category.id ? (
                    <tr key={category.id}>
                      <td className="num">{category.id}</td>
                      <td colSpan={4}>
                        <form className="office-controls" onSubmit={rename}>
                          <label className="office-field">
                            <span>{t('office.product.name')}</span>
                            <input
                              value={editing.name}
                              onChange={(event) =>
                                setEditing({ ...editing, name: event.target.value })
                              }
                            />
                          </label>
                          <label className="office-field">
                            <span>{t('office.catalogue.nameNl')}</span>
                            <input
                              value={editing.nameNl}
                              onChange={(event) =>
                                setEditing({ ...editing, nameNl: event.target.value })
                              }
                            />
                          </label>
                          <button type="submit" className="office-choice" disabled={busy}>
                            {t('office.categories.save')}
                          </button>
                          <button
                            type="button"
                            className="office-choice"
                            onClick={() => setEditing(null)}
                          >
                            {t('office.categories.cancel')}
                          </button>
                        </form>
                      </td>
                    </tr>
                  ) : (
                    <tr key={category.id}>
                      <td className="num">{category.id}</td>
                      <th scope="row">{category.name}</th>
                      <td>{category.nameNl ?? '–'}</td>
                      <td className="num">{category.products}</td>
                      <td>
                        <button
                          type="button"
                          className="office-choice"
                          onClick={() =>
                            setEditing({
                              id: category.id,
                              name: category.name,
                              nameNl: category.nameNl ?? '',
                            })
                          }
                        >
                          {t('office.categories.rename', { name: category.name })}
                        </button>
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          )}
          <Pager page={page} pageSize={PAGE_SIZE} total={rows.length} onPage={setPage} />
        </section>
      ) : null}
      {data ? (
        <section className="office-card" aria-label={t('office.categories.taxRates')}>
          <h3>{t('office.categories.taxRates')}</h3>
          <p>{t('office.categories.taxNote')}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('office.catalogue.number')}</th>
                <th scope="col" className="num">
                  {t('office.product.vat')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.taxRates.map((rate) => (
                <tr key={rate.id}>
                  <td className="num">{rate.id}</td>
                  <td className="num">{`${rate.rateBp / 100} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
