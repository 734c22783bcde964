import { createHash, createHmac, randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { pendingOutbox } from '../../db/outbox';
import type { Db } from '../../db/open';
import { setSetting } from '../../db/settings';
import { macMessage } from '../../domain/sync-wire';
import { FIXTURE, type TestTill } from './till';

export interface WireEvent {
  id: string;
  seq: number;
  type: string;
  createdAt: string;
  payload: { journalSeq: number; hash: string; document: Record<string, unknown> };
}

/** The till's outbox as the sync client sends it. */
export function outboxEvents(db: Db, limit = 100_000): WireEvent[] {
  return pendingOutbox(db, limit).map((event) => ({
    id: event.id,
    seq: event.seq,
    type: event.type,
    createdAt: event.createdAt,
    payload: JSON.parse(event.payload) as WireEvent['payload'],
  }));
}

/** Signs in and opens a session. */
export function openTill(t: TestTill): void {
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  t.till.openSession({ counts: { '2000': 5 } });
}

/** Sells `pieces` bottles of milk (1.29 each) and pays by card. */
export function sellMilk(t: TestTill, pieces = 1): void {
  for (let i = 0; i < pieces; i += 1) t.till.addByBarcode({ code: FIXTURE.milk.code });
  t.till.pay({ payments: [{ method: 'card', amount: FIXTURE.milk.price * pieces }] });
  t.clock.advance(60_000);
}

export function pointTillAt(db: Db, url: string, token: string, macKey?: string): void {
  setSetting(db, 'sync.server', url);
  setSetting(db, 'sync.token', token);
  if (macKey !== undefined) setSetting(db, 'sync.mac_key', macKey);
}

/** The events with their MACs, as the sync client sends them for a till enrolled with a key. */
export function signEvents(
  events: WireEvent[],
  instance: string,
  macKey: string,
): (WireEvent & { mac: string })[] {
  return events.map((event) => ({
    ...event,
    mac: createHmac('sha256', macKey)
      .update(macMessage(instance, { ...event }))
      .digest('hex'),
  }));
}

/** The same events under new ids, as if a second till had sold the same (ids are server-wide). */
export function withFreshIds(events: WireEvent[]): WireEvent[] {
  return events.map((event) => ({ ...event, id: randomUUID() }));
}

/**
 * The events with their hashes recomputed in order from the chain's start, as a forger who knows
 * the chain would: each document then "continues the journal", and only its figures can tell.
 */
export function rechain(
  events: WireEvent[],
  start: { journalSeq: number; hash: string } = { journalSeq: 0, hash: '0'.repeat(64) },
): WireEvent[] {
  let previous = start.hash;
  return events.map((event, index) => {
    const hash = createHash('sha256')
      .update(previous)
      .update(canonicalize(event.payload.document) ?? '')
      .digest('hex');
    previous = hash;
    return {
      ...event,
      payload: { ...event.payload, journalSeq: start.journalSeq + index + 1, hash },
    };
  });
}
