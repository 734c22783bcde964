import { useEffect, useState } from 'react';
import type { SessionReport } from '../../../domain/session';
import { CashDifference } from '../../components/CashDifference';
import { DenominationCount, type DenominationCounts } from '../../components/DenominationCount';
import { Dialog } from '../../components/Dialog';
import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { useManagerShortcuts } from './shortcuts';
import { callWithApproval } from '../../store/approval';
import { useStores } from '../../store/context';
import { useOperationAct } from '../../store/operation';
import { countedTotal, DENOMINATIONS } from '../../store/session';
import { differenceWords } from './difference';
import type { ManagerScreenProps } from './index';
import { ReportFigures } from './ReportFigures';

/**
 * The end of the day: the drawer counted coin by coin, the difference with what the till expects
 * in plain sight, a confirmation, then the Z report on screen (the till prints it too).
 */
export function CloseSession({ onClose }: ManagerScreenProps) {
  const [closed, setClosed] = useState<SessionReport | null>(null);
  return closed ? (
    <ZReport report={closed} onClose={onClose} />
  ) : (
    <CountDrawer onClosed={setClosed} onClose={onClose} />
  );
}

function CountDrawer({
  onClosed,
  onClose,
}: {
  onClosed: (report: SessionReport) => void;
  onClose: () => void;
}) {
  const { t, money } = useWords();
  const stores = useStores();
  const [expected, setExpected] = useState<number | null>(null);
  const [counts, setCounts] = useState<DenominationCounts>({});
  const [confirming, setConfirming] = useState(false);
  const act = useOperationAct();
  const counted = countedTotal(counts);
  const difference = expected === null ? null : counted - expected;

  useEffect(() => {
    void stores.call('xReport', {}).then((result) => {
      if (result.ok) setExpected(result.value.expectedCash);
    });
  }, [stores]);

  const close = async () => {
    setConfirming(false);
    const report = await callWithApproval(stores, 'closeSession', {
      counts: { ...counts },
      operationId: act.id(),
    });
    if (report === undefined) return;
    act.done();
    onClosed(report);
    // The till is closed whether or not its event reaches this window.
    await stores.session.getState().refresh();
  };
  useManagerShortcuts({ F10: () => setConfirming(true), Escape: onClose }, !confirming);

  return (
    <section className="panel manager-screen" aria-labelledby="close-title">
      <h1 id="close-title">{t('manager.closeSession')}</h1>
      <p>{t('manager.close.hint')}</p>
      <DenominationCount
        denominations={DENOMINATIONS}
        counts={counts}
        onChange={setCounts}
        words={{ money, countOf: (value) => t('manager.close.countOf', { value }) }}
      />
      <dl className="figures close__figures">
        <div className="figure figure--strong">
          <dt>{t('manager.close.counted')}</dt>
          <dd>{money(counted)}</dd>
        </div>
        <div className="figure">
          <dt>{t('manager.report.expectedCash')}</dt>
          <dd>{expected === null ? '…' : money(expected)}</dd>
        </div>
      </dl>
      {difference !== null ? (
        <CashDifference difference={difference} words={differenceWords(t, money, difference)} />
      ) : null}
      <div className="actions">
        <KeyButton
          tone="primary"
          label={t('manager.close.confirm')}
          shortcut="F10"
          onClick={() => setConfirming(true)}
        />
        <KeyButton label={t('common.back')} shortcut="Escape" onClick={onClose} />
      </div>
      {confirming ? (
        <ConfirmClose
          counted={counted}
          difference={difference}
          onYes={() => void close()}
          onNo={() => setConfirming(false)}
        />
      ) : null}
    </section>
  );
}

function ConfirmClose({
  counted,
  difference,
  onYes,
  onNo,
}: {
  counted: number;
  difference: number | null;
  onYes: () => void;
  onNo: () => void;
}) {
  const { t, money } = useWords();
  useManagerShortcuts({ Enter: onYes, Escape: onNo });
  return (
    <Dialog title={t('manager.close.sure')} describedBy="close-sure-text">
      <p id="close-sure-text" className="dialog__reason">
        {t('manager.close.sureText', { counted: money(counted) })}
      </p>
      {difference !== null ? (
        <CashDifference difference={difference} words={differenceWords(t, money, difference)} />
      ) : null}
      <div className="dialog__actions">
        <KeyButton tone="primary" label={t('manager.close.yes')} shortcut="Enter" onClick={onYes} />
        <KeyButton label={t('common.cancel')} shortcut="Escape" onClick={onNo} />
      </div>
    </Dialog>
  );
}

/** The closed session's Z report; then a new float, or the next person signs in. */
function ZReport({ report, onClose }: { report: SessionReport; onClose: () => void }) {
  const { t } = useWords();
  const { auth } = useStores();
  const signOut = () => void auth.getState().signOut();
  // Shift+F1 signs out from anywhere (the shell's key): the button here only shows it.
  useManagerShortcuts({ F10: onClose });
  return (
    <section className="panel manager-screen" aria-labelledby="z-report-title">
      <h1 id="z-report-title">{t('manager.z.title')}</h1>
      <p>{t('manager.z.printed')}</p>
      <ReportFigures report={report} />
      <div className="actions">
        <KeyButton
          tone="primary"
          label={t('manager.z.newSession')}
          shortcut="F10"
          onClick={onClose}
        />
        <KeyButton label={t('signIn.signOut')} shortcut="Shift+F1" onClick={signOut} />
      </div>
    </section>
  );
}
