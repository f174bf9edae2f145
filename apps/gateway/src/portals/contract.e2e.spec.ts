import { randomUUID } from 'node:crypto';
import { brusselsDate, type Caller, people, Platform, rawRequest } from '../testing/harness';

/**
 * Issue #10, items 2, 3, 4 and 8: what the platform accepts never breaks it. Each example of the
 * issue answered 2xx (a poison event) or 5xx before; the kinds are checked beyond the examples in
 * the contracts' property tests and in bad-input.e2e.spec.ts (ADR 0013).
 */
describe('one contract from request to event, through the gateway (issue #10, ADR 0013)', () => {
  const who = people();
  let platform: Platform;
  let tokens: Record<Caller, string>;
  const yesterday = brusselsDate(1);

  beforeAll(async () => {
    platform = await Platform.start(who);
    tokens = await platform.tokens(who);
  }, 240_000);

  afterAll(() => platform?.stop(), 30_000);

  const call = (method: string, path: string, caller: Caller, body?: unknown, key: string | null = randomUUID()) => platform.call(method, path, tokens[caller], body, key);
  const encoding = (overrides: Record<string, unknown> = {}) => ({
    prestationId: randomUUID(),
    workerId: who.worker,
    userId: who.user,
    serviceDate: yesterday,
    hours: 4,
    activity: 'HOUSEHOLD_HELP',
    reason: 'the worker had no network',
    ...overrides,
  });
  const rawCall = async (method: string, path: string, caller: Caller, body: unknown) => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${tokens[caller]}`, 'idempotency-key': randomUUID() };
    const { status, text } = await rawRequest(platform.base, method, path, headers, JSON.stringify(body));
    return { status, body: JSON.parse(text) as Record<string, unknown> };
  };
  const eventsOf = async (streamId: string) =>
    ((await platform.dataSource.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [streamId])) as [{ n: number }])[0].n;

  describe('item 2: nothing the event contract refuses is accepted', () => {
    it('an Idempotency-Key over 100 characters (the correlation id it becomes) is a 400 naming the header; nothing written', async () => {
      const body = encoding();
      expect(await call('POST', '/company/prestations', 'company', body, 'k'.repeat(101))).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'Idempotency-Key' } });
      expect(await eventsOf(body.prestationId)).toBe(0);
      expect(await call('POST', '/company/prestations', 'company', body, 'k'.repeat(100))).toMatchObject({ status: 201 });
    });

    it('a service date before 2004 (here 0000-01-01, no year PostgreSQL has) is a 400 naming data.serviceDate; nothing written', async () => {
      for (const serviceDate of ['0000-01-01', '2003-12-31']) {
        const body = encoding({ serviceDate });
        expect(await call('POST', '/company/prestations', 'company', body)).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'data.serviceDate' } });
        expect(await eventsOf(body.prestationId)).toBe(0);
      }
    });

    it('a date filter before 2004 is a 400 naming it, in the list and in the exports (a 500 and a cut download before)', async () => {
      expect(await call('GET', '/company/prestations?from=0000-01-01', 'company')).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'from' } });
      expect(await call('GET', '/company/prestations?to=0000-12-31', 'company')).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'to' } });
      for (const format of ['csv', 'xlsx']) {
        expect(await call('GET', `/company/prestations/export.${format}?from=0000-01-01`, 'company')).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'from' } });
      }
      expect(await call('GET', '/company/prestations?from=2004-01-01', 'company')).toMatchObject({ status: 200 });
    });

    it('R11 an e-mail address the contract refuses ("a"@b.c) is refused by the API too: 400 naming data.email', async () => {
      expect(await call('PUT', `/company/workers/${who.worker}/email`, 'company', { email: '"a"@b.c' })).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'data.email' } });
      expect(await eventsOf(who.worker)).toBe(0);
    });
  });

  describe('item 3: text PostgreSQL cannot store is a 400 naming the field, everywhere', () => {
    it('a NUL in a reason is a 400 naming data.reason (a 503 "retry" before, which no retry could cure)', async () => {
      const body = encoding({ reason: 'a\u0000b' });
      expect(await call('POST', '/company/prestations', 'company', body)).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'data.reason' } });
      expect(await eventsOf(body.prestationId)).toBe(0);
    });

    it('a NUL in a path is a 400 naming the parameter (a 500 before)', async () => {
      expect(await call('GET', '/company/prestations/%00', 'company')).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'id' } });
    });

    // A URL carries UTF-8, where no surrogate exists: unpaired ones come in JSON bodies (\\udc00).
    it('an unpaired surrogate in a body, a NUL in a query or a CSV file, is a 400 naming the field', async () => {
      expect(await call('POST', `/user/prestations/${randomUUID()}/contest`, 'user', { version: 1, reason: 'no \udc00' })).toMatchObject({ status: 400, body: { field: 'data.reason' } });
      expect(await call('PUT', '/worker/email', 'worker', { email: '\ud800@b.be' })).toMatchObject({ status: 400, body: { field: 'data.email' } });
      expect(await call('GET', '/company/prestations?userId=a%00', 'company')).toMatchObject({ status: 400, body: { field: 'userId' } });
      expect(await call('POST', '/operator/reference-data/users', 'operator', { csv: 'user_id,name,language,email\n100000000077,A\u0000,fr,\n' })).toMatchObject({ status: 400, body: { field: 'csv', reason: 'UNREADABLE_TEXT' } });
    });
  });

  describe('item 4: no lookup by a name the client chose', () => {
    it('?sort=toString and the other names of Object.prototype are a 400 naming sort (a 500 before)', async () => {
      for (const sort of ['toString', '-constructor', '__proto__', 'hasOwnProperty']) {
        expect(await call('GET', `/company/prestations?sort=${sort}`, 'company')).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'sort' } });
      }
    });

    it('POST /operator/reference-data/toString is a 400 naming kind (a 500 before)', async () => {
      for (const kind of ['toString', '__proto__', 'constructor']) {
        expect(await call('POST', `/operator/reference-data/${kind}`, 'operator', { csv: 'a\n1\n' })).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'kind' } });
      }
    });
  });

  describe('item 8: ids are checked before a path, unknown routes answer the platform error', () => {
    it('an id of ".." is a 400 naming id, never a route name of a service (404 "Cannot POST /internal/cancellation" before)', async () => {
      const answer = await rawCall('POST', '/company/prestations/%2e%2e/cancellation', 'company', { reason: 'x' });
      expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION', field: 'id' } });
      expect(JSON.stringify(answer.body)).not.toMatch(/internal/);
      expect(await rawCall('PUT', '/company/workers/..%2f..%2fx/email', 'company', { email: 'a@b.be' })).toMatchObject({ status: 400, body: { field: 'workerId' } });
    });

    it('an unknown route answers 404 with the code NOT_FOUND and names no route', async () => {
      for (const [method, path] of [
        ['GET', '/nowhere'],
        ['POST', '/company/prestations/x/y/z'],
        ['GET', '/internal/prestations'],
      ] as const) {
        const answer = await call(method, path, 'company', method === 'POST' ? {} : undefined);
        expect(answer).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
        expect(JSON.stringify(answer.body)).not.toMatch(/Cannot|internal|nowhere/);
      }
    });

    it("a company encoding another company's prestation id learns only that the id is taken: the same 409 as its own id's (ADR 0013)", async () => {
      const theirs = encoding();
      expect(await call('POST', '/company/prestations', 'company', theirs)).toMatchObject({ status: 201 });
      const ours = encoding({ workerId: who.otherWorker });
      expect(await call('POST', '/company/prestations', 'otherCompany', ours)).toMatchObject({ status: 201 });
      const onTheirs = await call('POST', '/company/prestations', 'otherCompany', { ...ours, prestationId: theirs.prestationId });
      const onOurs = await call('POST', '/company/prestations', 'otherCompany', ours);
      expect(onTheirs).toEqual({ status: 409, body: { code: 'ILLEGAL_STATE', message: 'the prestation already exists' } });
      expect(onOurs).toEqual(onTheirs);
    });
  });
});
