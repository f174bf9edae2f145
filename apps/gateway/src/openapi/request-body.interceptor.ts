import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { ValidationError } from '@prestaflow/contracts';
import { requestBodies } from './request-bodies';

// Properties the schemas do not name are dropped, as the controllers always ignored them.
const ajv = addFormats(new Ajv({ removeAdditional: 'all', strictRequired: false }));
const validators = new Map(Object.entries(requestBodies).map(([operation, schema]) => [operation, ajv.compile(schema)]));

/** "POST /company/prestations/:id/corrections" as the OpenAPI document writes it: ".../{id}/...". */
const operationOf = (method: string, routePath: string) => `${method.toUpperCase()} ${routePath.replace(/:(\w+)/g, '{$1}')}`;

// The gateway reads these itself and has always named them bare; every other field reaches a
// service, which names it data.<field>.
const gatewayFields = new Set(['activityKey', 'csv']);

function toValidationError(error: ErrorObject): ValidationError {
  const path = error.instancePath.split('/').filter(Boolean);
  if (error.keyword === 'required') path.push(error.params['missingProperty'] as string);
  if (path.length === 0) return new ValidationError('body', 'must be a JSON object');
  const field = gatewayFields.has(path[0] ?? '') ? path.join('.') : ['data', ...path].join('.');
  if (error.keyword === 'required') return new ValidationError(field, 'is required');
  if (error.keyword === 'enum') return new ValidationError(field, `must be one of ${(error.params['allowedValues'] as unknown[]).join(', ')}`);
  return new ValidationError(field, error.message ?? 'is malformed');
}

/**
 * Validates a request body against the schema the OpenAPI document publishes for its operation
 * (400 naming the first bad field), after the guards: who may call is answered first.
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<{ method: string; route?: { path: string }; body: unknown }>();
      const validate = request.route && validators.get(operationOf(request.method, request.route.path));
      if (validate && !validate(request.body)) throw toValidationError((validate.errors as [ErrorObject])[0]);
    }
    return next.handle();
  }
}
