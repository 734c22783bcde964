/**
 * Counted against expected, at a glance: red when cash is missing, amber when there is too much,
 * green when exact. The words say it too, so colour is never the only sign.
 */
export function CashDifference({
  difference,
  words,
}: {
  /** counted - expected, in cents: negative when cash is missing. */
  difference: number;
  words: { short: string; over: string; exact: string };
}) {
  const tone = difference < 0 ? 'short' : difference > 0 ? 'over' : 'exact';
  return (
    <p className={`cash-difference cash-difference--${tone}`} role="status">
      {words[tone]}
    </p>
  );
}
