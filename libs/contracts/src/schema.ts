import { activities, actorRoles, regions } from './common';

/** JSON Schema fragments shared by the event contracts (draft-07, compiled once by ajv). */
export const idSchema = { type: 'string', minLength: 1, maxLength: 100 } as const;
/** The Idempotency-Key header of a command: printable ASCII, at most the 100 characters of the correlation id it becomes (ADR 0013). */
export const idempotencyKeySchema = { type: 'string', pattern: `^[\\x21-\\x7e]{1,${idSchema.maxLength}}$` } as const;
export const twelveDigits = { type: 'string', pattern: '^[0-9]{12}$' } as const;
/** What the services take as a client-chosen prestation id: a UUID (versions 1 to 8); here, beside the web's other checks, for the operators' lookup. */
export const prestationIdPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';
export const instantSchema = { type: 'string', format: 'date-time' } as const;
/**
 * The first day the platform knows: the service-voucher system began in 2004, so no service
 * date, absence or date filter is earlier (ADR 0013). `format: date` alone takes year 0000,
 * which PostgreSQL's date type cannot hold.
 */
export const earliestDate = '2004-01-01';
export const fromEarliestYear = '^(200[4-9]|20[1-9][0-9]|2[1-9][0-9]{2}|[3-9][0-9]{3})-';
/** A calendar day `YYYY-MM-DD` from `earliestDate` to 9999-12-31 (the format checked first, for its message). */
export const localDateSchema = {
  type: 'string',
  allOf: [
    { type: 'string', format: 'date' },
    { type: 'string', pattern: fromEarliestYear },
  ],
} as const;
/**
 * An e-mail address, the one check of the API, the event contract, the CSV imports and the
 * worker-profile decider (R11): ajv-formats' `email` written out (a dot-atom local part, no
 * quoted forms such as `"a"@b.c`; dot-separated domain labels), so code without ajv checks the
 * same. The schema keeps the format for its message; the two agree (schema.unit.spec.ts).
 */
export const emailPattern =
  "^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+)*@([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\\.)+[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$";
export const emailSchema = {
  type: 'string',
  maxLength: 254,
  allOf: [
    { type: 'string', format: 'email' },
    { type: 'string', pattern: emailPattern },
  ],
} as const;
export const hoursSchema = { type: 'integer', minimum: 1, maximum: 9 } as const;
export const versionSchema = { type: 'integer', minimum: 1 } as const;
export const textSchema = { type: 'string', minLength: 1, maxLength: 2000 } as const;
/** The services refuse a text of blanks only, invisible ones included (zero-width spaces and joiners, a BOM); the web app checks the same. */
export const notBlankPattern = '[^\\s\\u200B-\\u200D\\u2060\\uFEFF]';
export const activitySchema = { type: 'string', enum: activities } as const;
export const regionSchema = { type: 'string', enum: regions } as const;
export const actorSchema = {
  type: 'object',
  required: ['id', 'role'],
  additionalProperties: false,
  properties: { id: idSchema, role: { type: 'string', enum: actorRoles } },
} as const;

export const deadlineSchema = {
  type: 'object',
  required: ['id', 'dueAt'],
  additionalProperties: false,
  properties: { id: idSchema, dueAt: instantSchema },
} as const;

export const userWindowSchema = {
  type: 'object',
  required: ['id', 'opensAt', 'dueAt', 'unit', 'reminders'],
  additionalProperties: false,
  properties: {
    id: idSchema,
    opensAt: instantSchema,
    dueAt: instantSchema,
    unit: { type: 'string', enum: ['WORKING_DAYS', 'CALENDAR_DAYS'] },
    reminders: { type: 'array', items: instantSchema },
  },
} as const;

export const factsProperties = {
  companyId: idSchema,
  workerId: twelveDigits,
  userId: twelveDigits,
  serviceDate: localDateSchema,
  hours: hoursSchema,
  activity: activitySchema,
} as const;

export const factsRequired = ['companyId', 'workerId', 'userId', 'serviceDate', 'hours', 'activity'] as const;

/** An object schema with every listed property required and nothing else allowed. */
export function objectSchema(properties: Record<string, object>, optional: readonly string[] = []) {
  return {
    type: 'object',
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    additionalProperties: false,
    properties,
  };
}
