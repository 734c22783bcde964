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
  // An unreadable time parses as NaN, and NaN is beyond no tolerance: no step.
  const back = Date.parse(lastIso) - Date.parse(nowIso);
  return back > toleranceMs ? Math.round(back / 1000) : null;
}
