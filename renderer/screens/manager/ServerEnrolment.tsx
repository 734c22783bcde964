import { useState, type FormEvent } from 'react';
import type { ErrorView } from '../../../main/api';
import type { Approval, Input, Result } from '../../bridge/types';
import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { useStores, useTill } from '../../store/context';
import { useManagerShortcuts } from './shortcuts';

type Outcome =
  | { kind: 'enrolled'; server: string; till: Result<'enrol'> }
  | { kind: 'unenrolled' }
  | { kind: 'refused'; error: ErrorView };

/**
 * The central server: enrol the till with its address and the one-time code the back office
 * shows (typed, or scanned into the field), or un-enrol it. Both are a manager's acts; the
 * answer is said here, in words, rather than in a banner that goes away.
 */
export function ServerEnrolment() {
  const { t, errorText } = useWords();
  const stores = useStores();
  const enrolled = useTill('status', (state) => state.sync?.enrolled ?? false);
  const [server, setServer] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  /** Calls, asking a manager's PIN when the till wants one; the refusal stays on this screen. */
  async function withApproval<K extends 'enrol' | 'unenrol'>(
    name: K,
    input: Input<K>,
  ): Promise<Result<K> | ErrorView | undefined> {
    let request: Input<K> = input;
    for (;;) {
      const result = await stores.call(name, request, { quiet: true });
      if (result.ok) return result.value;
      if (result.error.code !== 'auth.manager_required') return result.error;
      const answer = await stores.approvals
        .getState()
        .ask({ kind: 'approval', reason: result.error });
      if (answer === null || !('approval' in answer)) return undefined;
      const approval: Approval = answer.approval;
      request = { ...request, approval };
    }
  }

  const isError = (value: unknown): value is ErrorView =>
    typeof value === 'object' && value !== null && 'code' in value && 'message' in value;

  const enrol = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    if (server.trim() === '' || code.trim() === '') {
      setOutcome({
        kind: 'refused',
        error: { code: 'enrol.missing', message: t('manager.enrol.missing'), values: {} },
      });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const answer = await withApproval('enrol', { server, code });
      if (answer === undefined) return;
      if (isError(answer)) {
        setOutcome({ kind: 'refused', error: answer });
        return;
      }
      setOutcome({ kind: 'enrolled', server: server.trim(), till: answer });
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const unenrol = async () => {
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const answer = await withApproval('unenrol', {});
      if (answer === undefined) return;
      setOutcome(isError(answer) ? { kind: 'refused', error: answer } : { kind: 'unenrolled' });
    } finally {
      setBusy(false);
    }
  };

  // Un-enrolling stops the sync: a button to press on purpose, never a key pressed by mistake.
  useManagerShortcuts({ F7: () => void enrol() }, !enrolled);

  return (
    <form
      aria-labelledby="server-enrolment-title"
      className="settings__section"
      onSubmit={(event) => void enrol(event)}
    >
      <h2 id="server-enrolment-title">{t('manager.enrol.title')}</h2>
      {enrolled ? (
        <p>{t('manager.enrol.enrolled')}</p>
      ) : (
        <>
          <label className="field">
            <span>{t('manager.enrol.server')}</span>
            <input
              type="text"
              inputMode="url"
              autoComplete="off"
              value={server}
              onChange={(event) => setServer(event.target.value)}
            />
          </label>
          <label className="field">
            <span>{t('manager.enrol.code')}</span>
            <input
              type="text"
              autoComplete="off"
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          </label>
        </>
      )}
      {outcome?.kind === 'refused' ? (
        <p className="problem" role="alert">
          {errorText(outcome.error)}
        </p>
      ) : null}
      <div className="actions">
        {enrolled ? (
          <KeyButton
            label={t('manager.enrol.unenrol')}
            tone="danger"
            onClick={() => void unenrol()}
          />
        ) : (
          <KeyButton label={t('manager.enrol.submit')} shortcut="F7" onClick={() => void enrol()} />
        )}
        {outcome?.kind === 'enrolled' ? (
          <p className="done" role="status">
            {t('manager.enrol.done', {
              server: outcome.server,
              name: outcome.till.name,
              tillId: outcome.till.tillId,
            })}
          </p>
        ) : null}
        {outcome?.kind === 'unenrolled' ? (
          <p className="done" role="status">
            {t('manager.enrol.unenrolled')}
          </p>
        ) : null}
      </div>
    </form>
  );
}
