import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, type ParameterObject, SwaggerModule } from '@nestjs/swagger';
import { errorReasons } from '@prestaflow/contracts';
import { pathParameters } from './request-body.interceptor';
import { requestBodies } from './request-bodies';
import { answerContent, fileResponses, responseBodies } from './response-bodies';

const errorStatuses = {
  400: ['VALIDATION', 'malformed input: `field` names it (`problems` lists the lines of a refused CSV)'],
  401: ['UNAUTHENTICATED', 'no bearer token, or one refused'],
  403: ['FORBIDDEN', "not for this role, or another's prestation"],
  404: ['NOT_FOUND', 'no such prestation (yet)'],
  409: ['ILLEGAL_STATE', 'not in the current state, or the Idempotency-Key was used for another request'],
  412: ['CONCURRENCY', 'decided on another version than the current one: reload and decide again'],
  413: ['PAYLOAD_TOO_LARGE', 'the body is over the size limit'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'a body not sent as JSON (Content-Type application/json), or in a content encoding or charset the gateway cannot read (gzip, deflate and br are read)'],
  503: ['UNAVAILABLE', 'a service did not answer or failed: retry with the same Idempotency-Key'],
} as const;
type ErrorStatus = keyof typeof errorStatuses;

/** Operations that are not commands with other answers than their input's: what those mean there (the first two are passed on to a service). */
const forwarded: Readonly<Record<string, Partial<Record<ErrorStatus, string>>>> = {
  'GET /worker/push-key': { 404: 'Web Push is not configured (no VAPID keys)', 503: 'the notification service did not answer' },
  'POST /worker/push-subscriptions': { 503: 'the notification service did not answer' },
  'GET /worker/profile': { 404: 'the reference data has no such worker' },
};

/** The platform's JSON error body (PlatformExceptionFilter) with one of `codes`. */
const errorBody = (codes: string[]) => ({
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', enum: codes },
    message: { type: 'string', description: 'what was wrong, in English, for support' },
    field: { type: 'string', description: 'the offending field as a JSON path: a body field under `data.` (data.workerId, data.to), a header or path parameter bare (Idempotency-Key, id)' },
    reason: { type: 'string', enum: [...errorReasons], description: 'what is wrong with `field` (or which conflict, for ILLEGAL_STATE), when it is one the web names' },
    limit: { type: 'integer', description: 'the bound `field` broke, for the web to name: characters (reason TOO_LONG), calendar days (PERIOD_TOO_LONG, TOO_FAR_AHEAD)' },
    problem: { type: 'string' },
    problems: { type: 'array', items: { type: 'string' } },
  },
});

/** The error body of one status, with the code it carries. */
const errorResponse = (status: ErrorStatus, meaning?: string) => {
  const [code, standard] = errorStatuses[status];
  return { description: meaning ?? standard, content: { 'application/json': { schema: errorBody([code]) } } };
};

/** Each status's standard error once under components/responses, by its code; operations point to it. */
const errorReference = (status: ErrorStatus) => ({ $ref: `#/components/responses/${errorStatuses[status][0]}` });

/** The throttler's answer is Nest's own body, without a code. */
const rateLimited = {
  description: 'past the per-client rate limit (GATEWAY_RATE_LIMIT requests a minute)',
  content: { 'application/json': { schema: { type: 'object', required: ['statusCode', 'message'], properties: { statusCode: { type: 'integer', enum: [429] }, message: { type: 'string' } } } } },
};

/** What the encoding and validation services answer to a command (runInternalCommand). */
const commandAnswer = {
  type: 'object',
  required: ['streamId', 'streamVersion', 'status', 'events'],
  properties: {
    streamId: { type: 'string' },
    streamVersion: { type: 'integer', minimum: 1 },
    status: { type: 'string', nullable: true },
    events: { type: 'array', items: { type: 'object', required: ['type', 'streamPosition'], properties: { type: { type: 'string' }, streamPosition: { type: 'integer' } } } },
  },
};

/** The routes every service has from libs/platform, which carries no OpenAPI metadata of its own; the gateway's have `@ApiOperation`. */
const platformSummaries: Readonly<Record<string, string>> = {
  'GET /health': 'Whether the gateway, its broker and its database are up (200, or 503 with the same body)',
  'GET /metrics': 'The gateway\'s metrics, in the Prometheus text format',
};

const isCommand = (method: string, operation: OperationObject) =>
  method !== 'get' && (operation.parameters ?? []).some((parameter) => (parameter as ParameterObject).name === 'Idempotency-Key');

function errorStatusesOf(method: string, operation: OperationObject): ErrorStatus[] {
  const secured = (operation.security ?? []).length > 0;
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const hasInput = !!operation.requestBody || parameters.some((parameter) => parameter.in !== 'header');
  const statuses: ErrorStatus[] = [...(hasInput ? [400 as const] : []), ...(operation.requestBody ? [413 as const, 415 as const] : []), ...(secured ? [401 as const, 403 as const] : [])];
  if (isCommand(method, operation)) return [...statuses, 404, 409, 412, 503];
  // A list's query is input too, but only an id in the path can name what does not exist.
  return method === 'get' && parameters.some((parameter) => parameter.in === 'path') ? [...statuses, 404] : statuses;
}

/**
 * The document at /docs: paths and tags from the controllers, then the schemas of the ids in
 * paths and each body schema of request-bodies.ts (the ones the gateway validates against), the command answers and the error
 * bodies (ADR 0009).
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Prestaflow gateway')
      .setDescription('The company portal, the worker app, the user space and the IVR entry point. Tokens: see README.md, "Authentication".')
      .addBearerAuth()
      .build(),
  );
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
        const pathSchema = parameter.in === 'path' && pathParameters.get(parameter.name);
        if (pathSchema) parameter.schema = pathSchema;
      }
      const key = `${method.toUpperCase()} ${path}`;
      operation.summary ??= platformSummaries[key];
      const schema = requestBodies[key];
      if (schema) operation.requestBody = { required: true, content: { 'application/json': { schema } } };
      const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))?.[1];
      const answer = responseBodies[key];
      if (success && (answer || fileResponses[key])) Object.assign(success, { content: answer ? answerContent(answer) : fileResponses[key] });
      if (success && isCommand(method, operation)) Object.assign(success, { content: { 'application/json': { schema: { $ref: '#/components/schemas/CommandAnswer' } } } });
      for (const status of errorStatusesOf(method, operation)) operation.responses[status] = errorReference(status);
      for (const [status, meaning] of Object.entries(forwarded[key] ?? {})) operation.responses[status] = errorResponse(Number(status) as ErrorStatus, meaning);
      operation.responses['429'] = { $ref: '#/components/responses/RATE_LIMITED' };
    }
  }
  const answers = Object.fromEntries(Object.values(responseBodies).map(({ name, schema }) => [name, schema]));
  // Every code at once, for clients that read any error alike (the web app's ApiError).
  const platformError = errorBody(Object.values(errorStatuses).map(([code]) => code));
  const errors = Object.fromEntries((Object.keys(errorStatuses) as unknown as ErrorStatus[]).map((status) => [errorStatuses[status][0], errorResponse(status)]));
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...answers, CommandAnswer: commandAnswer, PlatformError: platformError },
    responses: { ...errors, RATE_LIMITED: rateLimited },
  };
  return document;
}
