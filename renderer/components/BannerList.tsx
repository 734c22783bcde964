export interface BannerItem {
  id: number;
  tone: 'error' | 'warning' | 'info';
  text: string;
}

/**
 * Refusals and warnings in words. A live region, never a dialog: it takes no focus, so the
 * scanner keeps working while a banner is up.
 */
export function BannerList({
  banners,
  dismissLabel,
  onDismiss,
}: {
  banners: readonly BannerItem[];
  dismissLabel: string;
  onDismiss: (id: number) => void;
}) {
  return (
    <div className="banners" role="status" aria-live="assertive">
      {banners.map((banner) => (
        <div key={banner.id} className={`banner banner--${banner.tone}`}>
          <span className="banner__text">{banner.text}</span>
          <button
            type="button"
            className="banner__dismiss"
            aria-label={dismissLabel}
            tabIndex={-1}
            onClick={() => onDismiss(banner.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
