import type { EventPayload } from '../../common';
import { objectSchema, versionSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/** The user confirmed; `beforeWorkerDecision` when the worker had not decided yet (R7). */
export interface UserConfirmedData {
  readonly version: number;
  readonly beforeWorkerDecision: boolean;
}

export type UserConfirmed = EventPayload<'UserConfirmed', UserConfirmedData>;

export const UserConfirmedContract = defineEvent({
  type: 'UserConfirmed',
  schemaVersion: 1,
  schema: objectSchema({ version: versionSchema, beforeWorkerDecision: { type: 'boolean' } }),
  upcasters: {},
});
