import { activities } from './common';
import { contestReasons } from './events/worker-contested/worker-contested.event';
import { activitySchema, emailSchema, hoursSchema, idSchema, localDateSchema, notBlankPattern, prestationIdPattern, textSchema, twelveDigits, versionSchema } from './schema';

/**
 * The JSON Schemas of the gateway's request bodies: the gateway validates each body against its
 * schema and publishes the same object in its OpenAPI document (ADR 0009). OpenAPI 3.0 takes
 * them as they are (no `type: 'null'`, no `if`); other properties are allowed and ignored.
 */
function bodySchema(properties: Record<string, object>, optional: readonly string[] = []) {
  return { type: 'object', required: Object.keys(properties).filter((name) => !optional.includes(name)), properties } as const;
}

const statedText = { ...textSchema, pattern: notBlankPattern } as const;
export const prestationIdSchema = { type: 'string', pattern: prestationIdPattern } as const;

const newPrestation = { prestationId: prestationIdSchema, userId: twelveDigits, serviceDate: localDateSchema, hours: hoursSchema };

/** R2: the company encodes for its worker, with a reason. */
export const companyEncodingBody = bodySchema({ ...newPrestation, workerId: twelveDigits, activity: activitySchema, reason: statedText });
/** R1: the worker encodes in the app. */
export const workerEncodingBody = bodySchema({ ...newPrestation, companyId: idSchema, activity: activitySchema });
/** R1 by phone: the activity is a key, 1 to 4, in the order of `activities`. */
export const ivrEncodingBody = bodySchema({ ...newPrestation, companyId: idSchema, activityKey: { type: 'integer', minimum: 1, maximum: activities.length } });
/** R3: `reason` may be left out or null. */
export const correctionBody = bodySchema({ version: versionSchema, serviceDate: localDateSchema, hours: hoursSchema, activity: activitySchema, reason: { ...statedText, nullable: true } }, ['reason']);
export const cancellationBody = bodySchema({ reason: statedText });
/** The version the actor saw (R5, R7, R16). */
export const versionBody = bodySchema({ version: versionSchema });
/** R5: `proposedHours` is optional. */
export const workerContestBody = bodySchema({ version: versionSchema, reasonCode: { type: 'string', enum: contestReasons }, text: statedText, proposedHours: hoursSchema }, ['proposedHours']);
/** R9, R18. */
export const userContestBody = bodySchema({ version: versionSchema, reason: statedText });
/** R11. */
export const workerEmailBody = bodySchema({ email: emailSchema });
/** R17: both dates included. */
export const userAbsenceBody = bodySchema({ from: localDateSchema, to: localDateSchema });
/** The operators' reference-data import: the CSV file, header line first, as text. */
export const referenceDataBody = bodySchema({ csv: { type: 'string' } });
/** Base64url text, as a Web Push key is written (RFC 8291). */
export const httpsUrlPattern = '^https://\\S+$';
export const base64urlPattern = '^[A-Za-z0-9_-]+={0,2}$';
const base64url = { type: 'string', pattern: base64urlPattern, maxLength: 256 } as const;
/** R4: the worker app's Web Push subscription as `PushSubscription.toJSON()` gives it (its `expirationTime` is ignored). */
export const pushSubscriptionBody = bodySchema({
  subscription: {
    type: 'object',
    required: ['endpoint', 'keys'],
    properties: {
      endpoint: { type: 'string', pattern: httpsUrlPattern, maxLength: 2048 },
      keys: { type: 'object', required: ['p256dh', 'auth'], properties: { p256dh: base64url, auth: base64url } },
    },
  },
});
