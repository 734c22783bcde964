import { useEffect, useRef, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { useShortcuts } from '../../input/shortcuts';
import { useWedgeScanner } from '../../input/wedge';
import { useStores, useTill } from '../../store/context';
import { selectedLine } from '../../store/ticket';
import type { ProductView } from '../../bridge/types';
import { PaidPanel } from './PaidPanel';
import { PaymentPanel } from './PaymentPanel';
import { PromptPanel, type Prompt } from './Prompts';
import { SearchPanel } from './SearchPanel';
import { TicketPanel } from './TicketPanel';

/**
 * Enter pressed with no control focused (after a scan from a serial scanner, a click on the
 * ticket): the README's "Enter (nothing typed) pays", as in the search field. A focused field or
 * button keeps its own Enter.
 */
function usePageEnter(action: () => void, enabled: boolean): void {
  const current = useRef(action);
  current.current = action;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || event.defaultPrevented || event.repeat) return;
      if (event.ctrlKey || event.altKey || event.shiftKey || event.metaKey) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      const focused = document.activeElement;
      if (focused?.closest('input, textarea, select, button, a[href], [contenteditable]')) return;
      event.preventDefault();
      current.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}

type Mode = { kind: 'search' } | { kind: 'prompt'; prompt: Prompt } | { kind: 'pay' };
const SEARCHING: Mode = { kind: 'search' };

/**
 * The default screen: the ticket on the left; on the right the search, a value asked for, or the
 * payment. A scan works wherever the focus is; every action has its key, shown on its button.
 */
