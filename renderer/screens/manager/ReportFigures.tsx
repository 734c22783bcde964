import type { SessionReport } from '../../../domain/session';
import { CashDifference } from '../../components/CashDifference';
import { useWords } from '../../i18n';
import { useTill } from '../../store/context';
import { differenceWords } from './difference';
import { KIND_WORDS, useMethodLabel } from '../methods';

/** A session's figures as a manager reads them, X (running) or Z (closed): tables, not prose. */
export function ReportFigures({ report }: { report: SessionReport }) {
  const { t, money } = useWords();
  const methodLabel = useMethodLabel();
  const methods = useTill('auth', (state) => state.settings?.paymentMethods ?? []);
  const kindOf = (method: string) => methods.find((known) => known.id === method)?.kind;
  const percent = (rateBp: number) => t('manager.report.rate', { rate: rateBp / 100 });

  return (
    <div className="report">
      <section aria-labelledby="report-tickets">
        <h2 id="report-tickets">{t('manager.report.tickets')}</h2>
        <dl className="figures">
          <Figure label={t('manager.report.sales')} value={String(report.tickets.sales)} />
          <Figure label={t('manager.report.refunds')} value={String(report.tickets.refunds)} />
          <Figure
            label={t('manager.report.cancellations')}
            value={String(report.tickets.cancellations)}
          />
          <Figure label={t('manager.report.salesTotal')} value={money(report.totals.sales)} />
          <Figure label={t('manager.report.refundsTotal')} value={money(report.totals.refunds)} />
          <Figure label={t('manager.report.netTotal')} value={money(report.totals.net)} strong />
        </dl>
      </section>

      <section aria-labelledby="report-payments">
        <h2 id="report-payments">{t('manager.report.payments')}</h2>
        <table className="figures-table" aria-labelledby="report-payments">
          <thead>
            <tr>
              <th scope="col">{t('manager.report.method')}</th>
              <th scope="col">{t('manager.report.kind')}</th>
              <th scope="col" className="number">
                {t('manager.report.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.byMethodNet.map((row) => (
              <tr key={row.method}>
                <th scope="row">{methodLabel(row.method)}</th>
                <td>{t(KIND_WORDS[kindOf(row.method) ?? row.kind])}</td>
                <td className="number">{money(row.amount)}</td>
              </tr>
            ))}
            <tr className="figures-table__total">
              <th scope="row" colSpan={2}>
                {t('manager.report.paymentsTotal')}
              </th>
              <td className="number">{money(report.paymentsNet)}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="report-reconcile">
        <h2 id="report-reconcile">{t('manager.report.reconcile')}</h2>
        <dl className="figures">
          <Figure label={t('manager.report.netTotal')} value={money(report.totals.net)} />
          <Figure label={t('manager.report.rounding')} value={money(report.roundingTotal)} />
          {report.voucherExcess !== 0 ? (
            <Figure label={t('manager.report.voucherExcess')} value={money(report.voucherExcess)} />
          ) : null}
          {report.unexplained !== 0 ? (
            <Figure label={t('manager.report.unexplained')} value={money(report.unexplained)} />
          ) : null}
          <Figure
            label={t('manager.report.paymentsNet')}
            value={money(report.paymentsNet)}
            strong
          />
        </dl>
      </section>

      <section aria-labelledby="report-vat">
        <h2 id="report-vat">{t('manager.report.vat')}</h2>
        <table className="figures-table" aria-labelledby="report-vat">
          <thead>
            <tr>
              <th scope="col">{t('manager.report.vatRate')}</th>
              <th scope="col" className="number">
                {t('manager.report.vatNet')}
              </th>
              <th scope="col" className="number">
                {t('manager.report.vatAmount')}
              </th>
              <th scope="col" className="number">
                {t('manager.report.vatGross')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.vat.map((row) => (
              <tr key={row.rateBp}>
                <th scope="row">{percent(row.rateBp)}</th>
                <td className="number">{money(row.net)}</td>
                <td className="number">{money(row.vat)}</td>
                <td className="number">{money(row.gross)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="report-cash">
        <h2 id="report-cash">{t('manager.report.cash')}</h2>
        <dl className="figures">
          <Figure label={t('manager.report.openingFloat')} value={money(report.openingFloat)} />
          <Figure label={t('manager.report.cashReceived')} value={money(report.cashReceived)} />
          <Figure label={t('manager.report.changeGiven')} value={money(-report.changeGiven)} />
          <Figure label={t('manager.report.cashIn')} value={money(report.cashIn)} />
          <Figure label={t('manager.report.cashOut')} value={money(report.cashOut)} />
          <Figure label={t('manager.report.rounding')} value={money(report.roundingTotal)} />
          {report.roundingByKind
            .filter((row) => row.kind !== 'cash')
            .map((row) => (
              <Figure
                key={row.kind}
                label={t('manager.report.roundingOf', { kind: t(KIND_WORDS[row.kind]) })}
                value={money(row.amount)}
              />
            ))}
          <Figure
            label={t('manager.report.expectedCash')}
            value={money(report.expectedCash)}
            strong
          />
          {report.countedCash !== null ? (
            <Figure label={t('manager.report.countedCash')} value={money(report.countedCash)} />
          ) : null}
        </dl>
        {report.difference !== null ? (
          <CashDifference
            difference={report.difference}
            words={differenceWords(t, money, report.difference)}
          />
        ) : null}
      </section>
    </div>
  );
}

function Figure({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={strong ? 'figure figure--strong' : 'figure'}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
