import type { EventPayload, UserWindow } from '../../common';
import { idSchema, objectSchema, userWindowSchema } from '../../schema';
import { defineEvent } from '../event-contract';

export const validationSteps = ['WORKER', 'COMPANY', 'USER'] as const;
export type ValidationStep = (typeof validationSteps)[number];

/**
 * A deadline lapsed and the step was validated automatically: the worker's (R6), the company's
 * (R16) or the user's (R8, then no contest any more: R9). A lapsed worker deadline opens the
 * user's window unless the user had already confirmed.
 */
export interface AutoValidatedData {
  readonly step: ValidationStep;
  readonly deadlineId: string;
  readonly userWindow?: UserWindow;
}

export type AutoValidated = EventPayload<'AutoValidated', AutoValidatedData>;

export const AutoValidatedContract = defineEvent({
  type: 'AutoValidated',
  schemaVersion: 1,
  schema: objectSchema(
    { step: { type: 'string', enum: validationSteps }, deadlineId: idSchema, userWindow: userWindowSchema },
    ['userWindow'],
  ),
  upcasters: {},
});
