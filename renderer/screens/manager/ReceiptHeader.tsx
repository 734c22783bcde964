import { useState, type FormEvent } from 'react';
import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { callWithApproval } from '../../store/approval';
import { useStores, useTill } from '../../store/context';
import { useManagerShortcuts } from './shortcuts';

/** As many lines, and as long, as a receipt's header and footer can carry. */
const MOST_LINES = 6;
const LONGEST_LINE = 100;

const linesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The shop printed atop each receipt (name, address) and the words below it. */
export function ReceiptHeader() {
  const { t } = useWords();
  const stores = useStores();
  const shop = useTill('auth', (state) => state.settings?.shop ?? null);
  const [name, setName] = useState(shop?.name ?? '');
  const [address, setAddress] = useState(shop?.addressLines.join('\n') ?? '');
  const [footer, setFooter] = useState(shop?.footerLines.join('\n') ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    setSaved(false);
    const addressLines = linesOf(address);
    const footerLines = linesOf(footer);
    if (name.trim() === '') {
      setProblem(t('manager.receipt.nameMissing'));
      return;
    }
    const tooMany = [addressLines, footerLines].some((lines) => lines.length > MOST_LINES);
    const tooLong = [name, ...addressLines, ...footerLines].some((l) => l.length > LONGEST_LINE);
    if (tooMany || tooLong) {
      setProblem(t('manager.receipt.tooMuch', { lines: MOST_LINES, characters: LONGEST_LINE }));
      return;
    }
    setProblem(null);
    const settings = await callWithApproval(stores, 'updateSettings', {
      shop: { name: name.trim(), addressLines, footerLines },
    });
    if (settings === undefined) return;
    stores.auth.setState({ settings });
    setSaved(true);
  };
  useManagerShortcuts({ F9: () => void save() });

  return (
    <form
      aria-labelledby="receipt-header-title"
      className="settings__section"
      onSubmit={(event) => void save(event)}
    >
      <h2 id="receipt-header-title">{t('manager.receipt.title')}</h2>
      <label className="field">
        <span>{t('manager.receipt.shopName')}</span>
        <input type="text" value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <label className="field">
        <span>{t('manager.receipt.address')}</span>
        <textarea rows={3} value={address} onChange={(event) => setAddress(event.target.value)} />
      </label>
      <label className="field">
        <span>{t('manager.receipt.footer')}</span>
        <textarea rows={3} value={footer} onChange={(event) => setFooter(event.target.value)} />
      </label>
      {problem ? (
        <p className="problem" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="actions">
        <KeyButton label={t('manager.receipt.save')} shortcut="F9" onClick={() => void save()} />
        {saved ? (
          <p className="done" role="status">
            {t('manager.saved')}
          </p>
        ) : null}
      </div>
    </form>
  );
}
