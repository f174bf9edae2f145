import type { EventPayload } from '../../common';
import { objectSchema, versionSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/**
 * The user had confirmed before the worker decided, and the worker contested: the contest wins
 * and the user must be told (DOMAIN.md, "A user confirmation before the worker's decision").
 */
export interface UserConfirmationSupersededData {
  readonly version: number;
}

export type UserConfirmationSuperseded = EventPayload<'UserConfirmationSuperseded', UserConfirmationSupersededData>;

export const UserConfirmationSupersededContract = defineEvent({
  type: 'UserConfirmationSuperseded',
  schemaVersion: 1,
  schema: objectSchema({ version: versionSchema }),
  upcasters: {},
});
