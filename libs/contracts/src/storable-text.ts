import { ValidationError } from './errors';

// PostgreSQL stores no NUL (U+0000) in text or jsonb, and an unpaired UTF-16 surrogate is no
// Unicode at all: a text column would store it altered, jsonb refuses it (ADR 0013).
const unpairedSurrogate = /\p{Cs}/u;

/** Whether PostgreSQL can store `text` as it is: no NUL character, no unpaired surrogate. */
export const isStorableText = (text: string): boolean => !text.includes('\u0000') && !unpairedSurrogate.test(text);

const problem = 'must not contain NUL characters or unpaired surrogates';

/**
 * Throws a ValidationError naming the first string (value or property name) anywhere in `value`
 * that PostgreSQL cannot store, e.g. `data.reason` for `{ reason: "a\u0000b" }` under `data`.
 * Every entry point calls it (request bodies, paths, queries and headers in the gateway, internal
 * command bodies, CSV imports) and so does every event contract before an append.
 */
export function requireStorableText(value: unknown, field: string): void {
  if (typeof value === 'string') {
    if (!isStorableText(value)) throw new ValidationError(field, problem);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [name, item] of Object.entries(value)) {
    const path = Array.isArray(value) ? `${field}[${name}]` : field ? `${field}.${name}` : name;
    if (!isStorableText(name)) throw new ValidationError(path, `name ${problem}`);
    requireStorableText(item, path);
  }
}
