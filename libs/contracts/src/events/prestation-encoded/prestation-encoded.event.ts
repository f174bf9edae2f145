import type { Deadline, EventPayload, PrestationFacts, Region, UserWindow, WorkerChannel } from '../../common';
import { deadlineSchema, factsProperties, regionSchema, textSchema, userWindowSchema } from '../../schema';
import { defineEvent } from '../event-contract';

/**
 * A prestation exists. Encoded by the worker (R1): the company validates it (R16) while the
 * user's window runs in parallel. Encoded by the company (R2): with a reason, it awaits the worker.
 */
export type PrestationEncodedData = PrestationFacts & { readonly region: Region } & (
    | {
        readonly encodedBy: 'WORKER';
        readonly channel: WorkerChannel;
        readonly companyDeadline: Deadline;
        readonly userWindow: UserWindow;
      }
    | { readonly encodedBy: 'COMPANY'; readonly channel: 'COMPANY'; readonly reason: string; readonly workerDeadline: Deadline }
  );

export type PrestationEncoded = EventPayload<'PrestationEncoded', PrestationEncodedData>;

export const PrestationEncodedContract = defineEvent({
  type: 'PrestationEncoded',
  schemaVersion: 2,
  schema: {
    type: 'object',
    required: [...Object.keys(factsProperties), 'region', 'encodedBy', 'channel'],
    additionalProperties: false,
    properties: {
      ...factsProperties,
      region: regionSchema,
      encodedBy: { type: 'string', enum: ['WORKER', 'COMPANY'] },
      channel: { type: 'string', enum: ['APP', 'IVR', 'COMPANY'] },
      reason: textSchema,
      workerDeadline: deadlineSchema,
      companyDeadline: deadlineSchema,
      userWindow: userWindowSchema,
    },
    if: { properties: { encodedBy: { const: 'COMPANY' } } },
    then: { required: ['reason', 'workerDeadline'], properties: { channel: { const: 'COMPANY' } } },
    else: { required: ['companyDeadline', 'userWindow'], properties: { channel: { enum: ['APP', 'IVR'] } } },
  },
  upcasters: {
    // Version 1 predates the regions (R19): every prestation then followed the Walloon rules.
    1: (data) => ({ ...data, region: 'WALLONIA' }),
  },
});
