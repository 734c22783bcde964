import { useState } from 'react';
import { parseCents } from '../../../domain/money';
import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { useManagerShortcuts } from './shortcuts';
import { callWithApproval } from '../../store/approval';
import { useStores } from '../../store/context';
import { useOperationAct } from '../../store/operation';
import type { ManagerScreenProps } from './index';

type Direction = 'in' | 'out';

/** Cash put in the drawer or taken out of it, with why: the X and Z reports list each move. */
export function CashMove({ onClose }: ManagerScreenProps) {
  const { t, money } = useWords();
  const stores = useStores();
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = useOperationAct();

  const move = async (direction: Direction) => {
    setDone(null);
    const cents = parseCents(amountText);
    if (cents === null || cents <= 0) {
      setProblem(t('manager.cash.amountInvalid'));
      return;
    }
    if (reason.trim() === '') {
      setProblem(t('manager.reasonMissing'));
      return;
    }
    setProblem(null);
    const amount = direction === 'in' ? cents : -cents;
    const moved = await callWithApproval(stores, 'cashMove', {
      amount,
      reason: reason.trim(),
      operationId: act.id(),
    });
    if (moved === undefined) return;
    act.done();
    setDone(
      t(direction === 'in' ? 'manager.cash.putIn' : 'manager.cash.takenOut', {
        amount: money(cents),
        reason: moved.reason,
      }),
    );
    setAmountText('');
    setReason('');
  };
  useManagerShortcuts({ F9: () => void move('in'), F10: () => void move('out'), Escape: onClose });

  return (
    <form
      className="panel manager-screen"
      aria-labelledby="cash-move-title"
      onSubmit={(event) => event.preventDefault()}
    >
      <h1 id="cash-move-title">{t('manager.cashMove')}</h1>
      <label className="field">
        <span>{t('manager.cash.amount')}</span>
        <input
          type="text"
          inputMode="decimal"
          autoComplete="off"
          autoFocus
          value={amountText}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'cash-move-problem' : undefined}
          onChange={(event) => setAmountText(event.target.value)}
        />
      </label>
      <label className="field">
        <span>{t('manager.reason')}</span>
        <input
          type="text"
          value={reason}
          maxLength={200}
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      {problem ? (
        <p id="cash-move-problem" className="problem" role="alert">
          {problem}
        </p>
      ) : null}
      {done ? (
        <p className="done" role="status">
          {done}
        </p>
      ) : null}
      <div className="actions">
        <KeyButton label={t('manager.cash.in')} shortcut="F9" onClick={() => void move('in')} />
        <KeyButton
          label={t('manager.cash.out')}
          shortcut="F10"
          tone="primary"
          onClick={() => void move('out')}
        />
        <KeyButton label={t('common.back')} shortcut="Escape" onClick={onClose} />
      </div>
    </form>
  );
}
