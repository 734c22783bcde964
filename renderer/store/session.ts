import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SessionView } from '../bridge/types';
import type { Call } from './call';

/** Denominations of the euro in cents, the float counted coin by coin and note by note. */
export const DENOMINATIONS = [5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] as const;
export type Counts = Readonly<Record<string, number>>;

export function countedTotal(counts: Counts): number {
  return DENOMINATIONS.reduce((sum, cents) => sum + cents * (counts[String(cents)] ?? 0), 0);
}

export interface SessionState {
  /** undefined until asked: the shell waits rather than flash the open-session screen. */
  session: SessionView | null | undefined;
  refresh(): Promise<void>;
  open(counts: Counts): Promise<boolean>;
}

export type SessionStore = StoreApi<SessionState>;

export function createSessionStore(call: Call): SessionStore {
  return createStore<SessionState>()((set) => ({
    session: undefined,
    async refresh() {
      const result = await call('currentSession', {});
      if (result.ok) set({ session: result.value });
    },
    async open(counts) {
      const result = await call('openSession', { counts: { ...counts } });
      if (!result.ok) return false;
      const session = await call('currentSession', {});
      if (session.ok) set({ session: session.value });
      return true;
    },
  }));
}
