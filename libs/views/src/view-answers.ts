import { activitySchema, actorRoles, answerSchema, encoders, idSchema, instantSchema, localDateSchema, nullable, twelveDigits, versionSchema } from '@prestaflow/contracts';
import { colourLabels, companyLabels, languages, userAwaitings, userLabels } from '@prestaflow/domain';
import { type FromSchema } from 'json-schema-to-ts';

// The JSON Schemas of what the views answer (`answerSchema`, libs/contracts), one source for
// three readers: the queries' return types are `FromSchema` of them, the gateway publishes them as
// its 2xx responses (ADR 0009), and the web app's types are generated from that document.

const keysOf = <Key extends string>(labels: Readonly<Record<Key, unknown>>) => Object.keys(labels) as Key[];
const label = { type: 'string', description: "in the reader's language" } as const;
const count = { type: 'integer', minimum: 0 } as const;
const ratio = { type: 'number', minimum: 0, maximum: 1 } as const;
export const languageSchema = { type: 'string', enum: languages } as const;

/** The fields every audience sees of a prestation. */
const facts = {
  prestationId: idSchema,
  companyId: idSchema,
  workerId: twelveDigits,
  userId: twelveDigits,
  companyName: nullable({ type: 'string', description: "the reference data's name, looked up when read (ADR 0028); null when it no longer has it" }),
  workerName: nullable({ type: 'string', description: "the reference data's name, looked up when read (ADR 0028); null when it no longer has it" }),
  userName: nullable({ type: 'string', description: "the household's name in the reference data, looked up when read (ADR 0028); null when it no longer has it" }),
  serviceDate: localDateSchema,
  hours: { type: 'integer' },
  activity: activitySchema,
  channel: { type: 'string' },
  encodedBy: { type: 'string', enum: encoders },
  version: versionSchema,
  streamVersion: {
    type: 'integer',
    minimum: 1,
    description: "the stream position of the last event this answer shows: a command's answer (its streamVersion) is in the view once this reaches it (ADR 0006)",
  },
} as const;

/** R6: the working days left before a worker deadline, the same facts for the worker and for the company. */
const workingDaysLeft = {
  type: 'array',
  items: localDateSchema,
  description: "R6: the working days (Brussels dates) after the day it is read up to the worker deadline's day, by the platform calendar; empty when no worker deadline runs",
} as const;

/** R12: one row of the company's view, its status in the company's language, the worker deadline in Brussels time and in working days (R6). */
export const companyItemSchema = answerSchema({
  ...facts,
  status: { type: 'string', enum: keysOf(companyLabels) },
  statusLabel: label,
  encodingReason: nullable({ type: 'string' }),
  correctionReason: nullable({ type: 'string', description: 'R3: the reason the company gave with its last correction, if any' }),
  workerDeadline: nullable(instantSchema),
  workerDeadlineLabel: nullable(label),
  workingDaysLeft,
  companyDeadline: nullable({ ...instantSchema, description: "R16: while a prestation the worker encoded awaits the company, when it is validated automatically without it; null otherwise" }),
  companyWorkingDaysLeft: {
    type: 'array',
    items: localDateSchema,
    description: 'R16: the working days (Brussels dates) after the day it is read up to the company deadline\'s day; empty when none runs',
  },
});
export type CompanyItem = FromSchema<typeof companyItemSchema>;

/** R12: one page of the company's view. */
export const companyPageSchema = answerSchema({ page: { type: 'integer', minimum: 1 }, pageSize: { type: 'integer', minimum: 1 }, total: count, items: { type: 'array', items: companyItemSchema } });
export type CompanyPage = FromSchema<typeof companyPageSchema>;

/** R15: a company's share of the prestations it encoded itself. */
export const companyShareSchema = answerSchema({ companyId: idSchema, total: count, encodedByCompany: count, share: ratio });
export type CompanyShare = FromSchema<typeof companyShareSchema>;
/** R15 for operators: a company's share with its name (the operators' screen names companies, not ids). */
export const operatorShareSchema = answerSchema({ ...companyShareSchema.properties, companyName: facts.companyName });
export type OperatorShare = FromSchema<typeof operatorShareSchema>;

/** The worker's dashboard, R5: what they may still validate or contest, with the deadline. */
export const workerToValidateSchema = answerSchema({
  ...facts,
  deadline: nullable(instantSchema),
  deadlineLabel: nullable(label),
  workingDaysLeft,
  encodedByLabel: label,
  encodingReason: nullable({ type: 'string' }),
  correctionReason: nullable({ type: 'string', description: 'R3: the reason the company gave with its last correction, if any' }),
});
export type WorkerToValidate = FromSchema<typeof workerToValidateSchema>;

const colourSchema = { type: 'string', enum: keysOf(colourLabels) } as const;

/** R12, R13: the worker's last 3 months, with the colours' legend. */
export const workerHistorySchema = answerSchema({
  today: localDateSchema,
  language: languageSchema,
  legend: { type: 'array', items: answerSchema({ colour: colourSchema, label }) },
  items: {
    type: 'array',
    items: answerSchema({
      ...facts,
      colour: colourSchema,
      label,
      encodedByLabel: label,
      status: { type: 'string', enum: keysOf(companyLabels), description: 'R12: where it stands beyond its colour (validated or contested by the worker, confirmed...), at the read instant' },
    }),
  },
});
export type WorkerHistory = FromSchema<typeof workerHistorySchema>;

/** R7, R8, R9, R12: one of the user's prestations, what they may do now, when it confirms itself. */
export const userItemSchema = answerSchema({
  ...facts,
  status: { type: 'string', enum: keysOf(userLabels) },
  statusLabel: label,
  mayConfirm: { type: 'boolean' },
  mayContest: { type: 'boolean' },
  confirmedByUser: { type: 'boolean', description: 'R7: the user confirmed it by hand while the worker or the company had yet to decide; it stays awaiting validation until they do' },
  awaiting: nullable({
    type: 'string',
    // null among the values too: with OpenAPI 3.0's `nullable`, an enum still names every value it takes.
    enum: [...userAwaitings, null],
    description:
      "whose decision it waits for, at the read instant: the worker's validation (R2, R3), the company's (R1, R16), the company's correction or cancellation after the worker's contest (R5) or the user's (R18); null when it waits for nobody or for the user alone",
  }),
  automaticConfirmationAt: nullable(instantSchema),
  automaticConfirmationLabel: nullable(label),
});
export type UserItem = FromSchema<typeof userItemSchema>;

/** A prestation's audit trail, from the event store: each event with who, what, when. */
export const auditTrailSchema = answerSchema({
  prestationId: idSchema,
  events: {
    type: 'array',
    items: answerSchema({
      eventId: { type: 'string' },
      streamPosition: { type: 'integer', minimum: 1 },
      type: { type: 'string' },
      occurredAt: instantSchema,
      actor: answerSchema({ role: { type: 'string', enum: actorRoles }, id: { type: 'string' }, name: nullable({ type: 'string', description: "the reference data's name of the company, worker or user; null for operators and the system" }) }),
      schemaVersion: { type: 'integer', minimum: 1 },
      correlationId: nullable({ type: 'string' }),
      data: { type: 'object', description: "the event's data (docs/asyncapi)" },
    }),
  },
});
export type AuditTrail = FromSchema<typeof auditTrailSchema>;
