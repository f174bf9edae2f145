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

  describe('a token verified once is taken again without verifying its signature, until its exp (at most 10 min)', () => {
    let keyLookups: jest.Mock;
    let cached: BearerTokens;
    // Only Date is faked: jose's and node's own timers keep running.
    const onlyDate = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

    beforeEach(async () => {
      const pair = await generateKeyPair('ES256');
      privateKey = pair.privateKey;
      const keySet = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k', alg: 'ES256' }] });
      keyLookups = jest.fn(keySet);
      cached = new BearerTokens(loadAuthConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }), keyLookups as unknown as typeof keySet);
      jest.useFakeTimers({ doNotFake: [...onlyDate] });
    });
    afterEach(() => jest.useRealTimers());

    it('verifies the same token string once, and gives a fresh subject each time', async () => {
      const token = await sign({ iat: now(), exp: now() + 60 });
      const first = await cached.verify(token);
      const second = await cached.verify(token);
      expect(second).toEqual({ id: '980000000001', role: 'worker' });
      expect(second).not.toBe(first);
      expect(keyLookups).toHaveBeenCalledTimes(1);
    });

    it('refuses it once its exp has passed, as an uncached token', async () => {
      const token = await sign({ iat: now(), exp: now() + 60 });
      await cached.verify(token);
      jest.setSystemTime(Date.now() + 61_000);
      const refused = (await cached.verify(token).catch((error: unknown) => error)) as { getResponse(): unknown };
      expect(refused.getResponse()).toEqual({ code: 'UNAUTHENTICATED', message: 'token refused: "exp" claim timestamp check failed' });
    });

    it('verifies it again after 10 minutes, however long it still lives', async () => {
      const token = await sign({ iat: now(), exp: now() + 3600 });
      await cached.verify(token);
      jest.setSystemTime(Date.now() + 599_000);
      await cached.verify(token);
      expect(keyLookups).toHaveBeenCalledTimes(1);
      jest.setSystemTime(Date.now() + 2_000);
      await expect(cached.verify(token)).resolves.toEqual({ id: '980000000001', role: 'worker' });
      expect(keyLookups).toHaveBeenCalledTimes(2);
    });

    it('never remembers a refused token', async () => {
      const token = await sign({ role: 'admin', exp: now() + 60 });
      await expect(cached.verify(token)).rejects.toMatchObject({ status: 401 });
      await expect(cached.verify(token)).rejects.toMatchObject({ status: 401 });
      expect(keyLookups).toHaveBeenCalledTimes(2);
    });
  });
});
