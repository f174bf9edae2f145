import { type JSONSchema } from 'json-schema-to-ts';

/**
 * The JSON Schema of an API answer (OpenAPI 3.0 dialect): a closed object whose properties are
 * all required but the `optional` ones. Written `as const`, so that `FromSchema` (json-schema-to-ts)
 * gives the code's type from the schema: the gateway publishes the schema as the operation's 2xx
 * response (ADR 0009), the code that builds the answer is typed by it, and the web app's types are
 * generated from the document (apps/web/src/api/openapi.d.ts). Closed (`additionalProperties:
 * false`): an answer with a field the schema does not name fails the gateway's e2e check of answers.
 */
export function answerSchema<const Properties extends Record<string, JSONSchema>, const Optional extends keyof Properties = never>(
  properties: Properties,
  optional: readonly Optional[] = [],
) {
  const required = Object.keys(properties).filter((name) => !(optional as readonly string[]).includes(name)) as Array<Exclude<keyof Properties, Optional> & string>;
  return { type: 'object', additionalProperties: false, required, properties } as const;
}

/** OpenAPI 3.0's way of saying "or null" (3.0 has no `type: 'null'`); json-schema-to-ts reads it too. */
export const nullable = <const Schema extends object>(schema: Schema) => ({ ...schema, nullable: true }) as const;

/** An answer that is a JSON array of `items`. */
export const listOf = <const Schema extends JSONSchema>(items: Schema) => ({ type: 'array', items }) as const;
