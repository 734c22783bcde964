import { TillError } from '../domain/errors';
import { directTill, type DirectTill } from './api';
import { TillContext, type TillDeps } from './till/context';
import type { TillScope } from './till/operation';

/**
 * A till on an open database with no devices, no sync and no lock: the operations as methods
 * (through the one door) and the context, for the tests, the benchmarks and the crash child.
 */
export type BareTill = DirectTill & { ctx: TillContext };

export function bareTill(deps: TillDeps): BareTill {
  const ctx = new TillContext(deps);
  const standalone = (): never => {
    throw new TillError('sync.not_enrolled', 'This till runs without its link to a server', {});
  };
  const scope: TillScope = {
    ctx,
    devices: null,
    syncStatus: standalone,
    enrol: standalone,
    unenrol: standalone,
  };
  return Object.assign(directTill(scope), { ctx });
}
