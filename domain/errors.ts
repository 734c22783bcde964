import type { TillErrorCode, TillErrorValues } from './error-codes';

export type { TillErrorCode, TillErrorValues } from './error-codes';

/** The values argument, optional when a code has no value that every use of it gives. */
type ValuesArgument<C extends TillErrorCode> = [keyof TillErrorValues[C]] extends [never]
  ? [values?: TillErrorValues[C]]
  : [values: TillErrorValues[C]];

/**
 * Every refusal the till makes carries a stable code (for translation by the renderer), the
 * values that explain it, and an English message for logs, tests and the command line. Bugs (a
 * caller breaking a contract) are plain Errors: they have no code because no user can fix them.
 */
export class TillError<C extends TillErrorCode = TillErrorCode> extends Error {
  readonly details: Readonly<Record<string, string | number>>;

  constructor(
    readonly code: C,
    message: string,
    ...[values]: ValuesArgument<C>
  ) {
    super(message);
    this.name = 'TillError';
    this.details = values ?? {};
  }
}

export function isTillError(error: unknown): error is TillError {
  return error instanceof TillError;
}

/** What went wrong, in words, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
