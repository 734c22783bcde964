import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Locale } from '../../domain/money';
import type { ProductView } from '../bridge/types';
import type { Call } from './call';

/** Enough to fill the list beside the ticket; the catalogue may hold 200 000 products. */
export const SEARCH_LIMIT = 8;

export interface SearchState {
  query: string;
  results: ProductView[];
  /** Asks the till (names in `locale` ranked first); only the latest query's answer is shown. */
  search(query: string, locale?: Locale): Promise<void>;
  clear(): void;
}

export type SearchStore = StoreApi<SearchState>;

export function createSearchStore(call: Call): SearchStore {
  let latest = 0;
  return createStore<SearchState>()((set) => ({
    query: '',
    results: [],
    async search(query, locale) {
      const asked = ++latest;
      set({ query });
      if (query.trim() === '') {
        set({ results: [] });
        return;
      }
      const input = { query, limit: SEARCH_LIMIT, ...(locale ? { locale } : {}) };
      const result = await call('searchProducts', input, { quiet: true });
      if (asked === latest && result.ok) set({ results: result.value });
    },
    clear() {
      latest++;
      set({ query: '', results: [] });
    },
  }));
}
