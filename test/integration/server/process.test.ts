import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { bundleServer, exited, startServerProcess } from '../../support/server-process';
import { createTestTill } from '../../support/till';
import { openTill, outboxEvents, sellMilk, signEvents } from '../../support/sync';
import { tillInstance } from '../../../db/outbox';

/** The server as an admin runs it: `npm run server` with nothing but a folder (embedded store). */
describe('the server process on its embedded store', () => {
  let bundle: string;
  let dataDir: string;
  beforeAll(async () => {
    bundle = await bundleServer();
    dataDir = mkdtempSync(join(tmpdir(), 'emm-server-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(bundle, { force: true });
  });

  it('starts with no set-up, prints the admin token once, refuses a second process and finishes a push on SIGTERM', async () => {
    const first = await startServerProcess(bundle, { DATA_DIR: dataDir });
    const token = /Admin token \(shown once[^\n]*\n\s+(\S+)/.exec(first.output())?.[1] as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(await (await fetch(`${first.url}/health`)).json()).toEqual({ ok: true });
    expect((await fetch(`${first.url}/ready`)).status).toBe(200);
    expect((await fetch(`${first.url}/v1/admin/tills`)).status).toBe(401);
    const created = await fetch(`${first.url}/v1/admin/tills`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Caisse 1' }),
    });
    expect(created.status).toBe(201);
    expect(first.output()).not.toContain(
      ((await created.json()) as { enrolmentCode: string }).enrolmentCode,
    );
    // The command line may not open the embedded database while the server has it.
    const cli = spawnSync(process.execPath, [bundle, 'create-till', 'Caisse 2'], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/in use by process/);
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    // Restarted: the same admin token works, and no new one is printed.
    const second = await startServerProcess(bundle, { DATA_DIR: dataDir });
    const till = createTestTill();
    try {
      expect(second.output()).not.toContain('Admin token');
      const tills = await fetch(`${second.url}/v1/admin/tills`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(((await tills.json()) as { name: string }[]).map((row) => row.name)).toEqual([
        'Caisse 1',
      ]);
      // SIGTERM while a push is in flight: the push is finished and answered, then the server exits.
      const { enrolmentCode } = (await (
        await fetch(`${second.url}/v1/admin/tills`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Caisse 3' }),
        })
      ).json()) as { enrolmentCode: string };
      const enrolled = await fetch(`${second.url}/v1/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: enrolmentCode }),
      });
      const { token: tillToken, macKey } = (await enrolled.json()) as {
        token: string;
        macKey: string;
      };
      openTill(till);
      for (let i = 0; i < 300; i += 1) sellMilk(till, 1);
      const pushing = fetch(`${second.url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tillToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          instance: tillInstance(till.db),
          events: signEvents(outboxEvents(till.db), tillInstance(till.db), macKey),
        }),
      });
      while (!/"url":"\/v1\/sync\/push"[^\n]*"msg":"incoming request"/.test(second.output())) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      second.child.kill('SIGTERM');
      const answer = await pushing;
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { ackedSeq: number }).ackedSeq).toBe(301);
      expect(await exited(second.child)).toBe(0);
    } finally {
      till.close();
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
    // Stopped: the command line may use the database.
    const after = spawnSync(process.execPath, [bundle, 'create-till', 'Caisse 2'], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(after.stdout).toMatch(
      /Enrolment code \(once, until [^)]+\): [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/,
    );
    expect(after.status).toBe(0);
  }, 180_000);
});
