import { useEffect, useRef } from 'react';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { centsToDecimalString, milliToDecimalString } from '../../domain/money';
import { useWords } from '../../renderer/i18n';

// Only what the dashboard draws: Chart.js is tree-shaken to these.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  DoughnutController,
  ArcElement,
  Tooltip,
  Legend,
);

const PALETTE = ['#1f6f8b', '#e07a1f', '#3a8d3f', '#8c4fb0', '#c23b3b', '#6b7280', '#b58b00'];

export interface Column {
  title: string;
  /** Money in cents: shown in the person's language, exported as euros with a dot. */
  money?: boolean;
  /** Thousandths of a piece or kg: shown and exported as a decimal number. */
  quantity?: boolean;
  /** Basis points: shown as a percentage, exported as a percentage with a dot. */
  basisPoints?: boolean;
}

export interface FigureRow {
  label: string;
  /** One a column; null for a figure that has no value (a rate with nothing to divide). */
  values: (number | null)[];
}

/**
 * One chart and its figures as a table, with a CSV export of the table. The chart draws the
 * first money column (cents shown as euros); the table is what a screen reader and the
 * accountant read.
 */
export function FigureChart({
  title,
  kind,
  labelTitle,
  columns,
  rows,
  file,
  plot,
}: {
  title: string;
  kind: 'bar' | 'doughnut';
  labelTitle: string;
  columns: Column[];
  rows: FigureRow[];
  file: string;
  /** The money column the chart draws: the first one unless told. */
  plot?: number;
}) {
  const { t, locale, money } = useWords();
  const canvas = useRef<HTMLCanvasElement>(null);
  const plotted =
    plot ??
    Math.max(
      0,
      columns.findIndex((column) => column.money),
    );
  const intl = locale === 'en' ? 'en-GB' : locale;
  const shown = (value: number | null, column: Column | undefined): string => {
    if (value === null) return '–';
    if (column?.money) return money(value);
    if (column?.quantity)
      return new Intl.NumberFormat(intl, { maximumFractionDigits: 3 }).format(value / 1000);
    if (column?.basisPoints)
      return new Intl.NumberFormat(intl, { style: 'percent', maximumFractionDigits: 1 }).format(
        value / 10_000,
      );
    return String(value);
  };
  const exported = (value: number | null, column: Column | undefined): string => {
    if (value === null) return '';
    if (column?.money) return centsToDecimalString(value);
    if (column?.quantity) return milliToDecimalString(value);
    if (column?.basisPoints) return (value / 100).toFixed(2);
    return String(value);
  };

  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: kind,
      data: {
        labels: rows.map((row) => row.label),
        datasets: [
          {
            label: columns[plotted]?.title ?? title,
            // Chart.js draws numbers: euros for the axis, the exact cents stay in the table.
            data: rows.map((row) => (row.values[plotted] ?? 0) / 100),
            backgroundColor: kind === 'bar' ? PALETTE[0] : rows.map((_, i) => PALETTE[i % 7]),
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: kind === 'doughnut', position: 'right' },
          tooltip: {
            callbacks: {
              label: (item) => money(rows[item.dataIndex]?.values[plotted] ?? 0),
            },
          },
        },
        ...(kind === 'bar'
          ? {
              scales: {
                y: { ticks: { callback: (value) => money(Math.round(Number(value) * 100)) } },
              },
            }
          : {}),
      },
    });
    return () => chart.destroy();
  }, [kind, rows, columns, plotted, title, money]);

  const exportCsv = () => {
    const cell = (text: string) => (/[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    const lines = [
      [labelTitle, ...columns.map((column) => column.title)].map(cell).join(','),
      ...rows.map((row) =>
        [cell(row.label), ...row.values.map((value, i) => exported(value, columns[i]))].join(','),
      ),
    ];
    const url = URL.createObjectURL(
      new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }),
    );
    const link = document.createElement('a');
    link.href = url;
    link.download = file;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <section className="office-card" aria-label={title}>
      <header className="office-card__head">
        <h2>{title}</h2>
        <button
          type="button"
          className="office-link"
          aria-label={`${t('office.csvShort')}: ${title}`}
          onClick={exportCsv}
        >
          {t('office.csvShort')}
        </button>
      </header>
      <div className="office-card__body">
        <div className="office-card__chart">
          <canvas ref={canvas} role="img" aria-label={title} />
        </div>
        {/* Focusable: a long table scrolls, and a keyboard must reach all of it. */}
        <div className="office-card__table" tabIndex={0}>
          <table>
            <caption className="visually-hidden">{t('office.figures', { what: title })}</caption>
            <thead>
              <tr>
                <th scope="col">{labelTitle}</th>
                {columns.map((column) => (
                  <th scope="col" key={column.title} className="num">
                    {column.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  {row.values.map((value, i) => (
                    <td key={i} className="num">
                      {shown(value, columns[i])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