export function Checkout({ onManagerMenu }: { onManagerMenu: () => void }) {
  const { t, locale } = useWords();
  const { ticket: store, search } = useStores();
  const ticket = useTill('ticket', (state) => state.ticket);
  const paid = useTill('ticket', (state) => state.paid);
  const needsWeight = useTill('ticket', (state) => state.needsWeight);
  const [mode, setMode] = useState<Mode>(SEARCHING);
  // Cancelling a ticket beside "Pay" takes a second word: a slip must not wipe a basket.
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const askCancel = () => {
    if (ticket) setConfirmingCancel(true);
  };
  const searchField = useRef<HTMLInputElement>(null);
  const hasLines = (ticket?.lines.length ?? 0) > 0;
  // The ticket went away under the payment (cancelled, or paid elsewhere): back to selling.
  useEffect(() => {
    if (mode.kind === 'pay' && !ticket) setMode(SEARCHING);
  }, [mode.kind, ticket]);

  // A product sold by weight scanned by its own barcode: its weight is asked, not refused.
  useEffect(() => {
    if (needsWeight === null) return;
    store.getState().weightAsked();
    setMode({ kind: 'prompt', prompt: { kind: 'weight', product: needsWeight } });
  }, [needsWeight, store]);

  const backToSearch = () => {
    setMode(SEARCHING);
    // After the panel it replaces is gone.
    setTimeout(() => searchField.current?.focus(), 0);
  };
  const ask = (prompt: Prompt) => setMode({ kind: 'prompt', prompt });
  const askAboutLine = (prompt: Prompt) => {
    if (hasLines) ask(prompt);
  };
  const startPaying = () => {
    if (hasLines) setMode({ kind: 'pay' });
  };
  const removeCurrentLine = () => {
    const line = selectedLine(store.getState());
    if (line) void store.getState().removeLine(line.id);
  };
  const pick = (product: ProductView) => {
    search.getState().clear();
    if (product.unit === 'kg') ask({ kind: 'weight', product });
    else void store.getState().addProduct(product.id);
  };

  useWedgeScanner(
    (code) => {
      // The container's tare label, scanned while a product waits for the scale.
      if (mode.kind === 'prompt' && mode.prompt.kind === 'weight') {
        void store.getState().weigh(mode.prompt.product.id, { tareBarcode: code });
        backToSearch();
        return;
      }
      if (mode.kind === 'pay') setMode(SEARCHING);
      void store.getState().scan(code);
      // Back where Enter with nothing typed pays, and typing searches.
      setTimeout(() => searchField.current?.focus(), 0);
    },
    { typingField: () => (mode.kind === 'search' ? searchField.current : null) },
  );

  const selling = mode.kind === 'search' && paid === null;
  usePageEnter(startPaying, selling);
  useShortcuts(
    {
      F1: onManagerMenu,
      F2: () => searchField.current?.focus(),
      F3: () => askAboutLine({ kind: 'quantity' }),
      F4: () => askAboutLine({ kind: 'price' }),
      F5: () => askAboutLine({ kind: 'lineDiscount' }),
      F6: () => askAboutLine({ kind: 'ticketDiscount' }),
      F8: removeCurrentLine,
      'Shift+F8': askCancel,
      F9: () => ask({ kind: 'member' }),
      F10: startPaying,
      Escape: () => search.getState().clear(),
    },
    selling,
  );

  let side;
  if (paid !== null && mode.kind === 'search') side = <PaidPanel paid={paid} />;
  else if (mode.kind === 'pay' && ticket) {
    side = <PaymentPanel total={ticket.totals.total} onClose={backToSearch} />;
  } else if (mode.kind === 'prompt') {
    side = <PromptPanel prompt={mode.prompt} onDone={backToSearch} />;
  } else {
    side = (
      <>
        <SearchPanel
          field={searchField}
          onQuery={(query) => void search.getState().search(query, locale)}
          onPick={pick}
          onEmptyEnter={startPaying}
          onLineStep={store.getState().stepLine}
        />
        <div className="keypad" role="group" aria-label={t('checkout.keypad')}>
          <KeyButton
            label={t('checkout.quantity')}
            shortcut="F3"
            disabled={!hasLines}
            onClick={() => askAboutLine({ kind: 'quantity' })}
          />
          <KeyButton
            label={t('checkout.price')}
            shortcut="F4"
            disabled={!hasLines}
            onClick={() => askAboutLine({ kind: 'price' })}
          />
          <KeyButton
            label={t('checkout.lineDiscount')}
            shortcut="F5"
            disabled={!hasLines}
            onClick={() => askAboutLine({ kind: 'lineDiscount' })}
          />
          <KeyButton
            label={t('checkout.ticketDiscount')}
            shortcut="F6"
            disabled={!hasLines}
            onClick={() => askAboutLine({ kind: 'ticketDiscount' })}
          />
          <KeyButton
            label={t('checkout.removeLine')}
            shortcut="F8"
            disabled={!hasLines}
            onClick={removeCurrentLine}
          />
          <KeyButton
            label={t('checkout.member')}
            shortcut="F9"
            onClick={() => ask({ kind: 'member' })}
          />
          <KeyButton
            label={t('checkout.cancelTicket')}
            shortcut="Shift+F8"
            tone="danger"
            disabled={!ticket}
            onClick={askCancel}
          />
          <KeyButton
            label={t('checkout.pay')}
            shortcut="F10"
            tone="primary"
            disabled={!hasLines}
            onClick={startPaying}
          />
          <KeyButton label={t('manager.menu')} shortcut="F1" onClick={onManagerMenu} />
        </div>
      </>
    );
  }

  return (
    <div className="checkout">
      <TicketPanel />
      <section className="checkout__side" aria-label={t('checkout.actions')}>
        {side}
      </section>
      {confirmingCancel && ticket ? (
        <ConfirmCancel
          lines={ticket.lines.length}
          onYes={() => {
            setConfirmingCancel(false);
            void store.getState().cancel();
          }}
          onNo={() => setConfirmingCancel(false)}
        />
      ) : null}
    </div>
  );
}

function ConfirmCancel({
  lines,
  onYes,
  onNo,
}: {
  lines: number;
  onYes: () => void;
  onNo: () => void;
}) {
  const { t } = useWords();
  useShortcuts({ Escape: onNo }, true, true);
  return (
    <Dialog title={t('checkout.cancelSure')} describedBy="cancel-sure-text">
      <p id="cancel-sure-text" className="dialog__reason">
        {t('checkout.cancelSureText', { count: lines })}
      </p>
      <div className="dialog__actions">
        {/* The safe answer first: the focus lands on it, and Enter keeps the basket. */}
        <KeyButton label={t('checkout.cancelNo')} shortcut="Escape" onClick={onNo} />
        <KeyButton tone="danger" label={t('checkout.cancelYes')} onClick={onYes} />
      </div>
    </Dialog>
  );
}
