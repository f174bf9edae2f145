import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { SignJWT, decodeProtectedHeader, generateKeyPair } from 'jose';
import { startService } from '@prestaflow/platform';
import { TestIssuer } from '@prestaflow/platform/testing';
import { gateway } from '../service';

describe('gateway authentication (JWT bearer, local issuer)', () => {
  let app: INestApplication;
  let base = '';

  beforeAll(async () => {
    app = await startService(gateway, { ...process.env, PORT: '0', AUTH_DEV_ISSUER: '1' });
    base = await app.getUrl();
  }, 60_000);

  afterAll(() => app?.close(), 60_000); // a consumer's leave can wait on a rebalance

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
      .setProtectedHeader({ alg: 'ES256', kid: decodeProtectedHeader(token).kid })
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
    app = await startService(gateway, { ...process.env, PORT: '0', AUTH_DEV_ISSUER: '1' });
    base = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    delete process.env['GATEWAY_RATE_LIMIT'];
    await app?.close();
  }, 60_000);

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

/** The gateway started as its own process, the way it is deployed: its exit code and what it printed, once it stops. */
async function bootGateway(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/gateway/src/main.ts'], { cwd: resolve(__dirname, '../../../..'), env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A gateway that starts instead of refusing is stopped, and the test fails on its exit.
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stderr };
}

describe('ADR 0018 the development issuer needs its explicit switch', () => {
  const { AUTH_DEV_ISSUER: _switch, AUTH_JWKS_URL: _keys, ...withoutAuth } = process.env;
  const base = { ...withoutAuth, PORT: '0', NODE_ENV: 'test' };

  it('refuses to start without AUTH_JWKS_URL and without AUTH_DEV_ISSUER=1, saying what to set', async () => {
    const { code, stderr } = await bootGateway(base);
    expect(code).toBe(1);
    expect(stderr).toContain('the gateway has no token source: set AUTH_JWKS_URL');
  }, 60_000);

  it('refuses AUTH_DEV_ISSUER=1 with NODE_ENV=production, at start', async () => {
    const { code, stderr } = await bootGateway({ ...base, NODE_ENV: 'production', AUTH_DEV_ISSUER: '1' });
    expect(code).toBe(1);
    expect(stderr).toContain('AUTH_DEV_ISSUER=1 is refused with NODE_ENV=production');
  }, 60_000);
});

describe('ADR 0018 the gateway behind an identity provider (AUTH_JWKS_URL, no switch)', () => {
  let app: INestApplication;
  let issuer: TestIssuer;
  let base = '';

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await startService(gateway, { ...process.env, PORT: '0', AUTH_DEV_ISSUER: '', ...issuer.env });
    base = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  }, 60_000);

  const me = (token: string) => fetch(`${base}/me`, { headers: { authorization: `Bearer ${token}` } });

  it('issues no development token and publishes no key (404)', async () => {
    const issued = await fetch(`${base}/auth/dev-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'operator', sub: 'x' }) });
    expect(issued.status).toBe(404);
    expect((await fetch(`${base}/.well-known/jwks.json`)).status).toBe(404);
  });

  it("accepts the provider's token with exp", async () => {
    const response = await me(await issuer.token('operator', 'ops-1'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'ops-1', role: 'operator' });
  });

  it('refuses a token without exp, naming the claim (401)', async () => {
    const response = await me(await issuer.token('operator', 'ops-1', { lifetimeSeconds: null }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: 'token refused: missing required "exp" claim' });
  });

  it('refuses a token that lives longer than 12 h (AUTH_MAX_TOKEN_LIFETIME_SECONDS), saying so (401)', async () => {
    const response = await me(await issuer.token('operator', 'ops-1', { lifetimeSeconds: 12 * 3600 + 60 }));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('more than the 43200 s allowed') });
  });
});
