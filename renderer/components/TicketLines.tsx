import type { LineView } from '../bridge/types';

export interface TicketLinesWords {
  label: string;
  empty: string;
  money: (cents: number) => string;
  quantity: (milli: number, byWeight: boolean) => string;
  discount: string;
}

/** The ticket's lines, large; the last one (or the one picked) highlighted. */
export function TicketLines({
  lines,
  selectedId,
  words,
  onSelect,
}: {
  lines: readonly LineView[];
  selectedId: string | null;
  words: TicketLinesWords;
  onSelect: (lineId: string) => void;
}) {
  const current = selectedId ?? lines.at(-1)?.id ?? null;
  if (lines.length === 0) return <p className="ticket-lines ticket-lines--empty">{words.empty}</p>;
  return (
    <ol className="ticket-lines" aria-label={words.label}>
      {lines.map((line) => (
        <li
          key={line.id}
          className={line.id === current ? 'line line--current' : 'line'}
          aria-current={line.id === current ? 'true' : undefined}
          onClick={() => onSelect(line.id)}
        >
          <span className="line__name">{line.name}</span>
          <span className="line__quantity">
            {words.quantity(line.quantity, line.unit === 'kg')} ×{' '}
            {words.money(line.totals.unitPrice)}
          </span>
          {line.totals.lineDiscount !== 0 ? (
            <span className="line__discount">
              {words.discount} −{words.money(line.totals.lineDiscount)}
            </span>
          ) : null}
          <span className="line__amount">{words.money(line.totals.amount)}</span>
        </li>
      ))}
    </ol>
  );
}
