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
  // Iterative: a client's JSON may nest deeper than the call stack goes.
  const pending: Array<[unknown, string]> = [[value, field]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      // UNREADABLE_TEXT: the web says it in the person's language (newcomer trial: a binary file got "not valid").
      if (!isStorableText(item)) throw new ValidationError(path, problem, 'UNREADABLE_TEXT');
    } else if (typeof item === 'object' && item !== null) {
      for (const [name, child] of Object.entries(item).reverse()) {
        const childPath = Array.isArray(item) ? `${path}[${name}]` : path ? `${path}.${name}` : name;
        if (!isStorableText(name)) throw new ValidationError(childPath, `name ${problem}`, 'UNREADABLE_TEXT');
        pending.push([child, childPath]);
      }
    }
  }
}
