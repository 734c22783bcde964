import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { KeyButton } from '../../components/KeyButton';
import { UserPicker } from '../../components/UserPicker';
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

/** The member the question is about, by name: the till's sentence gives their number. */
function MemberLine() {
  const { statusText } = useWords();
  const member = useTill('ticket', (state) => state.ticket?.member ?? null);
  if (!member) return null;
  return (
    <p className="dialog__member">
      <strong>{member.name}</strong> · {statusText(member)}
    </p>
  );
}

function AcknowledgeQuestion({ question }: { question: Question }) {
  const { t, errorText } = useWords();
  const { approvals } = useStores();
  const answer = approvals.getState().answer;
  useShortcuts({ Escape: () => answer(null) }, true, true);
  return (
    <Dialog title={t('question.acknowledgeTitle')} describedBy="question-reason">
      <MemberLine />
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
  const managers = useTill('auth', (state) => state.users).filter(
    (user) => user.role === 'manager',
  );
  const [managerId, setManagerId] = useState<number | null>(
    managers.length === 1 ? (managers[0]?.id ?? null) : null,
  );
  const [pin, setPin] = useState('');
  useShortcuts({ Escape: () => answer(null) }, true, true);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (managerId !== null && pin !== '') answer({ approval: { userId: managerId, pin } });
  };
  const chosen = managers.find((manager) => manager.id === managerId);
  return (
    <Dialog title={t('question.approvalTitle')} describedBy="question-reason">
      {question.reason.code.startsWith('member.') ? <MemberLine /> : null}
      <p id="question-reason" className="dialog__reason">
        {errorText(question.reason)}
      </p>
      <form onSubmit={submit} className="form">
        <UserPicker
          label={t('question.manager')}
          users={managers}
          chosenId={managerId}
          describe={() => t('signIn.manager')}
          onChoose={setManagerId}
        />
        <label className="field">
          <span>{chosen ? t('signIn.pinOf', { name: chosen.name }) : t('signIn.pin')}</span>
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            value={pin}
            onChange={(event) => setPin(event.target.value)}
          />
        </label>
        <div className="dialog__actions">
          <KeyButton
            type="submit"
            tone="primary"
            label={t('question.approve')}
            shortcut="Enter"
            disabled={managerId === null}
          />
          <KeyButton label={t('common.cancel')} shortcut="Escape" onClick={() => answer(null)} />
        </div>
      </form>
    </Dialog>
  );
}
