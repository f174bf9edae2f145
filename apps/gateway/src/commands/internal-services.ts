import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { applyDecorators, createParamDecorator, type ExecutionContext, HttpException, Injectable, RequestMapping, RequestMethod, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import { type CommandEndpoint, internalCommands } from '@prestaflow/contracts';
import { type Actor as Caller, type Role } from '../auth/actor';
import { Roles } from '../auth/auth.guard';
import { actorOfSubject, type Answer, currentRequestId, exchange, REQUEST_ID_HEADER } from '@prestaflow/platform';
import { bearerOf } from '../auth/token-verifier';

export interface ServiceUrls {
  readonly encoding: string;
  readonly validation: string;
  readonly notification: string;
}

/** ENCODING_SERVICE_URL, VALIDATION_SERVICE_URL and NOTIFICATION_SERVICE_URL, read at boot; defaults are the services' default ports. */
export function loadServiceUrls(env: NodeJS.ProcessEnv = process.env): ServiceUrls {
  const url = (name: string, fallback: string) => (env[name]?.trim() || fallback).replace(/\/$/, '');
  return {
    encoding: url('ENCODING_SERVICE_URL', 'http://127.0.0.1:3001'),
    validation: url('VALIDATION_SERVICE_URL', 'http://127.0.0.1:3002'),
    notification: url('NOTIFICATION_SERVICE_URL', 'http://127.0.0.1:3003'),
  };
}

/** A command as its public endpoint received it: the caller, the Idempotency-Key header, the path's parameters, the body (checked by RequestBodyInterceptor). */
export interface CommandCall {
  readonly actor: Caller;
  readonly key: string | undefined;
  readonly params: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

/** The handler's parameter: the call as `CommandCall` (on a route behind AuthGuard). */
export const ForwardedCall = createParamDecorator((_: unknown, context: ExecutionContext): CommandCall => {
  const request = context.switchToHttp().getRequest<{ actor?: Caller; headers: Record<string, string | undefined>; params: Record<string, string>; body: Record<string, unknown> }>();
  if (!request.actor) throw new Error('ForwardedCall used on a route without AuthGuard');
  return { actor: request.actor, key: request.headers['idempotency-key'], params: request.params ?? {}, body: request.body };
});

/**
 * The route of a public command (`commandEndpoints`, @prestaflow/contracts) on its portal's
 * controller: method and path, the token role, and in the OpenAPI document its summary and each
 * path parameter (its schema is `pathParameters`'). The handler forwards with `InternalServices.forward`.
 */
export const ForwardedCommand = (endpoint: CommandEndpoint) =>
  applyDecorators(
    RequestMapping({ path: endpoint.path, method: endpoint.method === 'PUT' ? RequestMethod.PUT : RequestMethod.POST }),
    Roles(endpoint.role.toLowerCase() as Role),
    ApiOperation({ summary: endpoint.summary }),
    ...[...endpoint.path.matchAll(/:(\w+)/g)].map(([, name]) => ApiParam({ name: name as string, required: true, type: String })),
  );

/**
 * The gateway's commands go to the encoding and validation services by an internal HTTP call
 * (ADR 0006): the caller's bearer token is forwarded with the command's actor, which the service
 * checks against it (ADR 0018); the client's Idempotency-Key header is passed on, and the
 * service's answer (2xx or 4xx JSON) comes back as it is. The request's id goes along
 * (x-request-id), so both services' logs of one request share it (ADR 0024).
 */
@Injectable()
export class InternalServices {
  constructor(readonly urls: ServiceUrls) {}

  /**
   * Sends `endpoint`'s command to its service, at the path `internalCommands` gives it: each
   * `:name` is the public path's parameter of that name (checked by RequestBodyInterceptor
   * against `pathParameters`), or else the caller's own id. `data` is the body unless the
   * endpoint maps it (the IVR's activity key); the endpoint's channel is added (R5).
   * Answers the service's JSON; 4xx as the service said; 503 UNAVAILABLE when it did not answer or failed.
   */
  async forward(endpoint: CommandEndpoint, { actor, key, params, body }: CommandCall, data: Record<string, unknown> = body): Promise<unknown> {
    const { service, method, path } = internalCommands[endpoint.command];
    const url = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? actor.id));
    const envelope = { actor: actorOfSubject(actor), data: endpoint.channel === undefined ? data : { ...data, channel: endpoint.channel } };
    return this.call(service, method, url, actor, key === undefined ? {} : { 'idempotency-key': key }, envelope, '; retry with the same Idempotency-Key');
  }

  /**
   * A call that is not a command (the notification service's push key and subscriptions): `body`
   * sent as it is with the caller's token, the answer (2xx or 4xx JSON) back as it is; 503
   * UNAVAILABLE when the service does not answer or fails.
   */
  pass(service: keyof ServiceUrls, method: 'GET' | 'POST', path: string, caller: Caller, body?: Record<string, unknown>): Promise<unknown> {
    return this.call(service, method, path, caller, {}, body, '');
  }

  private async call(
    service: keyof ServiceUrls,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    caller: Caller,
    headers: Record<string, string>,
    body: Record<string, unknown> | undefined,
    retry: string,
  ): Promise<unknown> {
    let response: Answer;
    try {
      const url = new URL(`${this.urls[service]}${path}`);
      response = await exchange(url, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${bearerOf(caller)}`, ...headers, ...requestIdHeader() },
        body: body === undefined ? undefined : JSON.stringify(body),
        agent: agents[url.protocol as keyof typeof agents],
        timeoutMs: INTERNAL_CALL_TIMEOUT_MS,
      });
    } catch (error) {
      throw new ServiceUnavailableException({ code: 'UNAVAILABLE', message: `the ${service} service did not answer: ${(error as Error).message}${retry}` });
    }
    if (response.status >= 500) throw new ServiceUnavailableException({ code: 'UNAVAILABLE', message: `the ${service} service failed${retry}` });
    let answer: Record<string, unknown>;
    try {
      answer = JSON.parse(response.text) as Record<string, unknown>;
    } catch {
      answer = { code: 'UNAVAILABLE', message: `the ${service} service answered ${response.status}` };
    }
    if (response.status < 200 || response.status >= 300) throw new HttpException(answer, response.status);
    return answer;
  }
}

// Connections to the services are kept open and reused (the services' keep-alive is 5 s).
const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };
const INTERNAL_CALL_TIMEOUT_MS = 10_000;

function requestIdHeader(): Record<string, string> {
  const id = currentRequestId();
  return id === undefined ? {} : { [REQUEST_ID_HEADER]: id };
}
