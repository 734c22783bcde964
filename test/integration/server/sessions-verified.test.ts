import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import {
  openTill,
  outboxEvents,
  rechain,
  sellMilk,
  withFreshIds,
  type WireEvent,
} from '../../support/sync';

type Row = Record<string, number>;

/** Issue 19, case 3: the server keeps a session's documents only when its books say the same. */
describe.each(STORES)('session documents checked against the books on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;
  let day: WireEvent[];

  beforeAll(async () => {
    server = await startTestServer(kind);
    t = createTestTill();
    openTill(t);
    sellMilk(t, 2);
    sellMilk(t, 3);
    t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
    t.till.closeSession({ counts: { '2000': 5 } });
    day = outboxEvents(t.db); // session_open, 2 sales, z_report
  });
  afterAll(async () => {
    t.close();
    await server.close();
  });

  async function pushAs(name: string, events: WireEvent[]) {
    const { tillId, response } = await server.pushAsNewTill(name, events);
    const sessions = await server.app.inject({
      method: 'GET',
      url: `/v1/admin/sessions?tillId=${tillId}`,
      headers: server.admin,
    });
    return {
      answer: response.json(),
      sessions: sessions.json<{ closedAt: string | null; zReport: unknown }[]>(),
    };
  }

  it('keeps the genuine Z report', async () => {
    expect(day.map((event) => event.type)).toEqual(['session_open', 'sale', 'sale', 'z_report']);
    const result = await pushAs('genuine', withFreshIds(day));
    expect(result.answer).toEqual({ ackedSeq: 4, rejected: [] });
    expect(result.sessions).toHaveLength(1);
    expect(result.sessions[0]?.closedAt).not.toBeNull();
  });

  it('refuses a Z report with doubled VAT, payments and totals, correctly chained', async () => {
    const events = withFreshIds(day);
    const z = events[3] as WireEvent;
    const report = structuredClone(z.payload.document.report) as Record<string, unknown>;
    const double = (value: unknown) => (typeof value === 'number' ? value * 2 : value);
    for (const key of ['paymentsTotal', 'cashReceived', 'cashNet', 'grandTotalAfter'])
      report[key] = double(report[key]);
    report.totals = Object.fromEntries(
      Object.entries(report.totals as Row).map(([key, value]) => [key, value * 2]),
    );
    for (const key of ['vat', 'salesVat', 'byMethod'])
      report[key] = (report[key] as Row[]).map((row) => ({
        ...row,
        ...(row.gross === undefined
          ? {}
          : { gross: row.gross * 2, vat: (row.vat ?? 0) * 2, net: (row.net ?? 0) * 2 }),
        ...(row.amount === undefined ? {} : { amount: row.amount * 2 }),
      }));
    const forged = { ...z, payload: { ...z.payload, document: { ...z.payload.document, report } } };
    const result = await pushAs('doubled', rechain([...events.slice(0, 3), forged]));
    expect(result.answer).toEqual({
      ackedSeq: 4,
      rejected: [{ id: z.id, seq: 4, reason: expect.stringMatching(/^z_report: its totals/) }],
    });
    // The session stays open on the server: nothing of the forged Z is served.
    expect(result.sessions).toEqual([expect.objectContaining({ closedAt: null, zReport: null })]);
  });

  it('refuses a session opened with a float that is not its count, and a session opened twice', async () => {
    const events = withFreshIds(day);
    const open = events[0] as WireEvent;
    const padded = {
      ...open,
      payload: { ...open.payload, document: { ...open.payload.document, openingFloat: 99_999 } },
    };
    const result = await pushAs('padded float', rechain([padded]));
    expect(result.answer).toEqual({
      ackedSeq: 1,
      rejected: [
        {
          id: open.id,
          seq: 1,
          reason: expect.stringMatching(
            /^session_open: an opening float of 99999 is not the 10000 counted/,
          ),
        },
      ],
    });
    const twice = withFreshIds([open, open]).map((event, index) => ({ ...event, seq: index + 1 }));
    const again = await pushAs('opened twice', rechain(twice));
    expect(again.answer).toEqual({
      ackedSeq: 2,
      rejected: [{ id: twice[1]?.id, seq: 2, reason: expect.stringMatching(/already open/) }],
    });
  });
});
