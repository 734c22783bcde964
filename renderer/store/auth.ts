import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ErrorView, TillResult } from '../../main/api';
import type { Locale } from '../../domain/money';
import type { SignedInUser, TillSettingsView, UserChoice } from '../bridge/types';
import type { Call } from './call';

/** Who is at the till, who may sign in, the till's settings, and the language on screen. */
export interface AuthState {
  /** Until the first answer of the till: the shell shows nothing but the status bar. */
  loaded: boolean;
  user: SignedInUser | null;
  users: UserChoice[];
  settings: TillSettingsView | null;
  /** The language chosen on the sign-in screen, saved as the cashier's own once signed in. */
  picked: Locale | null;
  /** The language on screen: the cashier's own, else the one picked, else the till's. */
  locale: Locale;
  load(): Promise<void>;
  /** The sign-in screen says a wrong PIN or a lock-out next to the PIN: the refusal comes back. */
  signIn(userId: number, pin: string): Promise<ErrorView | null>;
  signInByBadge(code: string): Promise<ErrorView | null>;
  signOut(): Promise<void>;
  chooseLocale(locale: Locale): Promise<void>;
}

export type AuthStore = StoreApi<AuthState>;

function localeOf(state: Pick<AuthState, 'user' | 'picked' | 'settings'>): Locale {
  return state.user?.locale ?? state.picked ?? state.settings?.locale ?? 'fr-BE';
}

export function createAuthStore(call: Call): AuthStore {
  return createStore<AuthState>()((set, get) => {
    const update = (change: Partial<AuthState>) => {
      const next = { ...get(), ...change };
      set({ ...change, locale: localeOf(next) });
    };

    const signedIn = async (result: TillResult<SignedInUser>): Promise<ErrorView | null> => {
      if (!result.ok) {
        // The picker shows who is locked out now, and for how long.
        const users = await call('users', {}, { quiet: true });
        if (users.ok) update({ users: users.value });
        return result.error;
      }
      const { picked } = get();
      update({ user: result.value });
      if (picked !== null && picked !== result.value.locale) {
        const saved = await call('setMyLocale', { locale: picked });
        if (saved.ok) update({ user: saved.value });
      }
      return null;
    };

    return {
      loaded: false,
      user: null,
      users: [],
      settings: null,
      picked: null,
      locale: 'fr-BE',
      async load() {
        const [settings, user, users] = await Promise.all([
          call('settings', {}),
          call('signedIn', {}),
          call('users', {}),
        ]);
        update({
          loaded: true,
          settings: settings.ok ? settings.value : get().settings,
          user: user.ok ? user.value : null,
          users: users.ok ? users.value : get().users,
        });
      },
      signIn: async (userId, pin) =>
        signedIn(await call('signIn', { userId, pin }, { quiet: true })),
      signInByBadge: async (code) =>
        signedIn(await call('signInByBadge', { code }, { quiet: true })),
      async signOut() {
        const result = await call('signOut', {});
        if (result.ok) update({ user: null, picked: null });
      },
      async chooseLocale(locale) {
        if (get().user === null) {
          update({ picked: locale });
          return;
        }
        const saved = await call('setMyLocale', { locale });
        if (saved.ok) update({ user: saved.value });
      },
    };
  });
}
