import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { acquireTillLock } from '../../db/till-lock';
import { findUserByName } from '../../db/users';
import { DEMO_BARCODES } from '../../db/demo-catalog';
import { startTill } from '../../main/index';

/**
 * The till's files are its own account's alone: a local account on the same machine reads
 * neither the journal, nor the members, nor the PINs' hashes (to try PINs offline).
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emm-modes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe("the till's files", () => {
  it('makes its folder 0700, and the database, its WAL, shared memory and lock 0600', async () => {
    const dbPath = join(dir, 'var', 'till', 'till.db');
    const running = startTill({ dbPath, devices: false, exclusive: true });
    try {
      const cashier = findUserByName(running.db, 'Camille');
      if (!cashier) throw new Error('The demo has no Camille');
      running.till.signIn({ userId: cashier.id, pin: '1234' });
      running.till.openSession({ counts: { '1000': 1 } });
      running.till.addProduct({ productId: DEMO_BARCODES.piece.id });
      running.till.pay({ payments: [{ method: 'card', amount: DEMO_BARCODES.piece.price }] });
      expect(mode(join(dir, 'var'))).toBe(0o700);
      expect(mode(join(dir, 'var', 'till'))).toBe(0o700);
      for (const file of ['till.db', 'till.db-wal', 'till.db-shm', 'till.db-lock']) {
        const path = join(dir, 'var', 'till', file);
        expect(existsSync(path), file).toBe(true);
        expect(mode(path), file).toBe(0o600);
      }
    } finally {
      await running.stop();
    }
  });

  it('closes up a database and a lock an older till left readable by all', () => {
    const dbPath = join(dir, 'till.db');
    openDatabase(dbPath).close();
    const lock = acquireTillLock(dbPath);
    lock.release();
    chmodSync(dbPath, 0o644);
    chmodSync(`${dbPath}-lock`, 0o644);
    acquireTillLock(dbPath).release();
    const db = openDatabase(dbPath);
    try {
      expect(mode(dbPath)).toBe(0o600);
      expect(mode(`${dbPath}-lock`)).toBe(0o600);
      expect(mode(`${dbPath}-wal`)).toBe(0o600);
    } finally {
      db.close();
    }
  });

  it('leaves a folder it did not make as it is', () => {
    const shared = join(dir, 'shared');
    mkdirSync(shared, { mode: 0o755 });
    chmodSync(shared, 0o755);
    openDatabase(join(shared, 'till.db')).close();
    expect(mode(shared)).toBe(0o755);
    expect(mode(join(shared, 'till.db'))).toBe(0o600);
  });
});
