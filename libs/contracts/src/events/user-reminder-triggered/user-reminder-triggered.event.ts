import type { EventPayload, Instant } from '../../common';
import { idSchema, instantSchema, objectSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/** A reminder of the user's window fell due (R8: after 20 and 40 days); each fires once. */
export interface UserReminderTriggeredData {
  readonly deadlineId: string;
  /** 1 for the first reminder of the window, 2 for the second... */
  readonly reminder: number;
  readonly dueAt: Instant;
}

export type UserReminderTriggered = EventPayload<'UserReminderTriggered', UserReminderTriggeredData>;

export const UserReminderTriggeredContract = defineEvent({
  type: 'UserReminderTriggered',
  schemaVersion: 1,
  schema: objectSchema({ deadlineId: idSchema, reminder: { type: 'integer', minimum: 1 }, dueAt: instantSchema }),
  upcasters: {},
});
