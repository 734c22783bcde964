import { describe, expect, it } from 'vitest';
import { clockStepBack } from '../../domain/clock';

describe('a clock step against an unreadable time', () => {
  it('is no step, whichever of the two times is unreadable', () => {
    expect(clockStepBack('2026-03-02T18:00:00.000Z', 'not a time')).toBeNull();
    expect(clockStepBack('', '2026-03-02T17:30:00.000Z')).toBeNull();
    expect(clockStepBack('not a time', 'not a time either')).toBeNull();
  });

  it('takes any tolerance it is given', () => {
    expect(clockStepBack('2026-03-02T18:00:00.000Z', '2026-03-02T17:59:58.400Z', 1000)).toBe(2);
    expect(clockStepBack('2026-03-02T18:00:00.000Z', '2026-03-02T17:59:59.000Z', 1000)).toBeNull();
  });
});
