/**
 * What the gateway tells the app at /app/config.json (apps/gateway/src/web): whether its
 * development issuer is on (dev login), and the identity provider for production (OIDC
 * authorization code + PKCE; WEB_OIDC_AUTHORITY, WEB_OIDC_CLIENT_ID, WEB_OIDC_SCOPE; README).
 */
export interface WebConfig {
  readonly devLogin: boolean;
  readonly oidc: { readonly authority: string; readonly clientId: string; readonly scope: string } | null;
}

let loaded: Promise<WebConfig> | undefined;

export function webConfig(): Promise<WebConfig> {
  loaded ??= fetch('/app/config.json').then((response) => response.json() as Promise<WebConfig>);
  return loaded;
}
