import { type ArgumentsHost, Catch, HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';

/** The stable error codes of house-style.md and the HTTP status each one means. */
export const statusByErrorCode: Readonly<Record<string, HttpStatus>> = {
  VALIDATION: HttpStatus.BAD_REQUEST,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  ILLEGAL_STATE: HttpStatus.CONFLICT,
  CONCURRENCY: HttpStatus.PRECONDITION_FAILED,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
};

const outOfReach = new Logger('PlatformExceptionFilter');
const codeByStatus = new Map(Object.entries(statusByErrorCode).map(([code, status]) => [status, code]));

/** The status of body-parser's refusals (http-errors: too large, bad encoding, bad charset) and json-body.ts's, which are not HttpExceptions. */
function bodyParserStatus(exception: unknown): number | undefined {
  const { status, expose } = (exception ?? {}) as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && expose === true ? status : undefined;
}

/**
 * Nest's own 4xx (no route, a body that is not JSON) and body-parser's (too large: 413, content
 * encoding or charset it cannot read: 415, broken gzip: 400) in the platform's body: the code its
 * status means, and for a missing route no route name (an internal one would show through the gateway).
 */
function platformError(exception: unknown): { status: number; body: { code: string; message: string } } | undefined {
  const status = exception instanceof HttpException ? ((exception.getResponse() as { code?: unknown }).code === undefined ? exception.getStatus() : undefined) : bodyParserStatus(exception);
  const code = status === undefined ? undefined : codeByStatus.get(status);
  if (status === undefined || code === undefined) return undefined;
  return { status, body: { code, message: exception instanceof NotFoundException ? 'no such endpoint' : (exception as Error).message } };
}

// A database or a peer out of reach: the socket's errors, PostgreSQL's connection exceptions (class 08, but not
// 08P01, a protocol violation: a bug), shutdowns (57P01-57P03) and too many connections (53300). Not a host name
// that does not resolve (ENOTFOUND): a configuration fault, which stays a 500 with its stack (review).
// node-postgres' own have no code, only these texts.
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300']);
const unreachableTexts = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** Whether `exception` says a dependency (PostgreSQL, mostly) could not be reached, rather than a bug. */
export function isOutOfReach(exception: unknown): boolean {
  const { code, message, driverError } = (exception ?? {}) as { code?: unknown; message?: unknown; driverError?: unknown };
  if (driverError !== undefined && driverError !== exception && isOutOfReach(driverError)) return true; // TypeORM's QueryFailedError wraps pg's
  if (typeof code === 'string' && unreachableCodes.has(code)) return true;
  return typeof message === 'string' && unreachableTexts.test(message);
}

/**
 * One filter for both sides of a service. HTTP: an error with a known `code` becomes its 4xx
 * status with a JSON body saying what was wrong, as does Nest's own 4xx without a code (unknown
 * route: 404 NOT_FOUND); a database out of reach (`isOutOfReach`) is 503 UNAVAILABLE, which the
 * web app retries by itself (review: it was a 500, and the worker's kept list gave way to an
 * error); anything else goes to Nest's default (a 500 is a bug, logged with its stack). Event log: the
 * original error goes back to the transport untouched (Nest's default would replace it with
 * "Internal server error"), so retries and dead letters see its code.
 */
@Catch()
export class PlatformExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    const response = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    const code = (exception as { code?: unknown } | null)?.code;
    const status = typeof code === 'string' && Object.hasOwn(statusByErrorCode, code) ? statusByErrorCode[code] : undefined;
    if (status === undefined) {
      const nests = platformError(exception);
      if (nests) return response.status(nests.status).json(nests.body);
      if (isOutOfReach(exception)) {
        outOfReach.warn(`answered 503: ${(exception as Error).message}`);
        return response.status(HttpStatus.SERVICE_UNAVAILABLE).json({ code: 'UNAVAILABLE', message: 'the database or another part of the platform cannot be reached for now: try again in a moment' });
      }
      return super.catch(exception, host);
    }
    const { message, name: _name, stack: _stack, ...details } = exception as Error & Record<string, unknown>;
    response.status(status).json({ ...details, code, message });
  }
}
