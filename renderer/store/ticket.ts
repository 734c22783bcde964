import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Discount, Input, TicketView } from '../bridge/types';
import { callWithApproval, type ApprovalStore } from './approval';
import type { BannerStore } from './banners';
import type { Call } from './call';
import { createOperationAct } from './operation';

/** The ticket being rung up, the line the keypad acts on, and the sale just paid. */
export interface TicketState {
  ticket: TicketView | null;
  /** The line the keypad changes; the last line when none was picked. */
  selectedLineId: string | null;
  /** The sale just paid, shown with its change until the next scan. */
  paid: TicketView | null;
  /**
   * Codes scanned that the till has not answered yet: shown at once as lines being looked up, so
   * the cashier sees every scan land even while the till writes the one before.
   */
  pendingScans: readonly { id: number; code: string }[];
  /** A product sold by weight whose own barcode was scanned: the screen asks for its weight. */
  needsWeight: { id: number; name: string } | null;
  /** The screen asked for it. */
  weightAsked(): void;
  refresh(): Promise<void>;
  scan(code: string): Promise<boolean>;
  addProduct(productId: number, quantity?: number): Promise<boolean>;
  /** Reads the scale; the container's tare typed in grams or its label scanned. */
  weigh(
    productId: number,
    tare?: { tareGrams: number } | { tareBarcode: string },
  ): Promise<boolean>;
  selectLine(lineId: string | null): void;
  /** The line above (-1) or below (+1) the current one. */
  stepLine(step: -1 | 1): void;
  setQuantity(lineId: string, quantity: number): Promise<boolean>;
  setPrice(lineId: string, price: number): Promise<boolean>;
  setLineDiscount(lineId: string, discount: Discount | null): Promise<boolean>;
  setTicketDiscount(discount: Discount | null): Promise<boolean>;
  removeLine(lineId: string): Promise<boolean>;
  attachMember(input: Input<'attachMember'>): Promise<boolean>;
  detachMember(): Promise<boolean>;
  cancel(): Promise<boolean>;
  pay(payments: Input<'pay'>['payments']): Promise<boolean>;
  reprint(ticketNumber: number): Promise<boolean>;
  /** From the till's events: a change made elsewhere (a serial scanner, another window). */
  changed(ticket: TicketView): void;
  wasPaid(ticket: TicketView): void;
  wasCancelled(ticketId: string): void;
  /** Back to an empty ticket after a sale. */
  dismissPaid(): void;
}

export type TicketStore = StoreApi<TicketState>;

export function selectedLine(state: Pick<TicketState, 'ticket' | 'selectedLineId'>) {
  const lines = state.ticket?.lines ?? [];
  return lines.find((line) => line.id === state.selectedLineId) ?? lines.at(-1) ?? null;
}

