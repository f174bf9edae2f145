export interface AuthConfig {
  readonly issuer: string;
  readonly audience: string;
  /** Production: the identity provider's key set. Unset: the gateway issues dev tokens itself. */
  readonly jwksUrl: URL | null;
}

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const jwks = env['AUTH_JWKS_URL']?.trim();
  return {
    issuer: env['AUTH_ISSUER']?.trim() || 'prestaflow-local-issuer',
    audience: env['AUTH_AUDIENCE']?.trim() || 'prestaflow',
    jwksUrl: jwks ? new URL(jwks) : null,
  };
}
