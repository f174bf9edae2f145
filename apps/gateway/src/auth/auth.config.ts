import { type AuthConfig, ConfigurationError } from '@prestaflow/platform';

/**
 * Where the gateway's tokens come from, checked at boot (ADR 0018): the identity provider's key
 * set (AUTH_JWKS_URL) or, with the explicit switch AUTH_DEV_ISSUER=1, its own development issuer.
 * Neither, or both, and it refuses to start: a missing variable never turns the issuer on.
 */
export function tokenSource(config: AuthConfig): 'identity-provider' | 'development-issuer' {
  if (config.devIssuer && config.jwksUrl) {
    throw new ConfigurationError('AUTH_DEV_ISSUER=1 and AUTH_JWKS_URL are both set: the gateway either issues development tokens or verifies the identity provider\'s; unset one');
  }
  if (config.jwksUrl) return 'identity-provider';
  if (config.devIssuer) return 'development-issuer';
  throw new ConfigurationError(
    'the gateway has no token source: set AUTH_JWKS_URL to the identity provider\'s key set, or AUTH_DEV_ISSUER=1 for development tokens (`npm start` and `npm test` set it); see README.md, Authentication',
  );
}
