/** Training mode's operations: whether the till is in training, and a manager's way in and out. */
import { z } from 'zod';
import { TillError } from '../../domain/errors';
import { approvalSchema, none } from './schemas';
import { op, type TillScope, type TrainingSwitch } from './operation';

const approvalOnly = z.object({ approval: approvalSchema.optional() }).strict();

function trainingOf(scope: TillScope): TrainingSwitch {
  if (!scope.training) {
    throw new TillError('training.unavailable', 'This till cannot go into training here', {});
  }
  return scope.training;
}

export const trainingOperations = {
  /** Whether the till is in training: every screen shows a banner while it is. */
  training: op(none, (scope) => ({ active: scope.training?.active() ?? false })),
  /** A manager (signed in or approving) puts the till in training: journaled, no money in it. */
  startTraining: op(
    approvalOnly,
    (scope, input) => trainingOf(scope).start(input.approval),
    'signedIn',
  ),
  /** A manager (signed in or approving) ends training: the practice sales are thrown away. */
  endTraining: op(
    approvalOnly,
    (scope, input) => trainingOf(scope).end(input.approval),
    'signedIn',
  ),
};
