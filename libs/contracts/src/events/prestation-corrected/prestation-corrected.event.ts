import type { Activity, Deadline, EventPayload, LocalDate } from '../../common';
import { activitySchema, deadlineSchema, hoursSchema, localDateSchema, objectSchema, textSchema, versionSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/** The company corrected the prestation (R3): a new version, which the worker must validate. */
export interface PrestationCorrectedData {
  readonly version: number;
  readonly serviceDate: LocalDate;
  readonly hours: number;
  readonly activity: Activity;
  readonly reason?: string;
  readonly workerDeadline: Deadline;
}

export type PrestationCorrected = EventPayload<'PrestationCorrected', PrestationCorrectedData>;

export const PrestationCorrectedContract = defineEvent({
  type: 'PrestationCorrected',
  schemaVersion: 1,
  schema: objectSchema(
    {
      version: versionSchema,
      serviceDate: localDateSchema,
      hours: hoursSchema,
      activity: activitySchema,
      reason: textSchema,
      workerDeadline: deadlineSchema,
    },
    ['reason'],
  ),
  upcasters: {},
});
