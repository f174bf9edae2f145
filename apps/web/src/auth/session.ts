import { here, navigate } from '../app/router';
import { endDevicePush } from '../app/device-push';
import { forgetOthers } from '../app/use-draft';

export type Role = 'company' | 'worker' | 'user' | 'operator';
export const areaRoles: readonly Role[] = ['company', 'worker', 'user', 'operator'];

/** The area an app path belongs to ("/worker/history" -> worker; "/user?x=1" -> none), if any. */
export const areaOf = (path: string): Role | undefined => areaRoles.find((role) => path === `/${role}` || path.startsWith(`/${role}/`));

/** Who is logged in, in this tab only (sessionStorage: another tab logs in on its own). */
export interface Session {
  readonly token: string;
  readonly role: Role;
  readonly id: string;
  readonly name: string;
  /** When the token expires, in milliseconds since the epoch (its `exp` claim). */
  readonly expiresAt: number;
}

const key = 'prestaflow.session';

/** The claims of a JWT, unverified: the gateway verifies; the app only reads who and until when. */
export function claimsOf(token: string): { sub?: string; role?: string; exp?: number } {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: string; role?: string; exp?: number };
}

export function startSession(token: string, name: string): Session {
  const { sub, role, exp } = claimsOf(token);
  if (!sub || !areaRoles.includes(role as Role)) throw new Error(`this account (${role ?? 'no role'}) has no area in the web app`);
  const session: Session = { token, role: role as Role, id: sub, name, expiresAt: exp ? exp * 1000 : Number.MAX_SAFE_INTEGER };
  sessionStorage.setItem(key, JSON.stringify(session));
  // Another person logging in on this device inherits nothing of the one before, nor their notifications.
  forgetOthers(session);
  void endDevicePush(session);
  return session;
}


/** The session of this tab, or null when there is none or its token has expired. */
export function currentSession(now = Date.now()): Session | null {
  const raw = sessionStorage.getItem(key);
  if (!raw) return null;
  const session = JSON.parse(raw) as Session;
  return session.expiresAt > now ? session : null;
}

export function endSession(): void {
  sessionStorage.removeItem(key);
}

/** The token expired or was refused: back to login, keeping where the person was going. */
export function sessionEnded(): void {
  endSession();
  if (!location.pathname.startsWith('/app/login')) navigate(`/login?expired=1&next=${encodeURIComponent(here())}`, { replace: true });
}
