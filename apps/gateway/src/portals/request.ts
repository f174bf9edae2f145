import { ValidationError } from '@prestaflow/contracts';

/** The named fields of a JSON request body (others are ignored), or 400 when it is not an object. */
export function fieldsOf(body: unknown, names: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('body', 'must be a JSON object');
  const source = body as Record<string, unknown>;
  return Object.fromEntries(names.filter((name) => source[name] !== undefined).map((name) => [name, source[name]]));
}

/** A path segment for an internal call. */
export const segment = (value: string) => encodeURIComponent(value);

/** A body as RequestBodyInterceptor passes it on: valid against its operation's schema, other properties dropped. */
export type RequestBody = Record<string, unknown>;
