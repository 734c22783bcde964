import type { OperationName, TillBridge, TillResult } from '../../main/api';
import type { Input, Result } from '../bridge/types';
import type { BannerStore } from './banners';

/**
 * One call of the TillApi from a store: a refusal becomes an error banner (unless the caller
 * handles it itself, `quiet`), and the caller gets the whole result to decide what comes next.
 */
export type Call = <K extends OperationName>(
  name: K,
  input: Input<K>,
  options?: { quiet?: boolean },
) => Promise<TillResult<Result<K>>>;

export function createCall(
  bridge: TillBridge,
  banners: BannerStore,
  /** The till says nobody is signed in (it restarted, or signed out elsewhere). */
  onSignedOut: () => void = () => {},
): Call {
  return async (name, input, options) => {
    const result = await bridge.call(name, input);
    if (!result.ok && result.error.code === 'auth.required') {
      // The screen follows the till back to the sign-in rather than refusing every key.
      onSignedOut();
      return result;
    }
    if (!result.ok && !options?.quiet) banners.getState().push('error', { error: result.error });
    return result;
  };
}
