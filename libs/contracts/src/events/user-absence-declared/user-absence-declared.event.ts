import type { EventPayload, LocalDate } from '../../common';
import { idSchema, localDateSchema, objectSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/**
 * The user declared a planned absence in their secure space (R17), `from` to `to` included.
 * When it was declared is the event's `occurredAt`: an absence counts for a window that had not
 * lapsed by then.
 */
export interface UserAbsenceDeclaredData {
  readonly absenceId: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
}

export type UserAbsenceDeclared = EventPayload<'UserAbsenceDeclared', UserAbsenceDeclaredData>;

export const UserAbsenceDeclaredContract = defineEvent({
  type: 'UserAbsenceDeclared',
  schemaVersion: 1,
  schema: objectSchema({ absenceId: idSchema, from: localDateSchema, to: localDateSchema }),
  upcasters: {},
});
