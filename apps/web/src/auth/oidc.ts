import { type WebConfig } from './config';
import { startSession } from './session';

/** Loaded only when an identity provider is configured: dev builds never pay for it. */
async function manager(oidc: NonNullable<WebConfig['oidc']>) {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  return new UserManager({
    authority: oidc.authority,
    client_id: oidc.clientId,
    redirect_uri: `${location.origin}/app/login/callback`,
    response_type: 'code', // authorization code; oidc-client-ts adds PKCE (S256)
    scope: oidc.scope,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  });
}

/** Sends the browser to the identity provider; `next` comes back in the state. */
export async function signInWithProvider(oidc: NonNullable<WebConfig['oidc']>, next: string): Promise<void> {
  await (await manager(oidc)).signinRedirect({ state: { next } });
}

/** On /app/login/callback: exchanges the code, keeps the access token for the gateway; where to go next. */
export async function completeSignIn(oidc: NonNullable<WebConfig['oidc']>): Promise<string> {
  const user = await (await manager(oidc)).signinRedirectCallback();
  startSession(user.access_token, user.profile.name ?? user.profile.sub);
  return (user.state as { next?: string } | undefined)?.next ?? '/';
}
