import type { EventPayload, UserWindow } from '../../common';
import { objectSchema, userWindowSchema, versionSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/**
 * The worker validated the version the company encoded or corrected (R5). The user's window
 * opens now, unless the user had already confirmed (then the prestation is validated).
 */
export interface WorkerValidatedData {
  readonly version: number;
  readonly userWindow?: UserWindow;
}

export type WorkerValidated = EventPayload<'WorkerValidated', WorkerValidatedData>;

export const WorkerValidatedContract = defineEvent({
  type: 'WorkerValidated',
  schemaVersion: 1,
  schema: objectSchema({ version: versionSchema, userWindow: userWindowSchema }, ['userWindow']),
  upcasters: {},
});
