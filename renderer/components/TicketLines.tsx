import { memo, useEffect, useRef } from 'react';
import type { LineView } from '../bridge/types';

export interface TicketLinesWords {
  label: string;
  empty: string;
  /** A scanned code the till is still looking up. */
  lookingUp: (code: string) => string;
  money: (cents: number) => string;
  quantity: (milli: number, byWeight: boolean) => string;
  discount: string;
  /** A line's product name in the language on screen. */
  name: (line: LineView) => string;
}

/** The ticket's lines, large; the last one (or the one picked) highlighted. */
export function TicketLines({
  lines,
  pending,
  selectedId,
  words,
  onSelect,
}: {
  lines: readonly LineView[];
  pending: readonly { id: number; code: string }[];
  selectedId: string | null;
  words: TicketLinesWords;
  onSelect: (lineId: string) => void;
}) {
  const current = pending.length > 0 ? null : (selectedId ?? lines.at(-1)?.id ?? null);
  if (lines.length === 0 && pending.length === 0) {
    return <p className="ticket-lines ticket-lines--empty">{words.empty}</p>;
  }
  return (
    // Focusable: a long ticket scrolls, and a keyboard alone must be able to scroll it.
    <ol className="ticket-lines" aria-label={words.label} tabIndex={0}>
      {lines.map((line) => (
        <TicketLine
          key={line.id}
          line={line}
          current={line.id === current}
          words={words}
          onSelect={onSelect}
        />
      ))}
      {pending.map((scan) => (
        <li key={`scan-${scan.id}`} className="line line--pending" aria-busy="true">
          <span className="line__name">{words.lookingUp(scan.code)}</span>
        </li>
      ))}
    </ol>
  );
}

/** One line; drawn again only when it changed, so a long ticket stays quick to add to. */
const TicketLine = memo(function TicketLine({
  line,
  current,
  words,
  onSelect,
}: {
  line: LineView;
  current: boolean;
  words: TicketLinesWords;
  onSelect: (lineId: string) => void;
}) {
  const item = useRef<HTMLLIElement>(null);
  // The line just scanned stays in sight however long the ticket grows.
  useEffect(() => {
    if (current) item.current?.scrollIntoView?.({ block: 'nearest' });
  }, [current, line]);
  return (
    <li
      ref={item}
      className={current ? 'line line--current' : 'line'}
      aria-current={current ? 'true' : undefined}
      onClick={() => onSelect(line.id)}
    >
      <span className="line__name">{words.name(line)}</span>
      <span className="line__quantity">
        {words.quantity(line.quantity, line.unit === 'kg')} × {words.money(line.totals.unitPrice)}
      </span>
      {line.totals.lineDiscount !== 0 ? (
        <span className="line__discount">
          {words.discount} −{words.money(line.totals.lineDiscount)}
        </span>
      ) : null}
      <span className="line__amount">{words.money(line.totals.amount)}</span>
    </li>
  );
});
