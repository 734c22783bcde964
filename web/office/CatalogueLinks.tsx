import { useWords, type ScreenKey } from '../../renderer/i18n';

const LINKS: readonly { href: string; key: ScreenKey }[] = [
  { href: '#/catalogue', key: 'office.catalogue.products' },
  { href: '#/categories', key: 'office.categories.title' },
  { href: '#/bulk-prices', key: 'office.bulk.title' },
  { href: '#/product-import', key: 'office.import.title' },
];

/** The catalogue's pages, one link each, above every one of them. */
export function CatalogueLinks() {
  const { t } = useWords();
  const here = window.location.hash || '#/catalogue';
  return (
    <nav className="office-tabs" aria-label={t('office.catalogue.links')}>
      {LINKS.map((link) => (
        <a key={link.href} href={link.href} aria-current={here === link.href ? 'page' : undefined}>
          {t(link.key)}
        </a>
      ))}
    </nav>
  );
}
