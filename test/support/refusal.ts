import { TillError } from '../../domain/errors';

/** The TillError an attempt is refused with; fails the test when the attempt is accepted. */
export function refusal(attempt: () => unknown): TillError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof TillError) return error;
    throw error;
  }
  throw new Error('expected a TillError, nothing was thrown');
}
