import { ApiError, NetworkError } from '../api/client';

/**
 * What the gateway tells the app at /app/config.json (apps/gateway/src/web): whether its
 * development issuer is on (dev login), and the identity provider for production (OIDC
 * authorization code + PKCE; WEB_OIDC_AUTHORITY, WEB_OIDC_CLIENT_ID, WEB_OIDC_SCOPE; README).
 */
export interface WebConfig {
  readonly devLogin: boolean;
  readonly oidc: { readonly authority: string; readonly clientId: string; readonly scope: string } | null;
}

/**
 * Asks the gateway (the login screen holds the answer in the query cache). Without the gateway (the
 * app shell comes from the service worker's cache), a NetworkError or a 502-504 ApiError as for the
 * API's calls, so that the screen says so and looks again.
 */
export async function webConfig(): Promise<WebConfig> {
  const response = await fetch('/app/config.json').catch((error: Error) => {
    throw new NetworkError(error.message);
  });
  if (!response.ok) throw new ApiError(response.status, String(response.status), response.statusText);
  return (await response.json()) as WebConfig;
}