export function createTicketStore(deps: {
  call: Call;
  approvals: ApprovalStore;
  banners: BannerStore;
  newId?: () => string;
}): TicketStore {
  const { call } = deps;
  let nextScan = 1;
  /**
   * The highest revision shown: the reply to a call and the event of the same change both come,
   * and two scans in flight may answer out of order; an older view never replaces a newer one.
   */
  let shown = 0;
  /** Whether this view is the newest seen (and from now on the one to beat). */
  const newest = (ticket: TicketView): boolean => {
    if (ticket.revision < shown) return false;
    shown = ticket.revision;
    return true;
  };
  // One payment, however many times its key is pressed or its answer is lost.
  const payment = createOperationAct(deps.newId);
  return createStore<TicketState>()((set, get) => {
    /** A ticket the till answered with: a draft is shown, a closed one is gone. */
    const show = (ticket: TicketView | null | undefined): boolean => {
      if (ticket === undefined) return false;
      // Done, but overtaken: the screen already shows what came after it.
      if (ticket !== null && !newest(ticket)) return true;
      const draft = ticket?.status === 'draft' ? ticket : null;
      const keepSelection = draft?.lines.some((line) => line.id === get().selectedLineId);
      set({ ticket: draft, selectedLineId: keepSelection ? get().selectedLineId : null });
      return true;
    };
    const ok = async <T extends TicketView>(
      result: Promise<{ ok: true; value: T } | { ok: false }>,
    ) => {
      const answer = await result;
      return answer.ok ? show(answer.value) : false;
    };
    const approved = async (value: Promise<TicketView | undefined>) => show(await value);

    return {
      ticket: null,
      selectedLineId: null,
      paid: null,
      pendingScans: [],
      needsWeight: null,
      weightAsked() {
        set({ needsWeight: null });
      },
      async refresh() {
        const result = await call('currentTicket', {});
        if (!result.ok) return;
        // Read whole (a restarted till counts again): taken whatever the revision.
        shown = result.value?.revision ?? shown;
        show(result.value);
      },
      async scan(code) {
        const pending = { id: nextScan++, code };
        set(({ pendingScans }) => ({ paid: null, pendingScans: [...pendingScans, pending] }));
        try {
          const result = await call('addByBarcode', { code }, { quiet: true });
          if (result.ok) return show(result.value);
          const { productId, product } = result.error.values;
          if (result.error.code === 'scan.needs_weight' && typeof productId === 'number') {
            set({ needsWeight: { id: productId, name: String(product) } });
          } else {
            deps.banners.getState().push('error', { error: result.error });
          }
          return false;
        } finally {
          set(({ pendingScans }) => ({
            pendingScans: pendingScans.filter((scan) => scan.id !== pending.id),
          }));
        }
      },
      async addProduct(productId, quantity) {
        set({ paid: null });
        return ok(
          call('addProduct', quantity === undefined ? { productId } : { productId, quantity }),
        );
      },
      async weigh(productId, tare) {
        set({ paid: null });
        return ok(call('sellByWeight', { productId, ...tare }));
      },
      selectLine(lineId) {
        set({ selectedLineId: lineId });
      },
      stepLine(step) {
        const lines = get().ticket?.lines ?? [];
        const current = selectedLine(get());
        if (!current) return;
        const index = lines.indexOf(current) + step;
        const next = lines[Math.min(Math.max(index, 0), lines.length - 1)];
        if (next) set({ selectedLineId: next.id });
      },
      setQuantity: (lineId, quantity) => ok(call('setQuantity', { lineId, quantity })),
      setPrice: (lineId, price) => approved(callWithApproval(deps, 'setPrice', { lineId, price })),
      setLineDiscount: (lineId, discount) =>
        approved(callWithApproval(deps, 'setLineDiscount', { lineId, discount })),
      setTicketDiscount: (discount) =>
        approved(callWithApproval(deps, 'setTicketDiscount', { discount })),
      removeLine: (lineId) => ok(call('removeLine', { lineId })),
      attachMember: (input) => ok(call('attachMember', input)),
      detachMember: () => ok(call('detachMember', {})),
      async cancel() {
        const result = await call('cancelTicket', {});
        if (result.ok) set({ ticket: null, selectedLineId: null });
        return result.ok;
      },
      async pay(payments) {
        const ticket = await callWithApproval(deps, 'pay', {
          payments,
          operationId: payment.id(),
        });
        if (ticket === undefined) return false;
        payment.done();
        if (newest(ticket)) set({ ticket: null, selectedLineId: null, paid: ticket });
        return true;
      },
      async reprint(ticketNumber) {
        const result = await call('reprintReceipt', { ticketNumber });
        return result.ok;
      },
      changed(ticket) {
        if (ticket.status === 'draft') set({ paid: null });
        show(ticket);
      },
      wasPaid(ticket) {
        if (newest(ticket)) set({ ticket: null, selectedLineId: null, paid: ticket });
      },
      wasCancelled(ticketId) {
        if (get().ticket?.id === ticketId) set({ ticket: null, selectedLineId: null });
      },
      dismissPaid() {
        set({ paid: null });
      },
    };
  });
}
