import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ErrorView, OperationName } from '../../main/api';
import type { Approval, Input, Result } from '../bridge/types';
import type { BannerStore } from './banners';
import type { Call } from './call';

/**
 * A question the till asks before it goes on: a manager's PIN (a price change, a member the coop
 * blocks), or the cashier's own "I saw it" (a member who may not shop). The dialog answers it.
 */
export type Question =
  { kind: 'approval'; reason: ErrorView } | { kind: 'acknowledge'; reason: ErrorView };

type Answer = { approval: Approval } | { acknowledged: true } | null;

export interface ApprovalState {
  question: Question | null;
  ask(question: Question): Promise<Answer>;
  answer(answer: Answer): void;
}

export type ApprovalStore = StoreApi<ApprovalState>;

const NEEDS_APPROVAL = new Set(['auth.manager_required', 'member.manager_required']);
const NEEDS_ACKNOWLEDGE = new Set(['member.acknowledge', 'member.none_acknowledge']);

export function createApprovalStore(): ApprovalStore {
  let resolve: ((answer: Answer) => void) | null = null;
  return createStore<ApprovalState>()((set) => ({
    question: null,
    ask(question) {
      resolve?.(null);
      set({ question });
      return new Promise<Answer>((done) => {
        resolve = done;
      });
    },
    answer(answer) {
      const done = resolve;
      resolve = null;
      set({ question: null });
      done?.(answer);
    },
  }));
}

/** The operations that take an approval or an acknowledgement when the till asks for one. */
type Approvable = {
  [K in OperationName]: Input<K> extends { approval?: Approval } ? K : never;
}[OperationName];

/**
 * Calls an operation; when the till answers that a manager must approve (or the cashier must
 * acknowledge), asks, then calls again with the answer. A refusal that is not a question is a
 * banner, as for any call. Resolves to the value, or undefined when refused or not answered.
 */
export async function callWithApproval<K extends Approvable>(
  { call, approvals, banners }: { call: Call; approvals: ApprovalStore; banners: BannerStore },
  name: K,
  input: Input<K>,
): Promise<Result<K> | undefined> {
  let request: Input<K> = input;
  for (;;) {
    const result = await call(name, request, { quiet: true });
    if (result.ok) return result.value;
    const { error } = result;
    const kind = NEEDS_APPROVAL.has(error.code)
      ? 'approval'
      : NEEDS_ACKNOWLEDGE.has(error.code)
        ? 'acknowledge'
        : null;
    if (kind === null) {
      banners.getState().push('error', { error });
      return undefined;
    }
    const answer = await approvals.getState().ask({ kind, reason: error });
    if (answer === null) return undefined;
    request = { ...request, ...answer };
  }
}
