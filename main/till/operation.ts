/**
 * An operation of the till, declared once by the part that owns it: its input schema, what it
 * runs, and who may call it. `main/api.ts` joins the parts' maps, validates the input against
 * the schema (the only place that does) and checks the role before `run` sees it; `run` gets
 * the parsed input and never validates again.
 */
import type { z } from 'zod';
import type { DeviceHub } from '../devices/hub';
import type { SyncStatus } from '../sync/client';
import type { TillContext } from './context';
import type { Parsed } from './schemas';

/** Who may call: anyone (the sign-in screen), or only once someone is signed in. */
export type Role = 'anyone' | 'signedIn';

/** What an operation runs on: the till's context, its devices and its link with the server. */
export interface TillScope {
  ctx: TillContext;
  devices: DeviceHub | null;
  syncStatus(): SyncStatus;
  enrol(
    serverUrl: string,
    code: string,
    approval?: Parsed<'enrol'>['approval'],
  ): Promise<{ tillId: number; name: string }>;
  unenrol(approval?: Parsed<'unenrol'>['approval']): Promise<void>;
}

export interface Operation<S extends z.ZodType, R> {
  schema: S;
  role: Role;
  run(scope: TillScope, input: z.output<S>): R;
}

export function op<S extends z.ZodType, R>(
  schema: S,
  run: (scope: TillScope, input: z.output<S>) => R,
  role: Role = 'anyone',
): Operation<S, R> {
  return { schema, role, run };
}
