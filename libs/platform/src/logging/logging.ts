import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type DynamicModule } from '@nestjs/common';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import { type Bindings, levels } from 'pino';
import { type Options } from 'pino-http';
import { ConfigurationError } from '../config';

/** The header that carries a request's id in and out, and from the gateway to the services. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** LOG_LEVEL (pino's levels, or `silent`); `warn` under jest (NODE_ENV=test) so test reports stay readable, `info` otherwise. */
export function logLevel(env: NodeJS.ProcessEnv): string {
  const level = env['LOG_LEVEL']?.trim() || (env['NODE_ENV'] === 'test' ? 'warn' : 'info');
  if (level !== 'silent' && !(level in levels.values)) {
    throw new ConfigurationError(`LOG_LEVEL: "${level}" is not one of ${[...Object.keys(levels.values), 'silent'].join(', ')}`);
  }
  return level;
}

/** What a request line says of the request (pino-http hands its standard serialisation). */
const requestLine = ({ id, method, url }: { id: unknown; method: string; url: string }) => ({ id, method, url });
/** What a request line says of the response. */
const responseLine = ({ statusCode }: { statusCode: number }) => ({ statusCode });

/**
 * Structured JSON logs on stdout (pino through nestjs-pino, ADR 0024): one short line per HTTP
 * request, `req` {id, method, url}, `res` {statusCode}, `responseTime` (ms) and, on an internal
 * command call, the `correlationId` its events will carry (the Idempotency-Key, ADR 0006); every
 * log line written while a request is handled carries its `req` and `correlationId` (while an
 * event is handled: `withLogBindings`). No header is written (so no token or cookie); /health and
 * /metrics are not logged per request.
 */
export function loggingModule(serviceName: string, env: NodeJS.ProcessEnv): DynamicModule {
  return LoggerModule.forRoot({ pinoHttp: requestLogOptions(serviceName, env) });
}

/** pino-http's options of `loggingModule`: what each request's line holds. */
export function requestLogOptions(serviceName: string, env: NodeJS.ProcessEnv): Options {
  return {
    name: serviceName,
    level: logLevel(env),
    // pino-http's default lines carried every request and response header (0.9-1.5 KB each): most
    // of a request's logging cost, written synchronously to stdout (bench/README.md, item 6).
    serializers: { req: requestLine, res: responseLine },
    customProps: (request: IncomingMessage) => {
      const key = request.headers['idempotency-key'];
      return typeof key === 'string' ? { correlationId: key } : {};
    },
    autoLogging: { ignore: (request: IncomingMessage) => /^\/(health|metrics)\b/.test(request.url ?? '') },
  };
}

const requests = new AsyncLocalStorage<{ readonly requestId: string }>();
const acceptedId = /^[\w.:-]{1,128}$/;

/**
 * Express middleware, first of all: the request's id is the caller's x-request-id when it is a
 * plain token (letters, digits, `.:_-`, at most 128), else a new UUID; it is set on the request
 * (pino-http logs it as reqId), returned in the response's x-request-id, and readable with
 * currentRequestId() for the rest of the request.
 */
export function requestIdMiddleware(request: IncomingMessage & { id?: unknown }, response: ServerResponse, next: () => void): void {
  const given = request.headers[REQUEST_ID_HEADER];
  const requestId = typeof given === 'string' && acceptedId.test(given) ? given : randomUUID();
  request.id = requestId;
  response.setHeader(REQUEST_ID_HEADER, requestId);
  requests.run({ requestId }, next);
}

/** The id of the HTTP request being handled (undefined outside one): the gateway passes it on. */
export function currentRequestId(): string | undefined {
  return requests.getStore()?.requestId;
}

/**
 * Runs `work` with `bindings` (an event's correlationId, its topic and offset) on every log line
 * written meanwhile through Nest's Logger, as a request's id is on an HTTP request's.
 */
export function withLogBindings<T>(bindings: Bindings, work: () => T): T {
  const parent = storage.getStore()?.logger ?? (PinoLogger.root as PinoLogger['logger'] | undefined);
  return parent ? storage.run(new Store(parent.child(bindings)), work) : work();
}
