import { describe, expect, it } from 'vitest';
import { clockStepBack } from '../../domain/clock';

describe('a clock stepping back against the journal', () => {
  it('is a step beyond 5 minutes back, in whole seconds', () => {
    expect(clockStepBack('2026-03-02T18:00:00.000Z', '2026-03-02T17:30:00.000Z')).toBe(1800);
    expect(clockStepBack('2026-03-02T18:00:00.000Z', '2026-03-02T17:54:59.000Z')).toBe(301);
  });

  it('is no step within 5 minutes (NTP slewing), forwards, or across a DST change', () => {
    expect(clockStepBack('2026-03-02T18:00:00.000Z', '2026-03-02T17:55:00.000Z')).toBeNull();
    expect(clockStepBack('2026-03-02T18:00:00.000Z', '2026-03-02T19:00:00.000Z')).toBeNull();
    // 03:00 summer time back to 02:00 winter time is the same instant on a UTC clock.
    expect(clockStepBack('2026-10-25T00:59:00.000Z', '2026-10-25T01:01:00.000Z')).toBeNull();
  });

  it('is no step when a time is unreadable', () => {
    expect(clockStepBack('not a time', '2026-03-02T17:30:00.000Z')).toBeNull();
  });
});
