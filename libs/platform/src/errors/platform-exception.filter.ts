import { type ArgumentsHost, Catch, HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
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

/**
 * One filter for both sides of a service. HTTP: an error with a known `code` becomes its 4xx
 * status with a JSON body saying what was wrong, as does Nest's own 4xx without a code (unknown
 * route: 404 NOT_FOUND); anything else goes to Nest's default (a 500 is a bug). Event log: the
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
      return super.catch(exception, host);
    }
    const { message, name: _name, stack: _stack, ...details } = exception as Error & Record<string, unknown>;
    response.status(status).json({ ...details, code, message });
  }
}
