import { type ErrorObject } from 'ajv';
import { type ErrorReason } from './errors';
import { base64urlPattern, httpsUrlPattern } from './request-bodies';
import { earliestDate, emailPattern, fromEarliestYear, idempotencyKeySchema, notBlankPattern, prestationIdPattern, twelveDigits } from './schema';

/** What each pattern of the contracts asks for, in words: a refusal never shows the regular expression. */
const patternMeanings: Readonly<Record<string, string>> = {
  [fromEarliestYear]: `must be ${earliestDate} or later (the service-voucher system began in 2004)`,
  [twelveDigits.pattern]: 'must be 12 digits',
  [idempotencyKeySchema.pattern]: 'must be 1 to 100 printable ASCII characters, without spaces',
  [emailPattern]: 'must be an e-mail address',
  [prestationIdPattern]: 'must be a UUID (such as 6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f)',
  [notBlankPattern]: 'must not be blank',
  [httpsUrlPattern]: 'must be an https:// URL',
  [base64urlPattern]: 'must be base64url',
};

/** The formats the contracts use, likewise. */
const formatMeanings: Readonly<Record<string, string>> = {
  date: 'must be a day of the calendar, written YYYY-MM-DD',
  'date-time': 'must be an instant in ISO 8601 with its offset, such as 2026-12-01T09:00:00Z',
  email: 'must be an e-mail address',
};

/** The refusals the web names in the person's language, by their ErrorReason. */
const reasonOf = (error: ErrorObject): ErrorReason | undefined => {
  if (error.keyword === 'maxLength') return 'TOO_LONG';
  if ((error.keyword === 'minLength' && error.params['limit'] === 1) || (error.keyword === 'pattern' && error.params['pattern'] === notBlankPattern)) return 'BLANK';
  if (error.keyword === 'pattern' && error.params['pattern'] === fromEarliestYear) return 'TOO_EARLY';
  return undefined;
};

/** A JSON Schema error's sentence (after its field) and, when the web names it, its reason, with the length it allows for TOO_LONG. */
export function schemaProblem(error: ErrorObject): { readonly problem: string; readonly reason?: ErrorReason; readonly limit?: number } {
  const reason = reasonOf(error);
  return { problem: schemaMessage(error), reason, ...(reason === 'TOO_LONG' ? { limit: error.params['limit'] as number } : {}) };
}

/** The sentence of a JSON Schema error, after its field: ajv's own, except for a pattern or a format, said in words. */
export function schemaMessage(error: ErrorObject): string {
  if (error.keyword === 'pattern') return patternMeanings[error.params['pattern'] as string] ?? 'is malformed';
  if (error.keyword === 'format') return formatMeanings[error.params['format'] as string] ?? error.message ?? 'is malformed';
  if (error.keyword === 'minLength') return error.params['limit'] === 1 ? 'must not be empty' : `must be at least ${String(error.params['limit'])} characters`;
  if (error.keyword === 'maxLength') return `must be at most ${String(error.params['limit'])} characters`;
  return error.message ?? 'is malformed';
}
