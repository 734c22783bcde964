import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { useShortcuts } from '../../input/shortcuts';
import { useStores, useTill } from '../../store/context';
import type { Question } from '../../store/approval';

/** The till's questions (a manager's PIN, the cashier's acknowledgement), one at a time. */
export function Questions() {
  const question = useTill('approvals', (state) => state.question);
  if (question === null) return null;
  return question.kind === 'approval' ? (
    <ApprovalQuestion question={question} />
  ) : (
    <AcknowledgeQuestion question={question} />
  );
}

function AcknowledgeQuestion({ question }: { question: Question }) {
  const { t, errorText } = useWords();
  const { approvals } = useStores();
  const answer = approvals.getState().answer;
  useShortcuts({ Escape: () => answer(null) });
  return (
    <Dialog title={t('question.acknowledgeTitle')} describedBy="question-reason">
      <p id="question-reason" className="dialog__reason">
        {errorText(question.reason)}
      </p>
      <div className="dialog__actions">
        <KeyButton
          label={t('question.acknowledge')}
          shortcut="Enter"
          tone="primary"
          onClick={() => answer({ acknowledged: true })}
        />
        <KeyButton label={t('common.cancel')} shortcut="Escape" onClick={() => answer(null)} />
      </div>
    </Dialog>
  );
}

function ApprovalQuestion({ question }: { question: Question }) {
  const { t, errorText } = useWords();
  const { approvals } = useStores();
  const answer = approvals.getState().answer;
  const [userId, setUserId] = useState('');
  const [pin, setPin] = useState('');
  useShortcuts({ Escape: () => answer(null) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = Number(userId);
    if (Number.isInteger(id) && id > 0 && pin !== '') answer({ approval: { userId: id, pin } });
  };
  return (
    <Dialog title={t('question.approvalTitle')} describedBy="question-reason">
      <p id="question-reason" className="dialog__reason">
        {errorText(question.reason)}
      </p>
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>{t('question.manager')}</span>
          <input
            type="text"
            inputMode="numeric"
            value={userId}
            onChange={(event) => setUserId(event.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('signIn.pin')}</span>
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={(event) => setPin(event.target.value)}
          />
        </label>
        <div className="dialog__actions">
          <button type="submit" className="key-button key-button--primary">
            <span className="key-button__label">{t('question.approve')}</span>
            <kbd className="key-button__key" aria-hidden="true">
              Enter
            </kbd>
          </button>
          <KeyButton label={t('common.cancel')} shortcut="Escape" onClick={() => answer(null)} />
        </div>
      </form>
    </Dialog>
  );
}
