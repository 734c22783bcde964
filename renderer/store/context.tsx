import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { Stores } from './index';

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores needs a StoresProvider above it');
  return stores;
}

type StoreName = 'banners' | 'approvals' | 'auth' | 'session' | 'ticket' | 'search' | 'status';
type StateOf<N extends StoreName> = Stores[N] extends StoreApi<infer S> ? S : never;

/** A slice of one store; the component draws again only when that slice changes. */
export function useTill<N extends StoreName, T>(name: N, select: (state: StateOf<N>) => T): T {
  // Stores[N] and StoreApi<StateOf<N>> are the same type; TypeScript cannot see it through N.
  const store = useStores()[name] as StoreApi<unknown>;
  return useStore(store, select as (state: unknown) => T);
}
