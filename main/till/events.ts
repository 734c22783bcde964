import type { TicketView } from './ticket-view';

/**
 * What the till tells the rest of the main process (devices, the renderer) once a change has
 * committed: a listener never sees a change that was rolled back, and can never undo one.
 */
export type TillEvent =
  | { type: 'ticket_changed'; ticket: TicketView }
  | { type: 'ticket_paid'; ticket: TicketView; cashPaid: boolean }
  | { type: 'ticket_cancelled'; ticketId: string }
  | { type: 'drawer_opened'; reason: 'no_sale'; by: number }
  | { type: 'session_closed'; sessionId: string }
  /** The clock went back against the journal's last entry: a manager should look at it. */
  | { type: 'clock_stepped_back'; from: string; to: string; stepSeconds: number };

export type TillEventListener = (event: TillEvent) => void;
