import { prepare } from './prepare';
import type { Db } from './open';

/** A money-moving act the till applied, kept by the operation id the screen sent with it. */
export interface AppliedOperation {
  id: string;
  name: string;
  inputHash: string;
  /** What the act made (a ticket, a cash move, a session), to answer a repeat with it. */
  resultId: string | null;
  appliedAt: string;
}

export function findAppliedOperation(db: Db, id: string): AppliedOperation | undefined {
  return prepare<[string], AppliedOperation>(
    db,
    `SELECT id, name, input_hash AS inputHash, result_id AS resultId, applied_at AS appliedAt
     FROM applied_operations WHERE id = ?`,
  ).get(id);
}

export function insertAppliedOperation(db: Db, operation: AppliedOperation): void {
  prepare<AppliedOperation>(
    db,
    `INSERT INTO applied_operations (id, name, input_hash, result_id, applied_at)
     VALUES (@id, @name, @inputHash, @resultId, @appliedAt)`,
  ).run(operation);
}
