/** How many of each coin and note, keyed by the denomination in cents ("2000"). */
export type DenominationCounts = Readonly<Record<string, number>>;

export interface DenominationCountWords {
  /** The accessible name of one field, e.g. "Number of 2,00 €". */
  countOf: (value: string) => string;
  money: (cents: number) => string;
}

/**
 * The drawer counted coin by coin and note by note (the opening float, the closing count): one
 * field per denomination, its value written above it, the line's amount beside it.
 */
export function DenominationCount({
  denominations,
  counts,
  words,
  onChange,
}: {
  denominations: readonly number[];
  counts: DenominationCounts;
  words: DenominationCountWords;
  onChange: (counts: DenominationCounts) => void;
}) {
  return (
    <div className="denomination-count">
      {denominations.map((cents) => {
        const key = String(cents);
        const count = counts[key] ?? 0;
        return (
          <label key={cents} className="denomination-count__item">
            <span className="denomination-count__value">{words.money(cents)}</span>
            <input
              type="text"
              inputMode="numeric"
              autoComplete="off"
              aria-label={words.countOf(words.money(cents))}
              value={count === 0 ? '' : String(count)}
              onChange={(event) => onChange({ ...counts, [key]: wholeCount(event.target.value) })}
            />
            <span className="denomination-count__amount">
              {count === 0 ? '' : words.money(cents * count)}
            </span>
          </label>
        );
      })}
    </div>
  );
}

/** Only digits count; anything else typed leaves the field at zero rather than a guess. */
function wholeCount(text: string): number {
  const digits = text.replace(/\D/g, '');
  if (digits === '') return 0;
  return Math.min(Number.parseInt(digits, 10), 100_000);
}
