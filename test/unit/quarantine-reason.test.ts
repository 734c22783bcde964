import { describe, expect, it } from 'vitest';
import { quarantineKind } from '../../domain/quarantine-reason';

describe('the kind of a quarantined document', () => {
  it('reads each reason the server writes as a kind a manager can act on', () => {
    const cases: [string, string, string][] = [
      ['fork', 'fork: this till database re-used sequence 4 for another event', 'fork'],
      ['refused', 'fork: this till database re-used sequence 4', 'fork'],
      // The row's kind decides, whatever the reason says.
      ['fork', 'journal: entry 5 does not match its hash', 'fork'],
      ['unauthenticated', 'journal: entry 5 does not match its hash', 'unauthenticated'],
      ['unauthenticated', 'unauthenticated: its MAC does not hold', 'unauthenticated'],
      ['refused', 'unauthenticated: its MAC does not hold', 'unauthenticated'],
      ['refused', 'journal: entries 3 to 4 are missing', 'journal'],
      ['refused', 'journal: entry 5 does not match its hash', 'journal'],
      ['refused', 'duplicate: ticket 0191 is already booked', 'duplicate'],
      ['refused', 'ticket 12: its total is not the sum of its lines', 'ticket'],
      ['refused', 'ticket -3: a refund of more than was sold', 'ticket'],
      ['refused', 'sale: the document is a refund', 'ticket'],
      ['refused', 'refund: the document is not one a till writes (x)', 'ticket'],
      ['refused', 'session_open: session s1 is already open', 'session'],
      ['refused', 'z_report: its totals are not those of the books', 'session'],
      ['refused', 'malformed: the payload is not a journal entry', 'malformed'],
      ['refused', 'cash_move: not a document type a till journals', 'malformed'],
      ['refused', 'a ticket 12: said otherwise', 'malformed'],
      ['refused', 'my journal: not at the start', 'malformed'],
      ['refused', 'the z_report: not at the start', 'malformed'],
    ];
    for (const [kind, reason, expected] of cases) {
      expect(quarantineKind({ kind, reason }), reason).toBe(expected);
    }
  });
});
