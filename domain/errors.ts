/**
 * Every refusal the till makes carries a stable code (for translation by the renderer), the
 * values that explain it, and an English message for logs, tests and the command line.
 */
export class TillError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'TillError';
  }
}

export function isTillError(error: unknown): error is TillError {
  return error instanceof TillError;
}

/** What went wrong, in words, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
