/**
 * Why the server held a till's document back, as a kind a manager can act on: the server words
 * its reasons in English for the log; the back office says each kind, and what to do, in the
 * person's language, with the server's own words kept beside it as the detail.
 */
export const QUARANTINE_KINDS = [
  'fork',
  'unauthenticated',
  'journal',
  'duplicate',
  'ticket',
  'session',
  'malformed',
] as const;
export type QuarantineKind = (typeof QUARANTINE_KINDS)[number];

export function quarantineKind(row: { kind: string; reason: string }): QuarantineKind {
  if (row.kind === 'fork' || row.reason.startsWith('fork:')) return 'fork';
  if (row.kind === 'unauthenticated' || row.reason.startsWith('unauthenticated:'))
    return 'unauthenticated';
  if (row.reason.startsWith('journal:')) return 'journal';
  if (row.reason.startsWith('duplicate:')) return 'duplicate';
  if (/^(ticket -?\d+|sale|refund):/.test(row.reason)) return 'ticket';
  if (/^(session_open|z_report):/.test(row.reason)) return 'session';
  return 'malformed';
}
