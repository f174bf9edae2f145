import type { EventPayload, Instant, LocalDate } from '../../common';
import { idSchema, instantSchema, localDateSchema, objectSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/** The user's planned absence pushes their automatic confirmation (and pending reminders) back (R17). */
export interface UserDelayExtendedData {
  readonly deadlineId: string;
  readonly absenceId: string;
  readonly absenceFrom: LocalDate;
  readonly absenceTo: LocalDate;
  readonly dueAt: Instant;
  readonly reminders: readonly Instant[];
}

export type UserDelayExtended = EventPayload<'UserDelayExtended', UserDelayExtendedData>;

export const UserDelayExtendedContract = defineEvent({
  type: 'UserDelayExtended',
  schemaVersion: 1,
  schema: objectSchema({
    deadlineId: idSchema,
    absenceId: idSchema,
    absenceFrom: localDateSchema,
    absenceTo: localDateSchema,
    dueAt: instantSchema,
    reminders: { type: 'array', items: instantSchema },
  }),
  upcasters: {},
});
