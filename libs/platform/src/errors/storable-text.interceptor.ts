import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { requireStorableText, ValidationError } from '@prestaflow/contracts';

/** How a service names a field of its request body in a 400 (`reason` -> `data.reason`, say). */
export type BodyFieldName = (path: string) => string;

interface HttpRequest {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  headers: Record<string, unknown>;
  body?: unknown;
}

/**
 * Every service, every route: a path parameter, query parameter, Idempotency-Key or body text
 * that PostgreSQL cannot store (a NUL, an unpaired surrogate) is a 400 naming it before any
 * controller runs, rather than a 500 from the database or a 503 that no retry cures (ADR 0013).
 */
@Injectable()
export class StorableTextInterceptor implements NestInterceptor {
  constructor(private readonly bodyField: BodyFieldName = (path) => path) {}

  intercept(context: ExecutionContext, next: CallHandler) {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<HttpRequest>();
      requireStorableText(request.params, '');
      requireStorableText(request.query, '');
      requireStorableText(request.headers['idempotency-key'], 'Idempotency-Key');
      try {
        requireStorableText(request.body, '');
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        throw new ValidationError(this.bodyField(error.field), error.problem, error.reason);
      }
    }
    return next.handle();
  }
}
