import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ErrorView } from '../../main/api';
import type { ScreenKey } from '../i18n';

/**
 * What the cashier is told without being stopped: a refusal in words, a warning, a note. Banners
 * never take the focus, so the next scan always goes through.
 */
export type BannerTone = 'error' | 'warning' | 'info';
export type BannerContent =
  { error: ErrorView } | { key: ScreenKey; values?: Readonly<Record<string, string | number>> };
export type Banner = BannerContent & { id: number; tone: BannerTone };

export interface BannerState {
  banners: Banner[];
  push(tone: BannerTone, content: BannerContent): number;
  dismiss(id: number): void;
  clear(): void;
}

/** One at a time, read at a glance: a newer banner takes the older one's place, never stacking. */
const MOST_SHOWN = 1;

export type BannerStore = StoreApi<BannerState>;

export function createBannerStore(): BannerStore {
  let nextId = 1;
  return createStore<BannerState>()((set) => ({
    banners: [],
    push(tone, content) {
      const id = nextId++;
      set(({ banners }) => ({
        banners: [...banners, { ...content, id, tone }].slice(-MOST_SHOWN),
      }));
      return id;
    },
    dismiss(id) {
      set(({ banners }) => ({ banners: banners.filter((banner) => banner.id !== id) }));
    },
    clear() {
      set({ banners: [] });
    },
  }));
}
