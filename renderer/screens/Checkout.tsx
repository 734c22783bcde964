import { useRef } from 'react';
import { KeyButton } from '../components/KeyButton';
import { TicketLines } from '../components/TicketLines';
import { useWords } from '../i18n';
import { useShortcuts } from '../input/shortcuts';
import { useWedgeScanner } from '../input/wedge';
import { useStores, useTill } from '../store/context';

/** The default screen: the ticket, the search, the keypad; a scan works wherever the focus is. */
export function Checkout({ onManagerMenu }: { onManagerMenu: () => void }) {
  const { t, money, quantity } = useWords();
  const { ticket: ticketStore, search, auth } = useStores();
  const ticket = useTill('ticket', (state) => state.ticket);
  const selectedLineId = useTill('ticket', (state) => state.selectedLineId);
  const query = useTill('search', (state) => state.query);
  const results = useTill('search', (state) => state.results);
  const searchField = useRef<HTMLInputElement>(null);

  useWedgeScanner((code) => void ticketStore.getState().scan(code));
  useShortcuts({
    F1: onManagerMenu,
    'Shift+F1': () => void auth.getState().signOut(),
    F2: () => searchField.current?.focus(),
  });

  return (
    <div className="checkout">
      <section className="checkout__ticket" aria-label={t('checkout.ticket')}>
        <TicketLines
          lines={ticket?.lines ?? []}
          selectedId={selectedLineId}
          words={{
            label: t('checkout.lines'),
            empty: t('checkout.empty'),
            money,
            quantity,
            discount: t('checkout.discount'),
          }}
          onSelect={(lineId) => ticketStore.getState().selectLine(lineId)}
        />
        <p className="checkout__total">
          <span>{t('checkout.total')}</span>
          <output aria-label={t('checkout.total')}>{money(ticket?.totals.total ?? 0)}</output>
        </p>
      </section>
      <section className="checkout__side">
        <label className="field search">
          <span>{t('checkout.search')}</span>
          <input
            ref={searchField}
            type="search"
            value={query}
            aria-keyshortcuts="F2"
            autoFocus
            onChange={(event) => void search.getState().search(event.target.value)}
          />
        </label>
        <ul className="results" aria-label={t('checkout.results')}>
          {results.map((product) => (
            <li key={product.id}>
              <button
                type="button"
                className="result"
                onClick={() => {
                  void ticketStore.getState().addProduct(product.id);
                  search.getState().clear();
                }}
              >
                <span>{product.name}</span>
                <span>{money(product.price)}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="actions">
          <KeyButton label={t('manager.menu')} shortcut="F1" onClick={onManagerMenu} />
        </div>
      </section>
    </div>
  );
}
