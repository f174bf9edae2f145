import { calculateJwkThumbprint, decodeProtectedHeader } from 'jose';
import { type AuthConfig } from '@prestaflow/platform';
import { TokenVerifier } from './token-verifier';

const config: AuthConfig = { issuer: 'prestaflow-local-issuer', audience: 'prestaflow', jwksUrl: null, devIssuer: true, maxLifetimeSeconds: 12 * 3600 };
const company = { id: '0401234567', role: 'company' } as const;

describe('TokenVerifier, the development issuer', () => {
  it("names its key by the key's thumbprint, new with each boot, so a service holding the last boot's key set fetches the new one", async () => {
    const [first, second] = await Promise.all([TokenVerifier.create(config), TokenVerifier.create(config)]);
    const [tokenOfFirst, tokenOfSecond] = await Promise.all([first.issueDevelopmentToken(company), second.issueDevelopmentToken(company)]);
    const { publicJwk } = first.localIssuer!;
    expect(decodeProtectedHeader(tokenOfFirst).kid).toBe(publicJwk.kid);
    expect(publicJwk.kid).toBe(await calculateJwkThumbprint({ kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, y: publicJwk.y }));
    expect(decodeProtectedHeader(tokenOfSecond).kid).not.toBe(publicJwk.kid);
    // Each boot takes its own tokens and refuses the other's.
    await expect(first.verify(`Bearer ${tokenOfFirst}`)).resolves.toEqual({ id: company.id, role: 'company' });
    await expect(second.verify(`Bearer ${tokenOfFirst}`)).rejects.toMatchObject({ response: { code: 'UNAUTHENTICATED' } });
  });
});
