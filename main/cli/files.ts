/**
 * The files a command line user names: resolved from the folder they started the command in, and
 * every problem with them told in one sentence naming the path, never as a stack trace.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TillError } from '../../domain/errors';

/**
 * `npm run` starts scripts in the project's folder; npm keeps the user's own in INIT_CWD. A
 * relative path is the user's, as in any command line.
 */
export function userPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.INIT_CWD ?? process.cwd(), path);
}

const REASONS: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'is not in a folder (a part of the path is a file)',
  EISDIR: 'is a folder, not a file',
  EACCES: 'cannot be accessed (permission denied)',
  EPERM: 'cannot be accessed (operation not permitted)',
  EROFS: 'is on a read-only disk',
  ENOSPC: 'cannot be written: the disk is full',
  SQLITE_NOTADB: 'is not a till database (not an SQLite file)',
  SQLITE_CANTOPEN: 'cannot be opened',
  SQLITE_READONLY: 'is read-only: the till cannot write to it',
  SQLITE_CORRUPT: 'is damaged (corrupt SQLite file)',
  SQLITE_BUSY: 'is busy: another program holds it',
};

/** What went wrong with a file, as a TillError, if it is a file problem; else undefined. */
export function fileProblem(error: unknown, path: string, what: string): TillError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const reason = REASONS[code] ?? REASONS[code.replace(/_[A-Z]+$/, '')];
  if (!reason) return undefined;
  return new TillError('file.unusable', `${what} ${path} ${reason}`, { path, reason: code });
}

export function readInputFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw fileProblem(error, path, 'The file') ?? error;
  }
}

export function writeOutputFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT')
      throw new TillError('file.unusable', `Cannot write ${path}: its folder does not exist`, {
        path,
      });
    throw fileProblem(error, path, 'The output file') ?? error;
  }
}

/** Refuses a database path that cannot be a till database, before SQLite makes sense of it. */
export function checkDbPath(path: string, mustExist: boolean): void {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ENOENT' || mustExist) throw fileProblem(error, path, 'The database') ?? error;
    try {
      statSync(resolve(path, '..'));
    } catch {
      throw new TillError(
        'file.unusable',
        `The database ${path} cannot be created: its folder does not exist`,
        { path },
      );
    }
    return;
  }
  if (stat.isDirectory())
    throw new TillError('file.unusable', `The database ${path} is a folder, not a file`, { path });
}
