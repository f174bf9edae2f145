import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { type Actor as Caller } from '../auth/actor';
import { actorOfSubject, currentRequestId, REQUEST_ID_HEADER } from '@prestaflow/platform';
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

  async send(service: keyof ServiceUrls, method: 'POST' | 'PUT', path: string, caller: Caller, key: string | undefined, data: Record<string, unknown>): Promise<unknown> {
    const headers: Record<string, string> = key === undefined ? {} : { 'idempotency-key': key };
    return this.exchange(service, method, path, caller, headers, { actor: actorOfSubject(caller), data }, '; retry with the same Idempotency-Key');
  }

  /**
   * A call that is not a command (the notification service's push key and subscriptions): `body`
   * sent as it is with the caller's token, the answer (2xx or 4xx JSON) back as it is; 503
   * UNAVAILABLE when the service does not answer or fails.
   */
  forward(service: keyof ServiceUrls, method: 'GET' | 'POST', path: string, caller: Caller, body?: Record<string, unknown>): Promise<unknown> {
    return this.exchange(service, method, path, caller, {}, body, '');
  }

  private async exchange(
    service: keyof ServiceUrls,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    caller: Caller,
    headers: Record<string, string>,
    body: Record<string, unknown> | undefined,
    retry: string,
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.urls[service]}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${bearerOf(caller)}`, ...headers, ...requestIdHeader() },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new ServiceUnavailableException({ code: 'UNAVAILABLE', message: `the ${service} service did not answer: ${(error as Error).message}${retry}` });
    }
    const answer = (await response.json().catch(() => ({ code: 'UNAVAILABLE', message: `the ${service} service answered ${response.status}` }))) as Record<string, unknown>;
    if (response.status >= 500) throw new ServiceUnavailableException({ code: 'UNAVAILABLE', message: `the ${service} service failed${retry}` });
    if (!response.ok) throw new HttpException(answer, response.status);
    return answer;
  }
}

function requestIdHeader(): Record<string, string> {
  const id = currentRequestId();
  return id === undefined ? {} : { [REQUEST_ID_HEADER]: id };
}
