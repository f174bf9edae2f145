import { resolve } from 'node:path';

/**
 * Where the built web app is and how it logs in (issue 11, ADR 0016), from the environment:
 *   WEB_ROOT            the built files (default apps/web/dist; `npx nx build web`)
 *   WEB_OIDC_AUTHORITY  the identity provider's issuer URL (OIDC discovery): production login
 *   WEB_OIDC_CLIENT_ID  the web app's public client id there (authorization code + PKCE)
 *   WEB_OIDC_SCOPE      scopes asked for (default "openid profile")
 */
export interface WebConfig {
  readonly root: string;
  readonly oidc: { readonly authority: string; readonly clientId: string; readonly scope: string } | null;
}

export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const authority = env['WEB_OIDC_AUTHORITY']?.trim();
  const clientId = env['WEB_OIDC_CLIENT_ID']?.trim();
  if (!!authority !== !!clientId) throw new Error('WEB_OIDC_AUTHORITY and WEB_OIDC_CLIENT_ID go together');
  return {
    root: resolve(env['WEB_ROOT']?.trim() || resolve(__dirname, '../../../web/dist')),
    oidc: authority && clientId ? { authority, clientId, scope: env['WEB_OIDC_SCOPE']?.trim() || 'openid profile' } : null,
  };
}
