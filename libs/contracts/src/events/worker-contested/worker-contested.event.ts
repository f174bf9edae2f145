import type { EventPayload } from '../../common';
import { hoursSchema, objectSchema, textSchema, versionSchema } from '../../schema';
import { defineEvent } from '../event-contract';

export const contestReasons = ['WRONG_HOURS', 'WRONG_DATE', 'WRONG_ACTIVITY', 'NOT_PERFORMED', 'OTHER'] as const;
export type ContestReason = (typeof contestReasons)[number];

/** The worker contested (R5): back to the company, every automatic validation stops. */
export interface WorkerContestedData {
  readonly version: number;
  readonly reasonCode: ContestReason;
  readonly text: string;
  readonly proposedHours?: number;
}

export type WorkerContested = EventPayload<'WorkerContested', WorkerContestedData>;

export const WorkerContestedContract = defineEvent({
  type: 'WorkerContested',
  schemaVersion: 1,
  schema: objectSchema(
    {
      version: versionSchema,
      reasonCode: { type: 'string', enum: contestReasons },
      text: textSchema,
      proposedHours: hoursSchema,
    },
    ['proposedHours'],
  ),
  upcasters: {},
});
