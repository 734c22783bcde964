import type { TillBridge, TillEventMessage, TillEventName, TillEvents } from '../../main/api';
import { createApprovalStore, type ApprovalStore } from './approval';
import { createAuthStore, type AuthStore } from './auth';
import { createBannerStore, type BannerStore } from './banners';
import { createCall, type Call } from './call';
import { createSearchStore, type SearchStore } from './search';
import { createSessionStore, type SessionStore } from './session';
import { createStatusStore, type StatusStore } from './status';
import { createTicketStore, type TicketStore } from './ticket';

/** Every store of the screens, made over one bridge (a fake one in tests). */
export interface Stores {
  call: Call;
  banners: BannerStore;
  approvals: ApprovalStore;
  auth: AuthStore;
  session: SessionStore;
  ticket: TicketStore;
  search: SearchStore;
  status: StatusStore;
  /** Asks the till for everything once and follows its events; returns the way to stop. */
  start(): () => void;
}

export function createStores(bridge: TillBridge): Stores {
  const banners = createBannerStore();
  const approvals = createApprovalStore();
  const call = createCall(bridge, banners, () => void auth.getState().load());
  const auth = createAuthStore(call);
  const session = createSessionStore(call);
  const ticket = createTicketStore({ call, approvals, banners });
  const search = createSearchStore(call);
  const status = createStatusStore(call);

  // What was said to one cashier is not left for the next.
  auth.subscribe((state, before) => {
    if (before.user !== null && state.user === null) banners.getState().clear();
  });

  const refreshSignedIn = async () => {
    await auth.getState().load();
    if (auth.getState().user) {
      await Promise.all([session.getState().refresh(), ticket.getState().refresh()]);
    }
  };

  const on: { [E in TillEventName]?: (payload: TillEvents[E]) => void } = {
    ticket_changed: ({ ticket: changed }) => ticket.getState().changed(changed),
    ticket_paid: ({ ticket: paid }) => ticket.getState().wasPaid(paid),
    ticket_cancelled: ({ ticketId }) => ticket.getState().wasCancelled(ticketId),
    scan_refused: ({ code, message }) =>
      banners.getState().push('error', { error: { code, message, values: {} } }),
    session_opened: () => void session.getState().refresh(),
    session_closed: () => void session.getState().refresh(),
    signed_in: () => void refreshSignedIn(),
    device_status: (device) => status.getState().deviceChanged(device),
    sync_status: (sync) => status.getState().syncChanged(sync),
    print_queue: (counts) => status.getState().printQueueChanged(counts),
    training_changed: ({ active }) => status.getState().trainingChanged(active),
  };

  function follow<E extends TillEventName>(message: TillEventMessage<E>): void {
    (on[message.event] as ((payload: TillEvents[E]) => void) | undefined)?.(message.payload);
  }

  return {
    call,
    banners,
    approvals,
    auth,
    session,
    ticket,
    search,
    status,
    start() {
      const stop = bridge.subscribe(follow);
      void refreshSignedIn();
      void status.getState().refresh();
      return stop;
    },
  };
}
