import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { type Actor as Caller } from '../auth/actor';
import { actorOfSubject, currentRequestId, REQUEST_ID_HEADER } from '@prestaflow/platform';
import { bearerOf } from '../auth/token-verifier';

export interface ServiceUrls {
  readonly encoding: string;
  readonly validation: string;
}

/** ENCODING_SERVICE_URL and VALIDATION_SERVICE_URL, read at boot; defaults are the services' default ports. */
export function loadServiceUrls(env: NodeJS.ProcessEnv = process.env): ServiceUrls {
  return {
    encoding: (env['ENCODING_SERVICE_URL']?.trim() || 'http://127.0.0.1:3001').replace(/\/$/, ''),
    validation: (env['VALIDATION_SERVICE_URL']?.trim() || 'http://127.0.0.1:3002').replace(/\/$/, ''),
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
    let response: Response;
    try {
      response = await fetch(`${this.urls[service]}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${bearerOf(caller)}`,
          ...(key === undefined ? {} : { 'idempotency-key': key }),
          ...requestIdHeader(),
        },
        body: JSON.stringify({ actor: actorOfSubject(caller), data }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new ServiceUnavailableException({ code: 'UNAVAILABLE', message: `the ${service} service did not answer: ${(error as Error).message}; retry with the same Idempotency-Key` });
    }
    const body = (await response.json().catch(() => ({ code: 'UNAVAILABLE', message: `the ${service} service answered ${response.status}` }))) as Record<string, unknown>;
    if (response.status >= 500) throw new ServiceUnavailableException({ code: 'UNAVAILABLE', message: `the ${service} service failed; retry with the same Idempotency-Key` });
    if (!response.ok) throw new HttpException(body, response.status);
    return body;
  }
}

function requestIdHeader(): Record<string, string> {
  const id = currentRequestId();
  return id === undefined ? {} : { [REQUEST_ID_HEADER]: id };
}
