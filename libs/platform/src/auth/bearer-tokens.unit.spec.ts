import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, type KeyLike, SignJWT } from 'jose';
import { loadAuthConfig } from './auth-config';
import { BearerTokens } from './bearer-tokens';

describe('ADR 0018 bearer tokens: exp required, lifetime bounded', () => {
  let privateKey: KeyLike;
  let tokens: BearerTokens;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k', alg: 'ES256' };
    tokens = new BearerTokens(loadAuthConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }), createLocalJWKSet({ keys: [jwk] }));
  });

  const sign = (claims: JWTPayload) =>
    new SignJWT({ role: 'worker', sub: '980000000001', iss: 'prestaflow-local-issuer', aud: 'prestaflow', ...claims }).setProtectedHeader({ alg: 'ES256', kid: 'k' }).sign(privateKey);
  const refusal = async (claims: JWTPayload) => ((await tokens.verify(await sign(claims)).catch((error: unknown) => error)) as { getResponse(): unknown }).getResponse();

  it('accepts a token living exactly the bound, and gives its subject', async () => {
    const t = now();
    await expect(tokens.verify(await sign({ iat: t, exp: t + 3600 }))).resolves.toEqual({ id: '980000000001', role: 'worker' });
  });

  it('refuses a token without exp, naming the claim', async () => {
    expect(await refusal({ iat: now() })).toEqual({ code: 'UNAUTHENTICATED', message: 'token refused: missing required "exp" claim' });
  });

  it('counts the lifetime from nbf or iat, whichever is earlier, and refuses one past the bound', async () => {
    const t = now();
    expect(await refusal({ iat: t - 600, exp: t + 3001 })).toMatchObject({ message: 'token refused: it lives 3601 s, more than the 3600 s allowed (AUTH_MAX_TOKEN_LIFETIME_SECONDS)' });
    expect(await refusal({ nbf: t - 10, iat: t, exp: t + 3595 })).toMatchObject({ message: expect.stringContaining('it lives 3605 s') });
  });

  it('counts from now a token dated in the future, or without iat and nbf', async () => {
    const t = now();
    expect(await refusal({ iat: t + 86_400, exp: t + 86_400 + 60 })).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('more than the 3600 s') });
    expect(await refusal({ exp: t + 7200 })).toMatchObject({ message: expect.stringContaining('more than the 3600 s') });
  });

  it('refuses a role the platform does not know', async () => {
    expect(await refusal({ role: 'admin', exp: now() + 60 })).toMatchObject({ message: 'token refused: claim "role" must be one of company, worker, user, operator' });
  });
});
