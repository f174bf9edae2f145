import { type INestApplication } from '@nestjs/common';
import { SignJWT, generateKeyPair } from 'jose';
import { startService } from '@prestaflow/platform';
import { gateway } from '../service';

describe('gateway authentication (JWT bearer, local issuer)', () => {
  let app: INestApplication;
  let base = '';

  beforeAll(async () => {
    app = await startService(gateway, { ...process.env, PORT: '0' });
    base = await app.getUrl();
  }, 60_000);

  afterAll(() => app?.close());

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const me = (token?: string) => fetch(`${base}/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('issues a development token that the gateway then accepts', async () => {
    const issued = await post('/auth/dev-tokens', { role: 'worker', sub: '980000000001' });
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as { token: string };
    const response = await me(token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: '980000000001', role: 'worker' });
  });

  it('publishes the local public key as a JWKS', async () => {
    const { keys } = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as { keys: Array<{ kty: string; d?: string }> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
    expect(keys[0]!.d).toBeUndefined();
  });

  it('answers 401 without a token, with a forged one, and with one of another issuer', async () => {
    expect((await me()).status).toBe(401);
    const { token } = (await (await post('/auth/dev-tokens', { role: 'user', sub: '100000000001' })).json()) as { token: string };
    const [header, payload] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: '100000000002' })).toString('base64url');
    const forged = await me(`${header}.${forgedPayload}.${token.split('.')[2]}`);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'UNAUTHENTICATED' });

    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ role: 'operator' })
      .setProtectedHeader({ alg: 'ES256', kid: 'prestaflow-local-1' })
      .setSubject('mallory')
      .setIssuer('prestaflow-local-issuer')
      .setAudience('prestaflow')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await me(foreign)).status).toBe(401);
  });

  it('refuses to issue a token with a bad role or identifier, saying which (400)', async () => {
    const badRole = await post('/auth/dev-tokens', { role: 'admin', sub: 'x' });
    expect(badRole.status).toBe(400);
    expect(await badRole.json()).toMatchObject({ code: 'VALIDATION', message: 'claim "role" must be one of company, worker, user, operator' });
    const badWorker = await post('/auth/dev-tokens', { role: 'worker', sub: '42' });
    expect(await badWorker.json()).toMatchObject({ message: `a worker's "sub" is 12 digits` });
  });
});

describe('gateway protections', () => {
  let app: INestApplication;
  let base = '';

  beforeAll(async () => {
    process.env['GATEWAY_RATE_LIMIT'] = '5';
    app = await startService(gateway, { ...process.env, PORT: '0' });
    base = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    delete process.env['GATEWAY_RATE_LIMIT'];
    await app?.close();
  });

  it('answers 429 past the rate limit', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await fetch(`${base}/me`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('serves its OpenAPI document', async () => {
    const document = (await (await fetch(`${base}/docs/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/auth/dev-tokens', '/me']));
  });

  it('sends security headers', async () => {
    const response = await fetch(`${base}/.well-known/jwks.json`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
