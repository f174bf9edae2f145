import type { EventPayload } from '../../common';
import { objectSchema, versionSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/** The company validated a prestation its worker encoded (R16). */
export interface CompanyValidatedData {
  readonly version: number;
}

export type CompanyValidated = EventPayload<'CompanyValidated', CompanyValidatedData>;

export const CompanyValidatedContract = defineEvent({
  type: 'CompanyValidated',
  schemaVersion: 1,
  schema: objectSchema({ version: versionSchema }),
  upcasters: {},
});
