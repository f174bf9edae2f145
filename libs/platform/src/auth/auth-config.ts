import { ConfigurationError, parsePositiveInteger } from '../config';

/**
 * How every service checks bearer tokens (ADR 0018): the issuer and audience they must name, the
 * key set that signs them, and how long one may live. Read at boot from the environment:
 *   AUTH_JWKS_URL                     the identity provider's key set (production)
 *   AUTH_DEV_ISSUER=1                 the gateway issues development tokens itself (`npm start`,
 *                                     `npm test`); refused with NODE_ENV=production
 *   AUTH_ISSUER, AUTH_AUDIENCE        the `iss` and `aud` a token must carry
 *   AUTH_MAX_TOKEN_LIFETIME_SECONDS   the longest a token may live, exp - (nbf or iat): 12 h by default
 */
export interface AuthConfig {
  readonly issuer: string;
  readonly audience: string;
  /** The key set tokens are verified against; null when AUTH_JWKS_URL is unset. */
  readonly jwksUrl: URL | null;
  /** AUTH_DEV_ISSUER=1: the gateway signs development tokens, the services check them against its JWKS. */
  readonly devIssuer: boolean;
  readonly maxLifetimeSeconds: number;
}

/** Where the services find the gateway's development keys when AUTH_JWKS_URL is unset (`npm start`'s gateway). */
export const DEV_JWKS_URL = 'http://127.0.0.1:3000/.well-known/jwks.json';

const TWELVE_HOURS = 12 * 3600;

function devIssuerSwitch(env: NodeJS.ProcessEnv): boolean {
  const raw = env['AUTH_DEV_ISSUER']?.trim() ?? '';
  if (raw !== '' && raw !== '0' && raw !== '1') throw new ConfigurationError(`AUTH_DEV_ISSUER: "${raw}" is neither 1 (on) nor 0 (off)`);
  if (raw !== '1') return false;
  if (env['NODE_ENV'] === 'production') {
    throw new ConfigurationError('AUTH_DEV_ISSUER=1 is refused with NODE_ENV=production: anyone could mint tokens; set AUTH_JWKS_URL to the identity provider (README.md, Authentication)');
  }
  return true;
}

function url(env: NodeJS.ProcessEnv, name: string): URL | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  try {
    return new URL(raw);
  } catch {
    throw new ConfigurationError(`${name}: "${raw}" is not a URL`);
  }
}

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return {
    issuer: env['AUTH_ISSUER']?.trim() || 'prestaflow-local-issuer',
    audience: env['AUTH_AUDIENCE']?.trim() || 'prestaflow',
    jwksUrl: url(env, 'AUTH_JWKS_URL'),
    devIssuer: devIssuerSwitch(env),
    maxLifetimeSeconds: parsePositiveInteger(env, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS', TWELVE_HOURS),
  };
}

/**
 * The key set a service behind the gateway verifies its callers' tokens against: AUTH_JWKS_URL,
 * else the development gateway's when AUTH_DEV_ISSUER=1; without either it refuses to start.
 */
export function callerKeySet(config: AuthConfig): URL {
  if (config.jwksUrl) return config.jwksUrl;
  if (config.devIssuer) return new URL(DEV_JWKS_URL);
  throw new ConfigurationError(
    'AUTH_JWKS_URL is not set: this service verifies its callers\' tokens against the identity provider\'s key set (or, in development, AUTH_DEV_ISSUER=1 uses the gateway\'s); see README.md, Authentication',
  );
}
