import type { Deadline, EncodedBy, EventPayload, PrestationFacts, Region, Channel } from '../../common';
import { deadlineSchema, factsProperties, objectSchema, regionSchema } from '../../schema';
import { defineEvent } from '../event-contract';

export const legacyStatuses = ['ENREGISTREE', 'VALIDEE', 'MODIFIEE', 'CORRIGEE'] as const;
/** The statuses of the old platform that need the worker's validation at the cut-over (R10). */
export type LegacyStatus = (typeof legacyStatuses)[number];

/** A prestation in flight at the cut-over enters "to validate by the worker" (R10). */
export interface LegacyPrestationImportedData extends PrestationFacts {
  readonly region: Region;
  readonly channel: Channel;
  readonly encodedBy: EncodedBy;
  readonly legacyStatus: LegacyStatus;
  readonly workerDeadline: Deadline;
}

export type LegacyPrestationImported = EventPayload<'LegacyPrestationImported', LegacyPrestationImportedData>;

export const LegacyPrestationImportedContract = defineEvent({
  type: 'LegacyPrestationImported',
  schemaVersion: 1,
  schema: objectSchema({
    ...factsProperties,
    region: regionSchema,
    channel: { type: 'string', enum: ['APP', 'IVR', 'COMPANY'] },
    encodedBy: { type: 'string', enum: ['WORKER', 'COMPANY'] },
    legacyStatus: { type: 'string', enum: legacyStatuses },
    workerDeadline: deadlineSchema,
  }),
  upcasters: {},
});
