import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { startService } from '@prestaflow/platform';
import { TestIssuer } from '@prestaflow/platform/testing';
import { importReferenceData } from '@prestaflow/reference-data';
import { DataSource } from 'typeorm';
import { encodingService } from '../service';

/** The internal API as the gateway calls it (ADR 0006), on the real database and broker. */
describe('encoding service internal API', () => {
  let app: INestApplication;
  let base = '';
  let issuer: TestIssuer;
  let companyToken = '';
  const company = `co-enc-${randomUUID().slice(0, 8)}`;
  const worker = `980${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  const user = `1${String(Math.floor(Math.random() * 1e11)).padStart(11, '0')}`;
  const yesterday = new Date(Date.now() - 864e5).toISOString().slice(0, 10);

  beforeAll(async () => {
    // Its callers' tokens come from an identity provider of the test's own (ADR 0018).
    issuer = await TestIssuer.start();
    companyToken = await issuer.token('company', company);
    app = await startService(encodingService, { ...process.env, PORT: '0', ...issuer.env });
    base = await app.getUrl();
    const dataSource = app.get(DataSource);
    await importReferenceData(dataSource, 'companies', `company_id,name,region,language,email\n${company},Test,BRUSSELS,fr,\n`);
    await importReferenceData(dataSource, 'workers', `worker_id,name,language,email,app_installed,company_ids\n${worker},W,fr,,yes,${company}\n`);
    await importReferenceData(dataSource, 'users', `user_id,name,language,email\n${user},U,fr,\n`);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  const encode = (key: string | undefined, body: unknown, token: string | null = companyToken) =>
    fetch(`${base}/internal/company-encodings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}), ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));
  const request = (prestationId: string) => ({
    actor: { id: company, role: 'COMPANY' },
    data: { prestationId, workerId: worker, userId: user, serviceDate: yesterday, hours: 4, activity: 'HOUSEHOLD_HELP', reason: 'no network' },
  });
  const streamVersion = async (id: string) =>
    Number(((await app.get(DataSource).query('SELECT version FROM event_streams WHERE stream_id = $1', [id])) as Array<{ version: string }>)[0]?.version ?? 0);

  it("R19 takes the company's region from the reference data; the key's answer is stored with the stream version", async () => {
    const id = randomUUID();
    const key = randomUUID();
    expect(await encode(key, request(id))).toMatchObject({ status: 201, body: { streamId: id, streamVersion: 1, status: 'AwaitingWorker' } });
    const [receipt] = (await app.get(DataSource).query('SELECT stream_id, stream_version FROM command_receipts WHERE idempotency_key = $1', [key])) as Array<{ stream_id: string; stream_version: string }>;
    expect(receipt).toEqual({ stream_id: id, stream_version: '1' });
    const [event] = (await app.get(DataSource).query('SELECT data FROM events WHERE stream_id = $1', [id])) as Array<{ data: { region: string } }>;
    expect(event!.data.region).toBe('BRUSSELS');
  });

  it('the same request sent 8 times at once writes one event; every answer is the stored one (ADR 0014: no "still running")', async () => {
    const id = randomUUID();
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 8 }, () => encode(key, request(id))));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(await streamVersion(id)).toBe(1);
    expect(await encode(key, request(id))).toEqual(answers.find((answer) => answer.status === 201));
    expect(answers).toEqual(Array.from({ length: 8 }, () => answers[0]));
  });

  it('the same request with its properties in another order is the same request: the stored answer, one write', async () => {
    const id = randomUUID();
    const key = randomUUID();
    const first = await encode(key, request(id));
    expect(first).toMatchObject({ status: 201 });
    const reversed = (value: object) => Object.fromEntries(Object.entries(value).reverse());
    const { actor, data } = request(id);
    expect(await encode(key, { data: reversed(data), actor: reversed(actor) })).toEqual(first);
    expect(await streamVersion(id)).toBe(1);
  });

  it('the same key with another request, even one that differs only deep inside, is refused (409) and writes nothing', async () => {
    const id = randomUUID();
    const key = randomUUID();
    expect(await encode(key, request(id))).toMatchObject({ status: 201 });
    const other = randomUUID();
    expect(await encode(key, request(other))).toMatchObject({ status: 409, body: { code: 'ILLEGAL_STATE', message: expect.stringContaining('another request') } });
    expect(await encode(key, { ...request(id), data: { ...request(id).data, hours: 5 } })).toMatchObject({ status: 409 });
    expect(await streamVersion(other)).toBe(0);
    expect(await streamVersion(id)).toBe(1);
  });

  it('refuses a malformed call naming the field, and writes nothing', async () => {
    const id = randomUUID();
    expect(await encode(randomUUID(), { data: request(id).data })).toMatchObject({ status: 400, body: { field: 'actor' } });
    expect(await encode(randomUUID(), { ...request(id), actor: { id: company, role: 'ROBOT' } })).toMatchObject({ status: 400, body: { field: 'actor.role' } });
    expect(await encode(undefined, request(id))).toMatchObject({ status: 400, body: { field: 'Idempotency-Key' } });
    expect(await encode(randomUUID(), { ...request(id), data: { ...request(id).data, hours: 0 } })).toMatchObject({ status: 400, body: { field: 'data.hours' } });
    expect(await streamVersion(id)).toBe(0);
  });

  it('a company encodes for itself only: a companyId in the body is not taken', async () => {
    const id = randomUUID();
    expect(await encode(randomUUID(), { ...request(id), data: { ...request(id).data, companyId: 'someone-else' } })).toMatchObject({ status: 201 });
    const [event] = (await app.get(DataSource).query('SELECT data FROM events WHERE stream_id = $1', [id])) as Array<{ data: { companyId: string } }>;
    expect(event!.data.companyId).toBe(company);
  });

  describe('verifies its caller: the token forwarded by the gateway, never the body alone (ADR 0018)', () => {
    it('refuses a call straight to its port without a token, or with a forged one (401), and writes nothing', async () => {
      const id = randomUUID();
      expect(await encode(randomUUID(), request(id), null)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
      const [header, , signature] = (await issuer.token('company', 'someone-else')).split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ sub: company, role: 'company', iss: 'prestaflow-local-issuer', aud: 'prestaflow', exp: 4102444800 })).toString('base64url');
      expect(await encode(randomUUID(), request(id), `${header}.${forgedPayload}.${signature}`)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
      expect(await streamVersion(id)).toBe(0);
    });

    it("refuses a body whose actor is not the token's, and a token of another role (403), and writes nothing", async () => {
      const id = randomUUID();
      const otherCompany = await issuer.token('company', 'co-mallory');
      expect(await encode(randomUUID(), request(id), otherCompany)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', message: expect.stringContaining("not the token's") } });
      const workerToken = await issuer.token('worker', worker);
      expect(await encode(randomUUID(), { ...request(id), actor: { id: worker, role: 'WORKER' } }, workerToken)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      expect(await streamVersion(id)).toBe(0);
    });

    it('refuses a token without exp, and one that lives longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS (12 h), saying why (401)', async () => {
      const id = randomUUID();
      expect(await encode(randomUUID(), request(id), await issuer.token('company', company, { lifetimeSeconds: null }))).toMatchObject({
        status: 401,
        body: { code: 'UNAUTHENTICATED', message: expect.stringContaining('"exp"') },
      });
      expect(await encode(randomUUID(), request(id), await issuer.token('company', company, { lifetimeSeconds: 13 * 3600 }))).toMatchObject({
        status: 401,
        body: { code: 'UNAUTHENTICATED', message: expect.stringContaining('more than the 43200 s allowed') },
      });
      expect(await streamVersion(id)).toBe(0);
    });

    it('answers its health check without a token', async () => {
      expect((await fetch(`${base}/health`)).status).toBe(200);
    });
  });
});
