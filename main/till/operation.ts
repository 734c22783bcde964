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

/** A manager's consent given at the till (their id and PIN). */
export type Approval = Parsed<'unenrol'>['approval'];

export interface TrainingView {
  active: boolean;
}

/** Training mode (main/training.ts): whether it is on, and a manager's way in and out. */
export interface TrainingSwitch {
  active(): boolean;
  start(approval?: Approval): TrainingView;
  end(approval?: Approval): TrainingView;
}

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
  /** Training mode, on a till that has it (not on a bare till of the tests and benchmarks). */
  training?: TrainingSwitch;
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
