/**
 * Calendar days in the coop's time zone. Times are stored as UTC ISO strings; a "day" the user
 * types or reads (exports, reports, receipts) is a local calendar day of the till's time zone.
 */
import { TillError } from './errors';

export const DEFAULT_TIME_ZONE = 'Europe/Brussels';

export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

/** "2026-03-01" as a day that exists (not 2026-02-30), or null. */
export function parseLocalDay(text: string): LocalDay | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return null;
  return { year, month, day };
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** How far the zone's clock is ahead of UTC at an instant, in ms. */
function offsetAt(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant (ISO) at which a local day starts in the zone (midnight, DST included). */
export function localDayStart(day: LocalDay, timeZone: string): string {
  const wall = Date.UTC(day.year, day.month - 1, day.day);
  let utc = wall - offsetAt(wall, timeZone);
  // Near a clock change the offset at the first guess may differ from the one at the answer.
  utc = wall - offsetAt(utc, timeZone);
  return new Date(utc).toISOString();
}

/**
 * The UTC range [from, to) of the local days --from and --to (to excluded), each a date such as
 * 2026-03-01 that exists; refuses from after to.
 */
export function localDayRange(
  from: string | undefined,
  to: string | undefined,
  timeZone: string,
): { from: string; to: string } {
  const read = (name: string, text: string): LocalDay => {
    const day = parseLocalDay(text);
    if (!day)
      throw new TillError(
        'date.invalid',
        `${name} must be a day such as 2026-03-01, got "${text}"`,
        {
          date: text,
        },
      );
    return day;
  };
  const start = from === undefined ? null : localDayStart(read('--from', from), timeZone);
  const end = to === undefined ? null : localDayStart(read('--to', to), timeZone);
  if (start !== null && end !== null && start > end) {
    throw new TillError('date.reversed', `--from ${from} is after --to ${to}`, {
      from: from ?? '',
      to: to ?? '',
    });
  }
  return { from: start ?? '0000-01-01', to: end ?? '9999-12-31' };
}
