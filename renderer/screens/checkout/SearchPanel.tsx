import { useState, type Ref } from 'react';
import { useWords } from '../../i18n';
import { useTill } from '../../store/context';
import type { ProductView } from '../../bridge/types';
import { productName } from '../../product-name';

/**
 * Products by name or code as the cashier types (the till answers the latest query only).
 * Arrow keys move through the results, Enter takes one; Enter with nothing typed goes to payment.
 */
export function SearchPanel({
  field,
  onQuery,
  onPick,
  onEmptyEnter,
  onLineStep,
}: {
  field: Ref<HTMLInputElement>;
  onQuery: (query: string) => void;
  onPick: (product: ProductView) => void;
  onEmptyEnter: () => void;
  /** Arrow keys with no results move through the ticket's lines. */
  onLineStep: (step: -1 | 1) => void;
}) {
  const { t, money, locale } = useWords();
  const query = useTill('search', (state) => state.query);
  const results = useTill('search', (state) => state.results);
  const [active, setActive] = useState(0);
  const current = Math.min(active, Math.max(results.length - 1, 0));

  return (
    <div className="search">
      <label className="field">
        <span>{t('checkout.search')}</span>
        <input
          ref={field}
          type="search"
          value={query}
          autoComplete="off"
          aria-keyshortcuts="F2"
          aria-controls="search-results"
          onChange={(event) => {
            setActive(0);
            onQuery(event.target.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              const step = event.key === 'ArrowDown' ? 1 : -1;
              if (results.length === 0) onLineStep(step);
              else setActive(Math.min(Math.max(current + step, 0), results.length - 1));
            } else if (event.key === 'Enter') {
              event.preventDefault();
              const product = results[current];
              if (product) onPick(product);
              else if (query.trim() === '') onEmptyEnter();
            }
          }}
        />
      </label>
      <ul id="search-results" className="results" aria-label={t('checkout.results')}>
        {results.map((product, index) => (
          <li key={product.id}>
            <button
              type="button"
              tabIndex={-1}
              className={index === current ? 'result result--active' : 'result'}
              aria-current={index === current ? 'true' : undefined}
              onClick={() => onPick(product)}
            >
              <span className="result__name">{productName(product, locale)}</span>
              <span className="result__price">
                {money(product.unitPrice)}
                {product.unit === 'kg' ? ` / kg` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
