import type { EventPayload } from '../../common';
import { emailSchema, objectSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/** The worker's e-mail (per worker identity, across companies) was set or changed (R11). */
export interface WorkerEmailChangedData {
  readonly email: string;
  readonly changedBy: 'WORKER' | 'COMPANY';
}

export type WorkerEmailChanged = EventPayload<'WorkerEmailChanged', WorkerEmailChangedData>;

export const WorkerEmailChangedContract = defineEvent({
  type: 'WorkerEmailChanged',
  schemaVersion: 1,
  schema: objectSchema({
    email: emailSchema,
    changedBy: { type: 'string', enum: ['WORKER', 'COMPANY'] },
  }),
  upcasters: {},
});
