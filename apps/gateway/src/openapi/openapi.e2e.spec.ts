import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { type OpenAPIObject, type OperationObject } from '@nestjs/swagger';
import { brusselsDate, type Caller, eventually, people, Platform } from '../testing/harness';

type Body = Record<string, unknown>;
interface Sample {
  readonly caller?: Caller;
  /** Accepted by the published schema, and not refused with a 400 by the gateway. */
  readonly valid: Body;
  /** Refused by both, besides the valid body without each required property and a non-object. */
  readonly bad: readonly unknown[];
}

const withMethods = ['post', 'put', 'patch'] as const;

describe('the OpenAPI document describes each request body as the gateway validates it (ADR 0009)', () => {
  const who = people();
  const yesterday = brusselsDate(1);
  const prestationId = randomUUID();
  let platform: Platform;
  let tokens: Record<Caller, string>;
  let document: OpenAPIObject;
  // strict: false, as OpenAPI 3.0 adds keywords (nullable) that plain JSON Schema does not have.
  const ajv = addFormats(new Ajv({ strict: false }));

  beforeAll(async () => {
    platform = await Platform.start(who);
    tokens = await platform.tokens(who);
    document = (await platform.call<OpenAPIObject>('GET', '/docs/openapi.json')).body;
  }, 240_000);

  afterAll(() => platform?.stop(), 30_000);

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      withMethods.flatMap((method) => (item[method] ? [{ key: `${method.toUpperCase()} ${path}`, path, method, operation: item[method] as OperationObject }] : [])),
    );
  // An answer's schema may point into components/schemas: compiled with them beside it.
  const answerValidator = (schema: object) => ajv.compile({ ...schema, components: document.components });
  // An operation's answer for a status, its errors' as they stand under components/responses.
  const responseOf = (operation: OperationObject, status: string) => {
    const response = operation.responses[status] as { $ref?: string; content?: Record<string, { schema: object }> } | undefined;
    const name = response?.$ref?.replace('#/components/responses/', '');
    return (name ? document.components?.responses?.[name] : response) as { content?: Record<string, { schema: object }> } | undefined;
  };
  const bodySchemaOf = (operation: OperationObject) => (operation.requestBody as { content?: Record<string, { schema?: object }> } | undefined)?.content?.['application/json']?.schema;

  const encoding = { userId: who.user, serviceDate: yesterday, hours: 4 };
  const samples: Record<string, Sample> = {
    'POST /auth/dev-tokens': { valid: { role: 'worker', sub: who.worker }, bad: [{ role: 'admin', sub: 'x' }, { role: 'worker', sub: '42' }, { role: 'company', sub: '' }] },
    'POST /company/prestations': {
      caller: 'company',
      valid: { ...encoding, prestationId, workerId: who.worker, activity: 'HOUSEHOLD_HELP', reason: 'no network' },
      bad: [
        { hours: 10 },
        { hours: 'four' },
        { serviceDate: '2025-02-30' },
        { prestationId: 'p-1' },
        { prestationId: '00000000-0000-0000-0000-000000000000' },
        { activity: 'GARDENING' },
        { workerId: '98' },
        { reason: '   ' },
      ].map((override) => ({ ...encoding, prestationId: randomUUID(), workerId: who.worker, activity: 'HOUSEHOLD_HELP', reason: 'no network', ...override })),
    },
    'POST /company/prestations/{id}/corrections': {
      caller: 'company',
      valid: { version: 1, serviceDate: yesterday, hours: 5, activity: 'IRONING', reason: null },
      bad: [{ version: 'one', serviceDate: yesterday, hours: 5, activity: 'IRONING' }, { version: 1, serviceDate: yesterday, hours: 5, activity: 'IRONING', reason: ' ' }],
    },
    'POST /company/prestations/{id}/validation': { caller: 'company', valid: { version: 2 }, bad: [{ version: 0 }, { version: 1.5 }] },
    'PUT /company/workers/{workerId}/email': { caller: 'company', valid: { email: 'aicha@example.be' }, bad: [{ email: 'not an address' }, { email: 'a@b' }] },
    'POST /worker/prestations': {
      caller: 'worker',
      valid: { ...encoding, prestationId: randomUUID(), companyId: who.companyA, activity: 'IRONING' },
      bad: [{ ...encoding, prestationId: randomUUID(), companyId: who.companyA, activity: 'IRONING', userId: 100 }],
    },
    'POST /worker/prestations/{id}/validation': { caller: 'worker', valid: { version: 2 }, bad: [{ version: '2' }] },
    'POST /worker/prestations/{id}/contest': {
      caller: 'worker',
      valid: { version: 2, reasonCode: 'WRONG_HOURS', text: 'four, not five', proposedHours: 4 },
      bad: [
        { version: 2, reasonCode: 'BORED', text: 'x' },
        { version: 2, reasonCode: 'WRONG_HOURS', text: 'x', proposedHours: 0 },
      ],
    },
    'PUT /worker/email': { caller: 'worker', valid: { email: 'aicha@example.be' }, bad: [{ email: '' }] },
    // No notification service in this stack: the valid one is a documented 503.
    'POST /worker/push-subscriptions': {
      caller: 'worker',
      valid: { subscription: { endpoint: 'https://push.example/device-1', expirationTime: null, keys: { p256dh: 'BOr1xdQ8dWg', auth: 'k3Yh_Qg' } } },
      bad: [
        { subscription: { endpoint: 'http://push.example/device-1', keys: { p256dh: 'BOr1xdQ8dWg', auth: 'k3Yh_Qg' } } },
        { subscription: { endpoint: 'https://push.example/device-1', keys: { p256dh: 'B+/=x', auth: 'k3Yh_Qg' } } },
        { subscription: 'https://push.example/device-1' },
      ],
    },
    'POST /ivr/prestations': {
      caller: 'worker',
      valid: { ...encoding, prestationId: randomUUID(), companyId: who.companyA, activityKey: 2 },
      bad: [{ ...encoding, prestationId: randomUUID(), companyId: who.companyA, activityKey: 7 }],
    },
    'POST /ivr/prestations/{id}/validation': { caller: 'worker', valid: { version: 2 }, bad: [{ version: null }] },
    'POST /user/absences': { caller: 'user', valid: { from: brusselsDate(-300), to: brusselsDate(-309) }, bad: [{ from: '2043-02-30', to: '2043-09-10' }] },
    'POST /user/prestations/{id}/confirmation': { caller: 'user', valid: { version: 2 }, bad: [{ version: -1 }] },
    'POST /user/prestations/{id}/contest': { caller: 'user', valid: { version: 2, reason: 'not done' }, bad: [{ version: 2, reason: '' }] },
    'POST /operator/reference-data/{kind}': {
      caller: 'operator',
      valid: { csv: `user_id,name,language,email\n1${String(Date.now()).slice(-11)},Famille Martin,fr,\n` },
      bad: [{ csv: 42 }],
    },
    // Last: the commands above address this prestation.
    'POST /company/prestations/{id}/cancellation': { caller: 'company', valid: { reason: 'duplicate' }, bad: [{ reason: 7 }] },
  };

  const concrete = (path: string) => path.replace('{id}', prestationId).replace('{workerId}', who.worker).replace('{kind}', 'users');
  const send = (key: string, body: unknown) => {
    const [method, path] = key.split(' ') as [string, string];
    const { caller } = samples[key] as Sample;
    return platform.call(method, concrete(path), caller && tokens[caller], body);
  };

  it('gives every POST, PUT and PATCH a JSON request body schema, and this test a sample of each', () => {
    const all = operations();
    expect(all.length).toBeGreaterThanOrEqual(Object.keys(samples).length);
    expect(all.filter(({ operation }) => !bodySchemaOf(operation)).map(({ key }) => key)).toEqual([]);
    expect(all.map(({ key }) => key).sort()).toEqual(Object.keys(samples).sort());
  });

  it('gives every operation a summary of its own, naming its rule where it has one', () => {
    const summaries = Object.entries(document.paths).flatMap(([path, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as const).flatMap((method) => (item[method] ? [[`${method.toUpperCase()} ${path}`, item[method].summary] as const] : [])),
    );
    expect(summaries.length).toBeGreaterThanOrEqual(37);
    expect(summaries.filter(([, summary]) => !summary)).toEqual([]);
    expect(new Set(summaries.map(([, summary]) => summary)).size).toBe(summaries.length);
    expect(Object.fromEntries(summaries)).toMatchObject({ 'POST /company/prestations': expect.stringMatching(/^R2: /), 'GET /worker/history': expect.stringMatching(/^R12, R13: /) });
  });

  it('documents the platform error body and the command answer', () => {
    const encode = document.paths['/company/prestations']?.post as OperationObject;
    expect(Object.keys(encode.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '412', '413', '415', '429', '503']);
    expect(answerValidator(responseOf(encode, '412')!.content!['application/json']!.schema)({ code: 'CONCURRENCY', message: 'x' })).toBe(true);
    expect(answerValidator(responseOf(encode, '412')!.content!['application/json']!.schema)({ code: 'VALIDATION', message: 'x' })).toBe(false);
    expect(answerValidator(responseOf(encode, '201')!.content!['application/json']!.schema)({ streamId: prestationId, streamVersion: 1, status: 'AwaitingWorker', events: [] })).toBe(true);
  });

  it("GET /worker/profile (issue 11): the answer matches the published schema, and the 404 for a worker the reference data lacks is documented", async () => {
    const operation = document.paths['/worker/profile']?.get as OperationObject;
    const schema = (operation.responses['200'] as { content: Record<string, { schema: object }> }).content['application/json']!.schema;
    const answer = await platform.call<Record<string, unknown>>('GET', '/worker/profile', tokens.worker);
    expect(answer.status).toBe(200);
    const validate = answerValidator(schema);
    expect({ body: answer.body, valid: validate(answer.body) }).toEqual({ body: answer.body, valid: true });
    const { companies: _left, ...withoutCompanies } = answer.body;
    expect(validate(withoutCompanies)).toBe(false);
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '401', '403', '404', '429']);
  });

  // In this order: the company's encoding first, so that the commands on {id} address it.
  it.each(Object.keys(samples))('%s: the valid sample passes the published schema and the gateway; each bad one is refused by both', async (key) => {
    const { operation } = operations().find((candidate) => candidate.key === key) ?? {};
    const validate = ajv.compile(bodySchemaOf(operation as OperationObject) as object);
    const { valid, bad } = samples[key] as Sample;

    expect({ valid, errors: validate(valid) ? null : validate.errors }).toEqual({ valid, errors: null });
    const answer = await send(key, valid);
    expect(answer.status).not.toBe(400);
    // Only documented answers, each with the shape the document gives it.
    const documented = responseOf(operation as OperationObject, String(answer.status));
    expect({ status: answer.status, documented: !!documented }).toEqual({ status: answer.status, documented: true });
    const answerSchema = documented?.content?.['application/json']?.schema;
    if (answerSchema) expect(answerValidator(answerSchema)(answer.body)).toBe(true);

    const required = ((bodySchemaOf(operation as OperationObject) as { required?: string[] }).required ?? []).map((name) => Object.fromEntries(Object.entries(valid).filter(([field]) => field !== name)));
    for (const body of [...bad, ...required, [1, 2]]) {
      expect({ body, valid: validate(body) }).toEqual({ body, valid: false });
      expect({ body, answer: await send(key, body) }).toMatchObject({ body, answer: { status: 400, body: { code: 'VALIDATION' } } });
    }
  }, 30_000);

  it(`gives every 2xx answer a schema: JSON for the API, the media types of files (${'GET /metrics'}, the exports)`, () => {
    const undescribed = Object.entries(document.paths).flatMap(([path, item]) =>
      (['get', ...withMethods, 'delete'] as const).flatMap((method) => {
        const operation = item[method];
        if (!operation) return [];
        const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
        const described = success.length > 0 && success.every(([, response]) => Object.values((response as { content?: Record<string, { schema?: object }> }).content ?? {}).some((media) => media.schema));
        return described ? [] : [`${method.toUpperCase()} ${path}`];
      }),
    );
    expect(undescribed).toEqual([]);
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(expect.arrayContaining(['CompanyPage', 'WorkerHistory', 'UserItem', 'PlatformError']));
  });

  describe('the answers', () => {
    // A prestation the worker still has to validate: in every audience's lists, so none of them is empty.
    const answered = randomUUID();
    beforeAll(async () => {
      const body = { ...encoding, prestationId: answered, workerId: who.worker, activity: 'IRONING', reason: 'no network' };
      expect((await platform.call('POST', '/company/prestations', tokens.company, body)).status).toBe(201);
      await eventually(
        () => platform.call<Array<{ prestationId: string }>>('GET', '/worker/prestations/to-validate', tokens.worker),
        ({ body }) => Array.isArray(body) && body.some((item) => item.prestationId === answered),
      );
    }, 60_000);

    it.each([
      ['GET /health', undefined, '/health'],
      ['GET /me', 'worker', '/me'],
      ['GET /.well-known/jwks.json', undefined, '/.well-known/jwks.json'],
      ['GET /auth/dev-people', undefined, '/auth/dev-people'],
      ['GET /company/prestations', 'company', '/company/prestations'],
      ['GET /company/prestations/{id}', 'company', `/company/prestations/${answered}`],
      ['GET /company/share', 'company', '/company/share'],
      ['GET /company/share/weeks', 'company', '/company/share/weeks'],
      ['GET /company/workers', 'company', '/company/workers'],
      ['GET /company/users', 'company', '/company/users'],
      ['GET /{portal}/prestations/{id}/audit', 'company', `/company/prestations/${answered}/audit`],
      ['GET /worker/prestations/to-validate', 'worker', '/worker/prestations/to-validate'],
      ['GET /worker/history', 'worker', '/worker/history'],
      ['GET /worker/profile', 'worker', '/worker/profile'],
      ['GET /user/prestations', 'user', '/user/prestations'],
      ['GET /user/absences', 'user', '/user/absences'],
      ['GET /operator/shares', 'operator', '/operator/shares'],
    ] as const)('%s answers what its published schema says (closed objects: no field the schema does not name)', async (key, caller, path) => {
      const [method, template] = key.split(' ') as [string, string];
      const success = responseOf((document.paths[template] as Record<string, OperationObject>)[method.toLowerCase()]!, '200');
      const validate = answerValidator(success!.content!['application/json']!.schema);
      const answer = await platform.call(method, path, caller && tokens[caller]);
      expect(answer.status).toBe(200);
      expect({ body: answer.body, errors: validate(answer.body) ? null : validate.errors }).toEqual({ body: answer.body, errors: null });
      // Each list holds something, so that the check saw its items; a row whose worker (or company)
      // deadline is not running has no working days left, rightly empty.
      const daysLeft = new Set(['workingDaysLeft', 'companyWorkingDaysLeft']);
      expect(JSON.stringify(answer.body, (key, value: unknown) => (daysLeft.has(key) ? undefined : value))).not.toContain('[]');
    });
  });

  it('is the document the committed web app types were generated from (apps/web/src/api/openapi.d.ts; regenerate: npm run api-types)', () => {
    const root = resolve(__dirname, '../../../..');
    const generated = execFileSync(process.execPath, ['-r', '@swc-node/register', 'apps/gateway/src/openapi/write-web-api-types.ts', '--stdin'], { cwd: root, input: JSON.stringify(document), encoding: 'utf8' });
    expect(generated).toBe(readFileSync(resolve(root, 'apps/web/src/api/openapi.d.ts'), 'utf8'));
  });
});
