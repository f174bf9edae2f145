import type { EventPayload } from '../../common';
import { objectSchema, textSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/** The company cancelled the prestation: every open deadline is dropped, nothing follows. */
export interface PrestationCancelledData {
  readonly reason: string;
}

export type PrestationCancelled = EventPayload<'PrestationCancelled', PrestationCancelledData>;

export const PrestationCancelledContract = defineEvent({
  type: 'PrestationCancelled',
  schemaVersion: 1,
  schema: objectSchema({ reason: textSchema }),
  upcasters: {},
});
