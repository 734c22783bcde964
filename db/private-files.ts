import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * The till's files hold the journal, the members and the PINs' hashes: only the till's own
 * account may read them. A folder the till makes is 0700; a file it makes is created 0600 before
 * anything is written in it (no moment at 0644), and an older file found more open is closed up:
 * its group's and others' rights taken away, its owner's kept (a file made read-only stays so).
 * A folder that exists already is left as it is: it may be one the till does not own alone.
 */
export function makePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

export function makePrivateFile(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  closeUp(path);
}

/** A file SQLite made beside the database (its WAL, its shared memory), when it is there. */
export function closeUpIfThere(path: string): void {
  if (existsSync(path)) closeUp(path);
}

function closeUp(path: string): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(path, mode & 0o700);
  } catch (error) {
    // An immutable or foreign file: opening it says what is wrong, in words.
    if (!isNodeError(error) || !['EPERM', 'EROFS', 'EACCES'].includes(error.code ?? '')) {
      throw error;
    }
  }
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
