import { describe, expect, it } from 'vitest';
import {
  LEGACY_INSTANCE,
  enrolAnswerSchema,
  forkAnswerSchema,
  issuesInWords,
  macMessage,
  pullPageSchema,
  pushAnswerSchema,
  pushBodySchema,
  pushEnvelopeSchema,
  uuidSchema,
} from '../../domain/sync-wire';

const event = {
  id: '0190A0A0-0000-7000-8000-000000000001',
  seq: 1,
  type: 'sale',
  createdAt: '2026-03-02T08:00:00.000Z',
  payload: { journalSeq: 1, hash: 'a'.repeat(64), document: { b: 2, a: 1 } },
};

describe('the push messages', () => {
  it('reads a UUID in any case as lower case, the nil one too, and nothing else', () => {
    expect(uuidSchema.parse('0190A0A0-0000-7000-8000-00000000ABCD')).toBe(
      '0190a0a0-0000-7000-8000-00000000abcd',
    );
    expect(uuidSchema.parse(LEGACY_INSTANCE)).toBe('00000000-0000-0000-0000-000000000000');
    for (const wrong of [
      '',
      'not-a-uuid',
      '0190a0a0-0000-7000-8000-00000000abc',
      `x${LEGACY_INSTANCE}`,
    ])
      expect(uuidSchema.safeParse(wrong).success, wrong).toBe(false);
  });

  it('takes a push with no instance as from the legacy one, and refuses unknown fields', () => {
    const body = pushBodySchema.parse({ events: [event] });
    expect(body.instance).toBe(LEGACY_INSTANCE);
    expect(body.events[0]?.id).toBe('0190a0a0-0000-7000-8000-000000000001');
    expect(pushBodySchema.safeParse({ events: [{ ...event, extra: 1 }] }).success).toBe(false);
    expect(pushBodySchema.safeParse({ events: [{ ...event, mac: 'f'.repeat(64) }] }).success).toBe(
      true,
    );
    expect(pushBodySchema.safeParse({ events: [{ ...event, mac: 'F'.repeat(64) }] }).success).toBe(
      false,
    );
  });

  it('places an event by its seq and id alone, keeping the rest as sent', () => {
    const envelope = pushEnvelopeSchema.parse({
      events: [{ id: 'x', seq: 3, type: 'Sale', extra: true }],
    });
    expect(envelope.events).toEqual([{ id: 'x', seq: 3, type: 'Sale', extra: true }]);
    for (const wrong of [
      { id: '', seq: 1 },
      { id: 'x', seq: 0 },
      { id: 'x', seq: 2 ** 31 },
      { seq: 1 },
    ])
      expect(pushEnvelopeSchema.safeParse({ events: [wrong] }).success, JSON.stringify(wrong)).toBe(
        false,
      );
    expect(pushEnvelopeSchema.safeParse({ events: [], more: 1 }).success).toBe(false);
  });

  it('reads an answer whose rejections name events by id', () => {
    expect(
      pushAnswerSchema.parse({ ackedSeq: 3, rejected: [{ id: 'x', seq: 2, reason: 'r' }] }),
    ).toEqual({ ackedSeq: 3, rejected: [{ id: 'x', seq: 2, reason: 'r' }] });
    expect(pushAnswerSchema.safeParse({ ackedSeq: -1, rejected: [] }).success).toBe(false);
    expect(pushAnswerSchema.safeParse({ ackedSeq: 1 }).success).toBe(false);
  });
});

describe("an event's MAC message", () => {
  it('is the canonical JSON of the instance and the event without its MAC', () => {
    expect(macMessage('ABC', { seq: 1, id: 'e', mac: 'm' })).toBe(
      '{"event":{"id":"e","seq":1},"instance":"abc"}',
    );
    expect(macMessage('abc', { ...event, mac: 'one' })).toBe(
      macMessage('ABC', { ...event, mac: 'other' }),
    );
    expect(macMessage('abc', event)).not.toBe(macMessage('abd', event));
    expect(macMessage('abc', event)).not.toBe(macMessage('abc', { ...event, seq: 2 }));
  });
});

