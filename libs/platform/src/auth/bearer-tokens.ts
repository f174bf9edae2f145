import { ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { type Actor, idSchema, isStorableText } from '@prestaflow/contracts';
import { type AuthConfig } from './auth-config';

/** The roles a token's `role` claim may name (the gateway's portals), and their actor role in commands. */
export const tokenRoles = ['company', 'worker', 'user', 'operator'] as const;
export type TokenRole = (typeof tokenRoles)[number];
const actorRoleOf = { company: 'COMPANY', worker: 'WORKER', user: 'USER', operator: 'OPERATOR' } as const;

/** Who a verified token names: its `sub` and `role`. */
export interface TokenSubject {
  /** The company id, the worker's or user's 12-digit id, or the operator's login. */
  readonly id: string;
  readonly role: TokenRole;
}

export class ClaimsError extends Error {}

const twelveDigits = /^\d{12}$/;

/** The claims a token must carry: sub (who) and role; workers and users are 12 digits. */
export function subjectOf(claims: Record<string, unknown>): TokenSubject {
  const { sub, role } = claims;
  if (typeof role !== 'string' || !(tokenRoles as readonly string[]).includes(role)) throw new ClaimsError(`claim "role" must be one of ${tokenRoles.join(', ')}`);
  if (typeof sub !== 'string' || sub.length === 0) throw new ClaimsError('claim "sub" is required');
  if ((role === 'worker' || role === 'user') && !twelveDigits.test(sub)) throw new ClaimsError(`a ${role}'s "sub" is 12 digits`);
  // Other subjects become actor ids, which the event contracts limit (ADR 0013).
  if (sub.length > idSchema.maxLength || !isStorableText(sub)) throw new ClaimsError(`claim "sub" must be at most ${idSchema.maxLength} characters, without NUL or unpaired surrogates`);
  return { id: sub, role: role as TokenRole };
}

/** The same subject as a command's actor (ADR 0006, 0018). */
export const actorOfSubject = (subject: TokenSubject): Actor => ({ id: subject.id, role: actorRoleOf[subject.role] });

const unauthenticated = (message: string) => new UnauthorizedException({ code: 'UNAUTHENTICATED', message });

/** A token verified before: who it names, and until when (epoch s) it may be taken without verifying it again. */
interface Verified {
  readonly subject: TokenSubject;
  readonly until: number;
}

// How many verified tokens are remembered (about 1 KB each); the oldest is forgotten first.
const VERIFIED_TOKENS_KEPT = 4096;
// No longer than jose keeps a fetched key set (createRemoteJWKSet's cacheMaxAge, 10 min): a key
// withdrawn from the set stops being trusted as late as it would without this cache.
const VERIFIED_FOR_AT_MOST_SECONDS = 600;

/**
 * Checks `Authorization: Bearer <jwt>` headers: the signature against the key set, the issuer,
 * the audience, an `exp` that has not passed, a lifetime (exp - nbf or iat, or exp - now) of at
 * most AUTH_MAX_TOKEN_LIFETIME_SECONDS, and the sub/role claims. Any failure is a 401
 * UNAUTHENTICATED whose message says why; a key set that does not answer is a 503 UNAVAILABLE.
 *
 * A token that passed is remembered by its exact string until its `exp` (at most 10 min): an
 * ES256 verification was the largest single cost of a request in the gateway and each service
 * (bench/README.md, item 6). Only what passed every check is remembered, and nothing in those
 * checks can turn from pass to fail before `exp` (the lifetime counted from now only shrinks).
 */
export class BearerTokens {
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly config: AuthConfig,
    private readonly keys: JWTVerifyGetKey,
  ) {}

  /** Verified against a published key set (JWKS), fetched on first use and cached by jose. */
  static remote(config: AuthConfig, jwksUrl: URL): BearerTokens {
    return new BearerTokens(config, createRemoteJWKSet(jwksUrl));
  }

  /** The token of an Authorization header; 401 when there is none. */
  static tokenOf(authorization: string | undefined): string {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw unauthenticated('a bearer token is required (Authorization: Bearer <jwt>)');
    return token;
  }

  /** The subject of `token` (a fresh object each call); 401 UNAUTHENTICATED or 503 UNAVAILABLE as above. */
  async verify(token: string): Promise<TokenSubject> {
    const now = Math.floor(Date.now() / 1000);
    const known = this.verified.get(token);
    if (known && now < known.until) return { ...known.subject };
    this.verified.delete(token);
    const subject = await this.verifyAnew(token);
    if (this.verified.size > VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value as string);
    return subject;
  }

  private async verifyAnew(token: string): Promise<TokenSubject> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { issuer: this.config.issuer, audience: this.config.audience, requiredClaims: ['exp'] }));
    } catch (error) {
      // The key set out of reach says nothing about the token: 503, the client may retry.
      if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout) {
        throw new ServiceUnavailableException({ code: 'UNAVAILABLE', message: `the key set to verify tokens with did not answer: ${(error as Error).message}` });
      }
      throw unauthenticated(`token refused: ${error.message}`);
    }
    // A token dated in the future counts from now: its validity can never exceed the bound.
    const now = Math.floor(Date.now() / 1000);
    const lifetime = (payload.exp as number) - Math.min(now, payload.nbf ?? now, payload.iat ?? now);
    if (lifetime > this.config.maxLifetimeSeconds) {
      throw unauthenticated(`token refused: it lives ${lifetime} s, more than the ${this.config.maxLifetimeSeconds} s allowed (AUTH_MAX_TOKEN_LIFETIME_SECONDS)`);
    }
    let subject: TokenSubject;
    try {
      subject = subjectOf(payload);
    } catch (error) {
      throw unauthenticated(`token refused: ${(error as Error).message}`);
    }
    this.verified.set(token, { subject, until: Math.min(payload.exp as number, now + VERIFIED_FOR_AT_MOST_SECONDS) });
    return { ...subject };
  }
}
