import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { runServerCli } from '../../../server/main';
import { openPgliteStore } from '../../../server/store';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe.each(STORES)('people on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.close();
  });
  const asAdmin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    server.app.inject({
      method,
      url: `/v1/people${url}`,
      headers: server.admin,
      ...(payload ? { payload } : {}),
    });

  it('creates, lists and edits people, keeping only argon2id hashes and every change with who and when', async () => {
    const created = await asAdmin('POST', '/', {
      name: 'Anne Peeters',
      roles: ['manager', 'cashier'],
      locale: 'nl-BE',
      badge: '0410000000017',
      pin: '246813',
      password: 'correct horse battery',
    });
    expect(created.statusCode).toBe(201);
    const anne = created.json<{ id: number }>();
    expect(anne).toMatchObject({
      name: 'Anne Peeters',
      roles: ['manager', 'cashier'],
      locale: 'nl-BE',
      badge: '0410000000017',
      hasPin: true,
      hasPassword: true,
      disabledAt: null,
    });
    const [stored] = await server.store.query<{ pin_hash: string; password_hash: string }>(
      'SELECT pin_hash, password_hash FROM people WHERE id = $1',
      [anne.id],
    );
    expect(stored?.pin_hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(stored?.password_hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(JSON.stringify(stored)).not.toContain('246813');

    const edited = await asAdmin('PATCH', `/${anne.id}`, {
      roles: ['stock'],
      locale: 'en',
      badge: '0410000000024',
      pin: '1357',
      password: null,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      roles: ['stock'],
      locale: 'en',
      badge: '0410000000024',
      hasPassword: false,
    });
    const disabled = await asAdmin('PATCH', `/${anne.id}`, { disabled: true });
    expect(disabled.json<{ disabledAt: string }>().disabledAt).toMatch(/^\d{4}-/);

    const list = (await asAdmin('GET', '/')).json<{ name: string }[]>();
    expect(list.map((person) => person.name)).toContain('Anne Peeters');

    const changes = (await asAdmin('GET', `/${anne.id}/changes`)).json<
      { byOther: string; byPerson: number | null; at: string; change: object }[]
    >();
    expect(changes.map((c) => c.change)).toEqual([
      {
        created: true,
        name: 'Anne Peeters',
        roles: ['manager', 'cashier'],
        locale: 'nl-BE',
        badge: '0410000000017',
        pin: 'set',
        password: 'set',
      },
      { roles: ['stock'], locale: 'en', badge: '0410000000024', pin: 'set', password: 'removed' },
      { disabled: true },
    ]);
    for (const change of changes) {
      expect(change.byOther).toBe('admin_token');
      expect(change.byPerson).toBeNull();
      expect(Date.parse(change.at)).toBeGreaterThan(Date.now() - 60_000);
    }
  });

  it('refuses bad input in words and changes nothing', async () => {
    const before = await server.store.query('SELECT * FROM people ORDER BY id');
    const bad = [
      { name: '', roles: ['cashier'] },
      { name: 'Bob', roles: [] },
      { name: 'Bob', roles: ['boss'] },
      { name: 'Bob', roles: ['cashier'], pin: '12' },
      { name: 'Bob', roles: ['cashier'], pin: '12ab' },
      { name: 'Bob', roles: ['cashier'], password: 'short' },
      { name: 'Bob', roles: ['cashier'], locale: 'de' },
      { name: 'Bob', roles: ['cashier'], badge: 'no spaces' },
      { name: 'Bob', roles: ['cashier'], pinHash: 'x' },
    ];
    for (const payload of bad) {
      const response = await asAdmin('POST', '/', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json<{ error: string }>().error).toMatch(/^Bad request: /);
    }
    expect(
      (await asAdmin('POST', '/', { name: 'Bob', roles: ['cashier'], pin: '12' })).json(),
    ).toMatchObject({ problems: [{ path: 'pin', message: 'a PIN of 4 to 8 digits' }] });
    expect((await asAdmin('PATCH', '/1', {})).statusCode).toBe(400);
    expect((await asAdmin('PATCH', '/999', { locale: 'en' })).statusCode).toBe(404);
    // A name (whatever its case) or a badge already someone's.
    const name = await asAdmin('POST', '/', { name: 'ANNE PEETERS', roles: ['cashier'] });
    expect(name.statusCode).toBe(409);
    expect(name.json()).toEqual({ error: 'A person is already named "ANNE PEETERS"' });
    const badge = await asAdmin('POST', '/', {
      name: 'Bob',
      roles: ['cashier'],
      badge: '0410000000024',
    });
    expect(badge.statusCode).toBe(409);
    expect(badge.json()).toEqual({ error: 'The badge "0410000000024" is already someone\'s' });
    expect(await server.store.query('SELECT * FROM people ORDER BY id')).toEqual(before);
  });

  it('keeps one admin at least', async () => {
    const only = await asAdmin('POST', '/', {
      name: 'Only Admin',
      roles: ['admin'],
      password: 'the only admin here',
    });
    const { id } = only.json<{ id: number }>();
    for (const edit of [{ disabled: true }, { roles: ['manager'] }]) {
      const refused = await asAdmin('PATCH', `/${id}`, edit);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toEqual({
        error: 'This is the last admin: make another person admin first',
      });
    }
    const second = await asAdmin('POST', '/', {
      name: 'Second Admin',
      roles: ['admin'],
      password: 'another admin here',
    });
    expect(second.statusCode).toBe(201);
    expect((await asAdmin('PATCH', `/${id}`, { roles: ['manager'] })).statusCode).toBe(200);
  });
});

describe('create-admin on the command line', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'emm-people-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('takes the password from ADMIN_PASSWORD or standard input, and refuses a short one or a taken name', async () => {
    const saved = { ...process.env };
    const out: string[] = [];
    const err: string[] = [];
    try {
      process.env.DATA_DIR = dataDir;
      process.env.ADMIN_PASSWORD = 'first admin password';
      delete process.env.DATABASE_URL;
      expect(
        await runServerCli(
          ['create-admin', 'Claire'],
          (l) => out.push(l),
          (l) => err.push(l),
        ),
      ).toBe(0);
      expect(out.join('\n')).toMatch(/Admin 1 "Claire" created/);
      expect(
        await runServerCli(
          ['create-admin', 'claire'],
          (l) => out.push(l),
          (l) => err.push(l),
        ),
      ).toBe(1);
      expect(err.at(-1)).toBe('A person is already named "claire"');
      process.env.ADMIN_PASSWORD = 'short';
      expect(
        await runServerCli(
          ['create-admin', 'Dirk'],
          (l) => out.push(l),
          (l) => err.push(l),
        ),
      ).toBe(1);
      expect(err.at(-1)).toMatch(/at least 10 characters/);
    } finally {
      process.env = saved;
    }
    // A script's way: the password on standard input.
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'server/main.ts'), 'create-admin', 'Els'],
      {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dataDir, ADMIN_PASSWORD: '' },
        input: 'password from stdin\n',
        encoding: 'utf8',
      },
    );
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toMatch(/Admin \d+ "Els" created/);
    const store = await openPgliteStore(join(dataDir, 'pglite'));
    try {
      const rows = await store.query<{ name: string; roles: string[]; by_other: string }>(
        `SELECT p.name, p.roles, c.by_other FROM people p JOIN people_changes c ON c.person_id = p.id ORDER BY p.id`,
      );
      expect(rows).toEqual([
        { name: 'Claire', roles: ['admin'], by_other: 'command_line' },
        { name: 'Els', roles: ['admin'], by_other: 'command_line' },
      ]);
    } finally {
      await store.close();
    }
  });
});
