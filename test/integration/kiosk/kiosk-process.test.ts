import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { startTill } from '../../../main/index';
import { exited } from '../../support/server-process';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let dir: string;
let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  // A failed test must not leave a till holding its database.
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('npm run kiosk prints its address, answers, and stops on SIGTERM with exit 0', async () => {
  dir = mkdtempSync(join(tmpdir(), 'emm-kiosk-process-'));
  const dbPath = join(dir, 'till.db');
  const sim = Object.fromEntries(
    ['SCANNER', 'PRINTER', 'DRAWER', 'SCALE', 'DISPLAY'].map((kind) => [`EMM_${kind}`, 'sim']),
  );
  child = spawn('npm', ['run', '-s', 'kiosk'], {
    cwd: ROOT,
    env: { ...process.env, ...sim, EMM_DB: dbPath, PORT: '' },
    stdio: 'pipe',
  });
  const kiosk = child;
  let stdout = '';
  let stderr = '';
  kiosk.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    kiosk.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^Till ready: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,})\n/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    kiosk.once('exit', (code) => reject(new Error(`kiosk exited (${code}): ${stdout}${stderr}`)));
  });

  // The address printed opens the page: its token becomes a cookie, and the page loads with it.
  const first = await fetch(url, { redirect: 'manual' });
  expect(first.status).toBe(303);
  const { origin } = new URL(url);
  const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
  const page = await fetch(`${origin}/`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const devices = await fetch(`${origin}/api/devices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${new URL(url).searchParams.get('token')}` },
  });
  const listed = (await devices.json()) as { ok: boolean; value: { state: string }[] };
  expect(listed.ok).toBe(true);
  expect(listed.value).toHaveLength(5);
  expect((await fetch(`${origin}/api/devices`, { method: 'POST' })).status).toBe(401);

  kiosk.kill('SIGTERM');
  expect(await exited(kiosk)).toBe(0);
  expect(stdout.trim().split('\n')).toHaveLength(1);
  expect(stderr).toBe('');
  // The database was closed and its lock released: a selling till can take it again.
  const again = startTill({ dbPath, devices: false, exclusive: true });
  await again.stop();
}, 120_000);
