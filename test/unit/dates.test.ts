import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIME_ZONE,
  isTimeZone,
  localDayRange,
  localDayStart,
  parseLocalDay,
} from '../../domain/dates';
import { refusal } from '../support/refusal';

describe('parseLocalDay', () => {
  it('reads a day that exists, spaces around it allowed', () => {
    expect(parseLocalDay('2026-03-01')).toEqual({ year: 2026, month: 3, day: 1 });
    expect(parseLocalDay(' 2028-02-29 ')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseLocalDay('2026-12-31')).toEqual({ year: 2026, month: 12, day: 31 });
  });

  it('refuses a day that does not exist and anything that is not a day', () => {
    for (const text of [
      '2026-02-30',
      '2026-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-3-1',
      '01/03/2026',
      '2026-03-01T00:00',
      'x2026-03-01',
      '0099-12-31',
      '',
    ])
      expect(parseLocalDay(text), text).toBeNull();
  });
});

describe('isTimeZone', () => {
  it('knows the coop time zones and refuses what is not one', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Europe/Brussels');
    expect(isTimeZone('Europe/Brussels')).toBe(true);
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('localDayStart', () => {
  it('is local midnight in UTC, winter and summer', () => {
    expect(localDayStart({ year: 2026, month: 1, day: 15 }, 'Europe/Brussels')).toBe(
      '2026-01-14T23:00:00.000Z',
    );
    expect(localDayStart({ year: 2026, month: 7, day: 1 }, 'Europe/Brussels')).toBe(
      '2026-06-30T22:00:00.000Z',
    );
    expect(localDayStart({ year: 2026, month: 1, day: 15 }, 'America/New_York')).toBe(
      '2026-01-15T05:00:00.000Z',
    );
    expect(localDayStart({ year: 2026, month: 1, day: 15 }, 'UTC')).toBe(
      '2026-01-15T00:00:00.000Z',
    );
  });

  it('takes the offset of midnight itself on the days the clocks change', () => {
    // 29 March 2026: the clocks go forward at 02:00, so midnight is still UTC+1.
    expect(localDayStart({ year: 2026, month: 3, day: 29 }, 'Europe/Brussels')).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    // The day after, midnight is UTC+2.
    expect(localDayStart({ year: 2026, month: 3, day: 30 }, 'Europe/Brussels')).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    // 25 October 2026: the clocks go back at 03:00, so midnight is still UTC+2.
    expect(localDayStart({ year: 2026, month: 10, day: 25 }, 'Europe/Brussels')).toBe(
      '2026-10-24T22:00:00.000Z',
    );
    expect(localDayStart({ year: 2026, month: 10, day: 26 }, 'Europe/Brussels')).toBe(
      '2026-10-25T23:00:00.000Z',
    );
  });
});

describe('localDayRange', () => {
  it('gives the UTC range of local days, the last one excluded', () => {
    expect(localDayRange('2026-03-01', '2026-04-01', 'Europe/Brussels')).toEqual({
      from: '2026-02-28T23:00:00.000Z',
      to: '2026-03-31T22:00:00.000Z',
    });
    expect(localDayRange('2026-03-01', '2026-03-01', 'Europe/Brussels')).toEqual({
      from: '2026-02-28T23:00:00.000Z',
      to: '2026-02-28T23:00:00.000Z',
    });
  });

  it('is open on a side that is not given', () => {
    expect(localDayRange(undefined, undefined, 'Europe/Brussels')).toEqual({
      from: '0000-01-01',
      to: '9999-12-31',
    });
    expect(localDayRange('2026-03-01', undefined, 'UTC')).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '9999-12-31',
    });
    expect(localDayRange(undefined, '2026-03-01', 'UTC')).toEqual({
      from: '0000-01-01',
      to: '2026-03-01T00:00:00.000Z',
    });
  });

  it('names the option with a day that does not exist', () => {
    const from = refusal(() => localDayRange('2026-02-30', '2026-03-01', 'UTC'));
    expect(from).toMatchObject({
      code: 'date.invalid',
      message: '--from must be a day such as 2026-03-01, got "2026-02-30"',
      details: { date: '2026-02-30' },
    });
    const to = refusal(() => localDayRange('2026-03-01', 'tomorrow', 'UTC'));
    expect(to).toMatchObject({
      code: 'date.invalid',
      message: '--to must be a day such as 2026-03-01, got "tomorrow"',
    });
  });

  it('refuses --from after --to', () => {
    expect(refusal(() => localDayRange('2026-03-02', '2026-03-01', 'UTC'))).toMatchObject({
      code: 'date.reversed',
      message: '--from 2026-03-02 is after --to 2026-03-01',
      details: { from: '2026-03-02', to: '2026-03-01' },
    });
  });
});
