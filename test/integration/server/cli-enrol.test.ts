import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSetting } from '../../../db/settings';
import { runCli } from '../../../main/cli/till';
import { createTill } from '../../../server/tills';
import { createTestTill, type TestTill } from '../../support/till';
import { startTestServer, type TestServer } from '../../support/server';

/** `till enrol URL CODE`: a write command of the command line, on a till's database file. */
describe('till enrol', () => {
  let server: TestServer;
  let t: TestTill;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    t = createTestTill();
  });
  afterAll(async () => {
    t.close();
    await server.close();
  });

  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    t.db.close();
    const code = await runCli(
      [...args, '--db', t.path],
      (line) => out.push(line),
      (line) => err.push(line),
    );
    t.reopen();
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('enrols with the code once, keeps the address and token, and says what is missing', async () => {
    const missing = await cli('enrol', server.url);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/enrol needs the server's address and the enrolment code/);

    const { till, enrolmentCode } = await createTill(server.store, 'Caisse 2', new Date());
    const enrolled = await cli('enrol', server.url, enrolmentCode);
    expect(enrolled).toMatchObject({ code: 0, err: '' });
    expect(enrolled.out).toBe(`Enrolled as till ${till.id} "Caisse 2" with ${server.url}`);
    expect(getSetting(t.db, 'sync.server')).toBe(server.url);
    expect(getSetting(t.db, 'sync.token', z.string())).toMatch(/.{20,}/);
    // The token is never printed.
    expect(enrolled.out).not.toContain(getSetting(t.db, 'sync.token', z.string()));

    const again = await cli('enrol', server.url, enrolmentCode);
    expect(again.code).toBe(1);
    expect(again.err).not.toBe('');
  });
});
