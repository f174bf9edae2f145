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

let loaded: Promise<WebConfig> | undefined;

/**
 * The gateway's answer, fetched once. Without the gateway (the app shell comes from the service
 * worker's cache), a NetworkError or a 502-504 ApiError as for the API's calls, and asked again next time.
 */
export function webConfig(): Promise<WebConfig> {
  loaded ??= fetch('/app/config.json')
    .catch((error: Error) => {
      throw new NetworkError(error.message);
    })
    .then((response) => {
      if (!response.ok) throw new ApiError(response.status, String(response.status), response.statusText);
      return response.json() as Promise<WebConfig>;
    });
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}
