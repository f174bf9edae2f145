import type { EventPayload } from '../../common';
import { objectSchema, textSchema, versionSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/** The user contested: automation stops, the company must correct or cancel (R18). */
export interface UserContestedData {
  readonly version: number;
  readonly reason: string;
}

export type UserContested = EventPayload<'UserContested', UserContestedData>;

export const UserContestedContract = defineEvent({
  type: 'UserContested',
  schemaVersion: 1,
  schema: objectSchema({ version: versionSchema, reason: textSchema }),
  upcasters: {},
});
