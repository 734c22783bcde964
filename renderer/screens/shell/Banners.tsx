import { useEffect } from 'react';
import { BannerList } from '../../components/BannerList';
import { useWords } from '../../i18n';
import { useStores, useTill } from '../../store/context';
import type { Banner } from '../../store/banners';

/** A banner stays long enough to be read, then leaves on its own (or with its ×). */
const SHOWN_MS = 6_000;

export function Banners() {
  const { t, errorText } = useWords();
  const { banners: store } = useStores();
  const banners = useTill('banners', (state) => state.banners);

  useEffect(() => {
    if (banners.length === 0) return;
    const oldest = banners[0] as Banner;
    const timer = setTimeout(() => store.getState().dismiss(oldest.id), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [banners, store]);

  const items = banners.map((banner) => ({
    id: banner.id,
    tone: banner.tone,
    text: 'error' in banner ? errorText(banner.error) : t(banner.key, banner.values),
  }));
  return (
    <BannerList
      banners={items}
      dismissLabel={t('banner.dismiss')}
      onDismiss={(id) => store.getState().dismiss(id)}
    />
  );
}
