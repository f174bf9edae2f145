import { ConfigurationError } from '../config';
import { callerKeySet, DEV_JWKS_URL, loadAuthConfig } from './auth-config';

describe('ADR 0018 authentication settings', () => {
  it('keeps the development issuer off unless AUTH_DEV_ISSUER is exactly 1: a missing variable never turns it on', () => {
    expect(loadAuthConfig({}).devIssuer).toBe(false);
    expect(loadAuthConfig({ AUTH_DEV_ISSUER: '0' }).devIssuer).toBe(false);
    expect(loadAuthConfig({ AUTH_DEV_ISSUER: '1' }).devIssuer).toBe(true);
    expect(() => loadAuthConfig({ AUTH_DEV_ISSUER: 'true' })).toThrow('AUTH_DEV_ISSUER: "true" is neither 1 (on) nor 0 (off)');
  });

  it('refuses the development issuer with NODE_ENV=production', () => {
    expect(() => loadAuthConfig({ AUTH_DEV_ISSUER: '1', NODE_ENV: 'production' })).toThrow(ConfigurationError);
    expect(loadAuthConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks' }).jwksUrl?.href).toBe('https://idp.example/jwks');
  });

  it('bounds token lifetimes at 12 h unless AUTH_MAX_TOKEN_LIFETIME_SECONDS says otherwise', () => {
    expect(loadAuthConfig({}).maxLifetimeSeconds).toBe(43_200);
    expect(loadAuthConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }).maxLifetimeSeconds).toBe(3_600);
    expect(() => loadAuthConfig({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '-1' })).toThrow(ConfigurationError);
  });

  it("gives the services behind the gateway AUTH_JWKS_URL, the development gateway's keys with the switch, and nothing otherwise", () => {
    expect(callerKeySet(loadAuthConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_DEV_ISSUER: '1' })).href).toBe('https://idp.example/jwks');
    expect(callerKeySet(loadAuthConfig({ AUTH_DEV_ISSUER: '1' })).href).toBe(DEV_JWKS_URL);
    expect(() => callerKeySet(loadAuthConfig({}))).toThrow(/AUTH_JWKS_URL is not set/);
  });
});
