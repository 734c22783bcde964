/** Amounts one under the other, the one marked large: a total, a change. */
export interface AmountLine {
  id: string;
  label: string;
  amount: string;
  emphasis?: boolean;
}

export function AmountLines({ label, lines }: { label: string; lines: readonly AmountLine[] }) {
  return (
    <div role="group" aria-label={label} className="amounts">
      <dl>
        {lines.map((line) => (
          <div key={line.id} className={line.emphasis ? 'amount amount--big' : 'amount'}>
            <dt>{line.label}</dt>
            <dd>{line.amount}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
