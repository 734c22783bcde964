import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTillError } from '../../../domain/errors';
import { startTill } from '../../../main/index';
import { runCli } from '../../../main/cli/till';

let dir: string;
let dbPath: string;
const cleanups: (() => Promise<void> | void)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emm-lock-'));
  dbPath = join(dir, 'till.db');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function refusalOf(start: () => unknown): { code: string; message: string } {
  try {
    start();
  } catch (error) {
    if (isTillError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the second till started');
}

/** A till in a process of its own, ready once it holds the database. */
function tillProcess(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./child.ts', import.meta.url)), dbPath],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: fileURLToPath(new URL('../../..', import.meta.url)) },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('READY\n')) resolve(child);
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => reject(new Error(`the till stopped (${code}): ${err}`)));
  });
}

describe('one till per database', () => {
  it('refuses a second till on a database a running till holds, naming it', async () => {
    const first = startTill({ dbPath, exclusive: true });
    cleanups.push(() => first.stop());
    const refused = refusalOf(() => startTill({ dbPath, exclusive: true }));
    expect(refused.code).toBe('till.already_running');
    expect(refused.message).toBe(
      `Another till is running on ${dbPath} (it holds ${dbPath}-lock): stop it before starting this one`,
    );
    // A till that drives the devices and prints is a selling till: refused the same way.
    expect(refusalOf(() => startTill({ dbPath, devices: true })).code).toBe('till.already_running');
    // So is one that syncs with the server: two would push one outbox.
    expect(refusalOf(() => startTill({ dbPath, sync: true })).code).toBe('till.already_running');
    // A device test beside the running till leaves its print queue to it, and may run.
    const deviceTest = startTill({ dbPath, devices: true, printQueue: false });
    await deviceTest.stop();
    // The command line's read-only work still runs beside it.
    const out: string[] = [];
    expect(await runCli(['verify-journal', '--db', dbPath], (line) => out.push(line))).toBe(0);
    // Once the first till stops, another may start.
    await first.stop();
    const next = startTill({ dbPath, exclusive: true });
    await next.stop();
  });

  it('is held by a till in another process, and freed when that process is killed', async () => {
    const child = await tillProcess();
    let exited = false;
    child.on('exit', () => (exited = true));
    cleanups.push(() => {
      if (!exited) child.kill('SIGKILL');
    });
    expect(refusalOf(() => startTill({ dbPath, exclusive: true })).code).toBe(
      'till.already_running',
    );
    await new Promise<void>((resolve) => {
      child.on('exit', () => resolve());
      child.kill('SIGKILL');
    });
    // A crash leaves nothing locked.
    const after = startTill({ dbPath, exclusive: true });
    await after.stop();
  });
});
