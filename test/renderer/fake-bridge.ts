import type {
  ErrorView,
  OperationName,
  TillBridge,
  TillEventMessage,
  TillHandlers,
  TillResult,
} from '../../main/api';

type Answer<K extends OperationName> = (
  input: TillHandlers[K]['input'],
) => TillResult<TillHandlers[K]['result']> | Promise<TillResult<TillHandlers[K]['result']>>;

/**
 * A TillBridge whose answers a store test writes: each operation answered by a function, every
 * call recorded, events sent at will. An operation with no answer is refused, as an unknown one.
 */
export function fakeBridge(answers: { [K in OperationName]?: Answer<K> } = {}) {
  const listeners = new Set<(message: TillEventMessage) => void>();
  const calls: { name: OperationName; input: unknown }[] = [];
  const bridge: TillBridge = {
    async call<K extends OperationName>(name: K, input: TillHandlers[K]['input']) {
      calls.push({ name, input });
      const answer = answers[name] as Answer<K> | undefined;
      if (!answer) return refused(`no answer for ${name}`);
      return answer(input);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    bridge,
    calls,
    emit(message: TillEventMessage) {
      for (const listener of listeners) listener(message);
    },
  };
}

export const ok = <T>(value: T): TillResult<T> => ({ ok: true, value });
export const refused = (
  message: string,
  code = 'test.refused',
  values: ErrorView['values'] = {},
): TillResult<never> => ({ ok: false, error: { code, message, values } });
