import { useRef } from 'react';

/**
 * One money-moving act of a screen (a payment, a refund, a cash move, opening the drawer,
 * closing the till): its operation id is made when the act starts and sent again with every try
 * of it (a double-click, a retry with the manager's PIN, a retry after a lost answer), so that the
 * till books it once. Only a try the till answered with success ends the act: the next one is a
 * new act with a new id.
 */
export interface OperationAct {
  /** The act's id, made on its first try. */
  id(): string;
  /** The till has done it: the next try is another act. */
  done(): void;
}

export function createOperationAct(newId: () => string = () => crypto.randomUUID()): OperationAct {
  let current: string | null = null;
  return {
    id() {
      current ??= newId();
      return current;
    },
    done() {
      current = null;
    },
  };
}

/** A screen's act, kept across renders. */
export function useOperationAct(): OperationAct {
  const act = useRef<OperationAct | null>(null);
  act.current ??= createOperationAct();
  return act.current;
}
