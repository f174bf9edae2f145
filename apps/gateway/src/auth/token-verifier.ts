import { Injectable, UnauthorizedException } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { idSchema, isStorableText } from '@prestaflow/contracts';
import { type Actor, type Role, roles } from './actor';
import { type AuthConfig } from './auth.config';

const ALGORITHM = 'ES256';
const LOCAL_KEY_ID = 'prestaflow-local-1';
const twelveDigits = /^\d{12}$/;

/** The local issuer of development tokens: a key pair made at boot, never in production. */
interface LocalIssuer {
  readonly privateKey: KeyLike;
  readonly publicJwk: JWK;
}

/**
 * Verifies bearer tokens (signature, issuer, audience, expiry) against the configured key set
 * and turns their claims into an Actor. Without AUTH_JWKS_URL it is its own issuer, for dev.
 */
@Injectable()
export class TokenVerifier {
  private constructor(
    private readonly config: AuthConfig,
    private readonly keys: JWTVerifyGetKey,
    readonly localIssuer: LocalIssuer | null,
  ) {}

  static async create(config: AuthConfig): Promise<TokenVerifier> {
    if (config.jwksUrl) return new TokenVerifier(config, createRemoteJWKSet(config.jwksUrl), null);
    const { privateKey, publicKey } = await generateKeyPair(ALGORITHM);
    const publicJwk = { ...(await exportJWK(publicKey)), kid: LOCAL_KEY_ID, alg: ALGORITHM, use: 'sig' };
    return new TokenVerifier(config, createLocalJWKSet({ keys: [publicJwk] }), { privateKey, publicJwk });
  }

  async verify(authorization: string | undefined): Promise<Actor> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a bearer token is required (Authorization: Bearer <jwt>)' });
    try {
      const { payload } = await jwtVerify(token, this.keys, { issuer: this.config.issuer, audience: this.config.audience });
      return actorOf(payload);
    } catch (error) {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: `token refused: ${(error as Error).message}` });
    }
  }

  /** Signs a development token; refused when a real identity provider is configured. */
  async issueDevelopmentToken(actor: Actor, ttlSeconds = 8 * 3600): Promise<string> {
    if (!this.localIssuer) throw new Error('development tokens are not issued when AUTH_JWKS_URL is set');
    return new SignJWT({ role: actor.role })
      .setProtectedHeader({ alg: ALGORITHM, kid: LOCAL_KEY_ID })
      .setSubject(actor.id)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.localIssuer.privateKey);
  }
}

export class ClaimsError extends Error {}

/**
 * The claims a token must carry: sub (who) and role; workers and users are 12 digits, others an
 * id the event contracts take as an actor's (at most 100 characters PostgreSQL can store).
 */
export function actorOf(claims: Record<string, unknown>): Actor {
  const { sub, role } = claims;
  if (typeof role !== 'string' || !(roles as readonly string[]).includes(role)) throw new ClaimsError(`claim "role" must be one of ${roles.join(', ')}`);
  if (typeof sub !== 'string' || sub.length === 0) throw new ClaimsError('claim "sub" is required');
  if ((role === 'worker' || role === 'user') && !twelveDigits.test(sub)) throw new ClaimsError(`a ${role}'s "sub" is 12 digits`);
  if (sub.length > idSchema.maxLength || !isStorableText(sub)) throw new ClaimsError(`claim "sub" must be at most ${idSchema.maxLength} characters, without NUL or unpaired surrogates`);
  return { id: sub, role: role as Role };
}
