import { type ArgumentsHost, Catch, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';

/** The stable error codes of house-style.md and the HTTP status each one means. */
export const statusByErrorCode: Readonly<Record<string, HttpStatus>> = {
  VALIDATION: HttpStatus.BAD_REQUEST,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  ILLEGAL_STATE: HttpStatus.CONFLICT,
  CONCURRENCY: HttpStatus.PRECONDITION_FAILED,
};

/**
 * One filter for both sides of a service. HTTP: an error with a known `code` becomes its 4xx
 * status with a JSON body saying what was wrong; anything else goes to Nest's default (a 500 is
 * a bug). Event log: the original error goes back to the transport untouched (Nest's default
 * would replace it with "Internal server error"), so retries and dead letters see its code.
 */
@Catch()
export class PlatformExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    const code = (exception as { code?: unknown } | null)?.code;
    const status = typeof code === 'string' ? statusByErrorCode[code] : undefined;
    if (status === undefined) return super.catch(exception, host);
    const { message, name: _name, stack: _stack, ...details } = exception as Error & Record<string, unknown>;
    const response = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    response.status(status).json({ ...details, code, message });
  }
}