describe('problems in words', () => {
  it('names each problem by its path, five at most, then how many more', () => {
    const one = pushAnswerSchema.safeParse({ ackedSeq: 'x', rejected: [] });
    expect(one.success || issuesInWords(one.error)).toMatch(/^ackedSeq: .+$/);
    const rootProblem = pushAnswerSchema.safeParse(null);
    expect(rootProblem.success || issuesInWords(rootProblem.error)).not.toMatch(/^: /);
    const many = pullPageSchema.safeParse({
      cursor: 1,
      more: 1,
      changes: { taxRates: 1, categories: 1, settings: 1, users: 1, products: 1, members: 1 },
    });
    expect(many.success).toBe(false);
    if (!many.success) {
      expect(many.error.issues).toHaveLength(8);
      const words = issuesInWords(many.error);
      expect(words.split('; ')).toHaveLength(6);
      expect(words).toMatch(/; and 3 more$/);
      expect(issuesInWords(many.error, 8)).not.toMatch(/and \d+ more$/);
      expect(issuesInWords(many.error, 7)).toMatch(/; and 1 more$/);
    }
  });
});

describe('the pull page, the enrolment and the fork answers', () => {
  const page = {
    cursor: '1.2.3.4.5.6.7',
    more: false,
    changes: {
      taxRates: [{ id: 1, name: '6 %', rateBp: 600, deleted: false }],
      categories: [{ id: 1, name: 'Fruits', nameNl: null, deleted: false }],
      settings: [{ key: 'k', value: { a: [1, 'b', null] }, deleted: false }],
      users: [
        {
          id: 1,
          name: 'Camille',
          role: 'cashier',
          pinHash: 'scrypt$x',
          active: true,
          deleted: false,
        },
        {
          id: 2,
          name: 'Manon',
          role: 'manager',
          pinHash: 'scrypt$y',
          active: true,
          deleted: false,
        },
      ],
      products: [
        {
          id: 4,
          name: 'Fromage',
          nameNl: 'Kaas',
          categoryId: null,
          taxRateId: 1,
          price: 2990,
          unit: 'kg',
          active: true,
          barcodes: ['2300004000003'],
          deleted: false,
        },
        {
          id: 5,
          name: 'Lait',
          nameNl: null,
          categoryId: 1,
          taxRateId: 1,
          price: 129,
          unit: 'piece',
          active: false,
          barcodes: [],
          deleted: true,
        },
      ],
      members: [
        {
          id: 1,
          number: '1001',
          name: 'Anne',
          cardBarcode: null,
          status: 'ok',
          eaters: 2,
          mayShopOverride: false,
          eaterNames: ['Jan'],
          memberOf: null,
          deleted: false,
        },
      ],
      memberStatuses: [
        {
          code: 'ok',
          labels: { 'fr-BE': 'ok', 'nl-BE': 'ok', en: 'ok' },
          mayShop: true,
          block: null,
          deleted: false,
        },
        {
          code: 'x',
          labels: { 'fr-BE': 'x', 'nl-BE': 'x', en: 'x' },
          mayShop: false,
          block: 'soft',
          deleted: false,
        },
        {
          code: 'y',
          labels: { 'fr-BE': 'y', 'nl-BE': 'y', en: 'y' },
          mayShop: false,
          block: 'hard',
          deleted: false,
        },
      ],
    },
  };

  it('reads a page as sent, with or without member statuses', () => {
    expect(pullPageSchema.parse(page)).toEqual(page);
    const older = { ...page.changes, memberStatuses: undefined };
    expect(pullPageSchema.parse({ ...page, changes: older }).changes).toEqual(older);
  });

  it("keeps a person's badge and language, and takes a user without them", () => {
    const person = { ...page.changes.users[0], badge: '0410000000017', locale: 'nl-BE' };
    const read = pullPageSchema.parse({ ...page, changes: { ...page.changes, users: [person] } });
    expect(read.changes.users[0]).toEqual(person);
    const unbadged = { ...person, badge: null, locale: null };
    const again = pullPageSchema.parse({
      ...page,
      changes: { ...page.changes, users: [unbadged] },
    });
    expect(again.changes.users[0]).toEqual(unbadged);
  });

  it('refuses a page with any row of another shape', () => {
    const corrupt = (table: keyof typeof page.changes, index: number, change: object) => {
      const rows = page.changes[table].map((row, at) =>
        at === index ? { ...row, ...change } : row,
      );
      return pullPageSchema.safeParse({ ...page, changes: { ...page.changes, [table]: rows } })
        .success;
    };
    const cases: [keyof typeof page.changes, number, object][] = [
      ['taxRates', 0, { rateBp: '600' }],
      ['taxRates', 0, { id: 1.5 }],
      ['categories', 0, { nameNl: 3 }],
      ['settings', 0, { deleted: 'no' }],
      ['settings', 0, { key: 1 }],
      ['users', 0, { role: 'admin' }],
      ['users', 0, { role: '' }],
      ['users', 1, { pinHash: null }],
      ['users', 0, { locale: 'de' }],
      ['users', 0, { badge: 410000000017 }],
      ['products', 0, { unit: 'litre' }],
      ['products', 0, { unit: '' }],
      ['products', 1, { barcodes: [1] }],
      ['products', 0, { price: '29.90' }],
      ['members', 0, { eaterNames: 'Jan' }],
      ['members', 0, { memberOf: '2' }],
      ['memberStatuses', 0, { labels: { 'fr-BE': 'ok' } }],
      ['memberStatuses', 1, { block: 'maybe' }],
      ['memberStatuses', 1, { block: '' }],
    ];
    for (const [table, index, change] of cases)
      expect(corrupt(table, index, change), `${table} ${JSON.stringify(change)}`).toBe(false);
  });

  it('reads the enrolment answer with its token and MAC key, and the fork answer', () => {
    const enrolled = { tillId: 1, name: 'Caisse 1', token: 't'.repeat(16), macKey: 'k'.repeat(32) };
    expect(enrolAnswerSchema.parse(enrolled)).toEqual(enrolled);
    expect(enrolAnswerSchema.safeParse({ ...enrolled, token: 't'.repeat(15) }).success).toBe(false);
    expect(enrolAnswerSchema.safeParse({ ...enrolled, macKey: 'k'.repeat(31) }).success).toBe(
      false,
    );
    expect(enrolAnswerSchema.safeParse({ ...enrolled, tillId: '1' }).success).toBe(false);
    const fork = { error: 'words', fork: { instance: LEGACY_INSTANCE, fromSeq: 5 } };
    expect(forkAnswerSchema.parse(fork)).toEqual(fork);
    expect(
      forkAnswerSchema.safeParse({ ...fork, fork: { ...fork.fork, fromSeq: 0 } }).success,
    ).toBe(false);
    expect(
      forkAnswerSchema.safeParse({ ...fork, fork: { instance: 'x', fromSeq: 5 } }).success,
    ).toBe(false);
    expect(forkAnswerSchema.safeParse({ error: 'words' }).success).toBe(false);
  });

  it('anchors every pattern: nothing before or after a type, a MAC or a UUID', () => {
    const pushed = (change: object) =>
      pushBodySchema.safeParse({ events: [{ ...event, ...change }] }).success;
    expect(pushed({ type: 'Sale' })).toBe(false);
    expect(pushed({ type: 'sale!' })).toBe(false);
    expect(pushed({ type: '!sale' })).toBe(false);
    expect(pushed({ mac: `x${'f'.repeat(64)}` })).toBe(false);
    expect(pushed({ mac: `${'f'.repeat(64)}x` })).toBe(false);
    expect(pushed({ id: `${event.id}0` })).toBe(false);
    expect(pushed({ seq: 0 })).toBe(false);
    expect(pushed({ seq: 2 })).toBe(true);
    const wrongUuid = uuidSchema.safeParse('nope');
    expect(wrongUuid.success || wrongUuid.error.issues[0]?.message).toBe('a UUID');
  });

  it('joins a nested path with dots, and lists problems with "; "', () => {
    const nested = pushBodySchema.safeParse({ events: [{ ...event, seq: 'x', type: 1 }] });
    expect(nested.success || issuesInWords(nested.error)).toMatch(
      /^events\.0\.seq: [^;]+; events\.0\.type: /,
    );
  });
});
