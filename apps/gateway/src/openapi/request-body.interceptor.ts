import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { prestationIdSchema, schemaError, schemaMessage, twelveDigits, ValidationError } from '@prestaflow/contracts';
import { requestBodies } from './request-bodies';

// Properties the schemas do not name are dropped, as the controllers always ignored them.
const ajv = addFormats(new Ajv({ removeAdditional: 'all', strictRequired: false }));
const validators = new Map(Object.entries(requestBodies).map(([operation, schema]) => [operation, ajv.compile(schema)]));

/**
 * The schema of each path parameter that names a stream, by its name in the routes: checked
 * before it reaches an internal service's path or a query (`..` would climb out of it; ADR 0013)
 * and published in the OpenAPI document.
 */
export const pathParameters: ReadonlyMap<string, object> = new Map<string, object>([
  ['id', prestationIdSchema],
  ['workerId', twelveDigits],
]);
const pathValidators = new Map([...pathParameters].map(([name, schema]) => [name, ajv.compile(schema)]));

/** "POST /company/prestations/:id/corrections" as the OpenAPI document writes it: ".../{id}/...". */
const operationOf = (method: string, routePath: string) => `${method.toUpperCase()} ${routePath.replace(/:(\w+)/g, '{$1}')}`;

// The gateway reads these itself, or passes them on as they are (a push subscription), and names
// them bare; every other field reaches a service inside a command, which names it data.<field>.
const gatewayFields = new Set(['activityKey', 'csv', 'subscription']);

const fieldOf = (path: readonly string[]) => (gatewayFields.has(path[0] ?? '') ? path.join('.') : ['data', ...path].join('.'));

/** A body field as the gateway's 400s name it (`reason` -> `data.reason`), also StorableTextInterceptor's. */
export const bodyField = (path: string) => fieldOf(path.split('.'));

interface HttpRequest {
  method: string;
  route?: { path: string };
  params: Record<string, string>;
  body: unknown;
}

/**
 * Checks every request before its controller, after the guards (who may call is answered
 * first), with a 400 naming the first bad field: path parameters against `pathParameters`
 * (ADR 0013), then the body against the schema the OpenAPI document publishes for its operation
 * (ADR 0009). Text PostgreSQL cannot store is the platform's StorableTextInterceptor's.
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<HttpRequest>();
      for (const [name, value] of Object.entries(request.params ?? {})) {
        const validate = pathValidators.get(name);
        if (validate && !validate(value)) throw new ValidationError(name, schemaMessage((validate.errors as [ErrorObject])[0]));
      }
      // A prestation is stored under its id in lower case (the services fold it when it is encoded): read it that way too.
      if (request.params?.['id']) request.params['id'] = request.params['id'].toLowerCase();
      const validate = request.route && validators.get(operationOf(request.method, request.route.path));
      if (validate && !validate(request.body)) throw schemaError((validate.errors as [ErrorObject])[0], fieldOf);
    }
    return next.handle();
  }
}
