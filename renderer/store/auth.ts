import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ErrorView } from '../../main/api';
import type { Locale } from '../../domain/money';
import type { SignedInUser, TillSettingsView } from '../bridge/types';
import type { Call } from './call';

/** Who is at the till, the till's settings, and the language the screens speak. */
export interface AuthState {
  /** Until the first answer of the till: the shell shows nothing but the status bar. */
  loaded: boolean;
  user: SignedInUser | null;
  settings: TillSettingsView | null;
  /** The language on screen: the cashier's own once signed in, else the one picked or the till's. */
  locale: Locale;
  load(): Promise<void>;
  signIn(userId: number, pin: string): Promise<ErrorView | null>;
  signOut(): Promise<void>;
  chooseLocale(locale: Locale): Promise<void>;
}

export type AuthStore = StoreApi<AuthState>;

export function createAuthStore(call: Call): AuthStore {
  return createStore<AuthState>()((set, get) => ({
    loaded: false,
    user: null,
    settings: null,
    locale: 'fr-BE',
    async load() {
      const [settings, user] = await Promise.all([call('settings', {}), call('signedIn', {})]);
      set({
        loaded: true,
        settings: settings.ok ? settings.value : get().settings,
        user: user.ok ? user.value : null,
        locale: settings.ok ? settings.value.locale : get().locale,
      });
    },
    async signIn(userId, pin) {
      // The sign-in screen says a wrong PIN or a lock-out next to the PIN, not as a banner.
      const result = await call('signIn', { userId, pin }, { quiet: true });
      if (!result.ok) return result.error;
      set({ user: result.value });
      return null;
    },
    async signOut() {
      const result = await call('signOut', {});
      if (result.ok) set({ user: null });
    },
    async chooseLocale(locale) {
      set({ locale });
    },
  }));
}
