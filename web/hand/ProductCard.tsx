import type { HandProduct } from '../../domain/hand-wire';
import { unitPrice } from '../../domain/unit-price';
import { useWords } from '../../renderer/i18n';
import { productName } from '../../renderer/product-name';

/** What a volunteer checks at the shelf: price, unit price, stock, zone, codes. */
export function ProductCard({
  product,
  stockAt,
}: {
  product: HandProduct;
  stockAt: string | null;
}) {
  const { t, locale, money, quantity } = useWords();
  // Sold by weight, its price is already said per kg: its unit price would say it twice.
  const perUnit = product.unit === 'kg' ? null : unitPrice(product);
  const name = productName(product, locale);
  const other = locale === 'nl-BE' ? product.name : product.nameNl;
  const time = stockAt
    ? new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
        dateStyle: 'short',
        timeStyle: 'short',
      }).format(new Date(stockAt))
    : null;
  return (
    <article className="hand-product" aria-label={name}>
      <h2 className="hand-product__name">{name}</h2>
      {other && other !== name ? <p className="hand-product__other">{other}</p> : null}
      <dl className="hand-product__facts">
        <div>
          <dt>{t('web.hand.price')}</dt>
          <dd className="hand-product__price">
            {product.unit === 'kg'
              ? t('web.hand.per.kg', { price: money(product.price) })
              : money(product.price)}
          </dd>
        </div>
        {perUnit ? (
          <div>
            <dt>{t('web.hand.unitPrice')}</dt>
            <dd>{t(`web.hand.per.${perUnit.per}`, { price: money(perUnit.cents) })}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('web.hand.stock')}</dt>
          <dd>
            {quantity(product.onHand, product.unit === 'kg')}
            {time ? (
              <span className="hand-product__asof"> {t('web.hand.stockAsOf', { time })}</span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('web.hand.zone')}</dt>
          <dd>{product.zone ?? t('web.hand.noZone')}</dd>
        </div>
        {product.barcodes.length > 0 ? (
          <div>
            <dt>{t('web.hand.codes')}</dt>
            <dd className="hand-product__codes">{product.barcodes.join(' · ')}</dd>
          </div>
        ) : null}
      </dl>
    </article>
  );
}
