import { type AnswerOf, type BodyOf, type Operation, operations, pathOf } from './operations';
import { type components } from './openapi';
import { currentSession, sessionEnded } from '../auth/session';

/** The gateway's error body (ADR 0009): a stable code, a message, maybe the field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The offending field as the gateway names it (`data.workerId`, `Idempotency-Key`), when there is one. */
    readonly field?: string,
    /** What is wrong with it, or which conflict (the gateway's `reason`, PlatformError). */
    readonly reason?: ErrorReason,
    /** The bound the field broke, named in the reason's text (the gateway's `limit`: characters or days). */
    readonly limit?: number,
    /** A refused file's problems, by line (the gateway's `problems`: an import of reference data), in English. */
    readonly problems?: readonly string[],
  ) {
    super(message);
  }
}

/** The gateway's `reason` values (PlatformError in openapi.d.ts): each has a translated text under `errors.reasons.`. */
export type ErrorReason = NonNullable<components['schemas']['PlatformError']['reason']>;

/** True when the request never reached the gateway (offline, network down), or a query got no answer in time. */
export class NetworkError extends Error {}

const queryTimeoutMs = 30_000;

/** What went wrong, for the person: the key of a translated headline under `errors.` (the server's text is a detail). */
export type ErrorKind = 'VALIDATION' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'ILLEGAL_STATE' | 'CONCURRENCY' | 'PAYLOAD_TOO_LARGE' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'NETWORK' | 'UNKNOWN';

// The gateway's codes (ADR 0009, its OpenAPI error responses); a body without one (the throttler's 429) goes by its status.
const kindByStatus: Readonly<Record<number, ErrorKind>> = { 400: 'VALIDATION', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'ILLEGAL_STATE', 412: 'CONCURRENCY', 413: 'PAYLOAD_TOO_LARGE', 429: 'RATE_LIMITED' };
const kinds = new Set<string>(Object.values(kindByStatus).concat('UNAVAILABLE'));

/** The kind of a failed call: the API's `code` when it is a known one, else its HTTP status; NETWORK when it never arrived. */
export function errorKind(error: unknown): ErrorKind {
  if (error instanceof NetworkError) return 'NETWORK';
  if (!(error instanceof ApiError)) return 'UNKNOWN';
  if (kinds.has(error.code)) return error.code as ErrorKind;
  return kindByStatus[error.status] ?? (error.status >= 500 ? 'UNAVAILABLE' : 'UNKNOWN');
}

interface CallOptions<O extends Operation = Operation> {
  readonly parameters?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** The request body, typed by the gateway's OpenAPI document (openapi.d.ts). */
  readonly body?: BodyOf<O>;
  /** Commands: the same key for a retry of the same request (README, "Idempotency-Key"). */
  readonly idempotencyKey?: string;
}

export function urlOf<O extends Operation>(operation: O, options: CallOptions<O> = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== '') query.set(name, String(value));
  const search = query.toString();
  return `${pathOf(operation, options.parameters)}${search ? `?${search}` : ''}`;
}

async function send<O extends Operation>(operation: O, options: CallOptions<O>): Promise<Response> {
  const [method] = operations[operation];
  const headers: Record<string, string> = { accept: 'application/json' };
  const session = currentSession();
  if (session) headers['authorization'] = `Bearer ${session.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
  let response: Response;
  try {
    // A query that gets no answer is a gateway out of reach, as a refused connection is (second newcomer trial: a
    // hung gateway left "Loading…" for good); a command is not cut short: its outcome would be unknown.
    const signal = method === 'GET' ? AbortSignal.timeout(queryTimeoutMs) : undefined;
    response = await fetch(urlOf(operation, options), { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal });
  } catch (error) {
    throw new NetworkError((error as Error).message);
  }
  if (response.status === 401 && session) sessionEnded();
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string | string[]; field?: string; reason?: ErrorReason; limit?: number; problems?: string[] };
    const message = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? response.statusText);
    throw new ApiError(response.status, body.code ?? String(response.status), message, body.field, body.reason, body.limit, body.problems);
  }
  return response;
}

/** Calls one operation of the gateway as the logged-in person; JSON in, JSON out, both typed by the gateway's OpenAPI document. */
export async function call<O extends Operation>(operation: O, options: CallOptions<O> = {}): Promise<AnswerOf<O>> {
  const response = await send(operation, options);
  return (response.status === 204 ? undefined : await response.json()) as AnswerOf<O>;
}

/** Downloads a file answer (the company's exports, R14) under the server's file name. */
export async function download<O extends Operation>(operation: O, options: CallOptions<O> = {}): Promise<void> {
  const response = await send(operation, options);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
