/** How far back the clock may go against the journal before it is journaled: NTP slews, DST don't. */
export const CLOCK_STEP_TOLERANCE_MS = 5 * 60_000;

/**
 * How many whole seconds the clock stepped back from the last journal entry's time to now, when
 * more than the tolerance; null otherwise (or when either time is unreadable).
 */
export function clockStepBack(
  lastIso: string,
  nowIso: string,
  toleranceMs = CLOCK_STEP_TOLERANCE_MS,
): number | null {
  const last = Date.parse(lastIso);
  const now = Date.parse(nowIso);
  if (Number.isNaN(last) || Number.isNaN(now)) return null;
  const back = last - now;
  return back > toleranceMs ? Math.round(back / 1000) : null;
}
