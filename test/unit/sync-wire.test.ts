import { describe, expect, it } from 'vitest';
import {
  LEGACY_INSTANCE,
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
