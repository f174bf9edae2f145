/** A body as RequestBodyInterceptor passes it on: valid against its operation's schema, other properties dropped. */
export type RequestBody = Record<string, unknown>;
