import { useCallback, useEffect, useState } from 'react';
import type { SessionReport } from '../../../domain/session';
import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { useManagerShortcuts } from './shortcuts';
import { useStores } from '../../store/context';
import type { ManagerScreenProps } from './index';
import { ReportFigures } from './ReportFigures';

/** The open session's running figures (X report): reading them changes nothing. */
export function XReport({ onClose }: ManagerScreenProps) {
  const { t } = useWords();
  const { call } = useStores();
  const [report, setReport] = useState<SessionReport | null>(null);

  const load = useCallback(async () => {
    const result = await call('xReport', {});
    if (result.ok) setReport(result.value);
  }, [call]);
  useEffect(() => {
    void load();
  }, [load]);
  useManagerShortcuts({ F9: () => void load(), Escape: onClose });

  return (
    <section className="panel manager-screen" aria-labelledby="x-report-title">
      <h1 id="x-report-title">{t('manager.xReport')}</h1>
      {report ? <ReportFigures report={report} /> : <p>{t('manager.loading')}</p>}
      <div className="actions">
        <KeyButton label={t('manager.x.refresh')} shortcut="F9" onClick={() => void load()} />
        <KeyButton label={t('common.back')} shortcut="Escape" onClick={onClose} />
      </div>
    </section>
  );
}
