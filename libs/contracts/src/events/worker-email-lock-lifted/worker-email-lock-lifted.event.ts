import type { EventPayload } from '../../common';
import { objectSchema, textSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/** An operator let the companies change the worker's e-mail again (R11). */
export interface WorkerEmailLockLiftedData {
  readonly reason: string;
}

export type WorkerEmailLockLifted = EventPayload<'WorkerEmailLockLifted', WorkerEmailLockLiftedData>;

export const WorkerEmailLockLiftedContract = defineEvent({
  type: 'WorkerEmailLockLifted',
  schemaVersion: 1,
  schema: objectSchema({ reason: textSchema }),
  upcasters: {},
});
