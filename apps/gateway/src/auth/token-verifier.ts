import { Injectable } from '@nestjs/common';
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { type AuthConfig, BearerTokens } from '@prestaflow/platform';
import { type Actor } from './actor';
import { tokenSource } from './auth.config';

export { ClaimsError, subjectOf as actorOf } from '@prestaflow/platform';

const ALGORITHM = 'ES256';
const DEVELOPMENT_TOKEN_SECONDS = 8 * 3600;

/**
 * The local issuer of development tokens: a key pair made at boot, only with AUTH_DEV_ISSUER=1.
 * Its key id is the public key's thumbprint (RFC 7638), new with each boot: a service that cached
 * the last boot's key set (jose keeps it 10 min) meets an unknown key id and fetches the set again,
 * where a fixed id made it refuse every token (401) after a gateway restart.
 */
interface LocalIssuer {
  readonly privateKey: KeyLike;
  readonly publicJwk: JWK;
}

/** The token each verified actor came with, for the calls the gateway makes on its behalf. */
const bearers = new WeakMap<Actor, string>();

/** The bearer token `actor` was verified from: forwarded to the services behind the gateway (ADR 0018). */
export function bearerOf(actor: Actor): string {
  const token = bearers.get(actor);
  if (!token) throw new Error('bearerOf: this actor was not verified by the TokenVerifier');
  return token;
}

/**
 * Verifies bearer tokens (signature, issuer, audience, exp and a bounded lifetime: BearerTokens)
 * against the identity provider's key set, or, with AUTH_DEV_ISSUER=1, is its own issuer.
 */
@Injectable()
export class TokenVerifier {
  private constructor(
    private readonly config: AuthConfig,
    private readonly tokens: BearerTokens,
    readonly localIssuer: LocalIssuer | null,
  ) {}

  /** Throws a ConfigurationError (the gateway does not start) without a token source, or with two. */
  static async create(config: AuthConfig): Promise<TokenVerifier> {
    if (tokenSource(config) === 'identity-provider') return new TokenVerifier(config, BearerTokens.remote(config, config.jwksUrl as URL), null);
    const { privateKey, publicKey } = await generateKeyPair(ALGORITHM);
    const exported = await exportJWK(publicKey);
    const publicJwk = { ...exported, kid: await calculateJwkThumbprint(exported), alg: ALGORITHM, use: 'sig' };
    return new TokenVerifier(config, new BearerTokens(config, createLocalJWKSet({ keys: [publicJwk] })), { privateKey, publicJwk });
  }

  /** The actor of an Authorization header; 401 UNAUTHENTICATED saying why otherwise. */
  async verify(authorization: string | undefined): Promise<Actor> {
    const token = BearerTokens.tokenOf(authorization);
    const actor = await this.tokens.verify(token);
    bearers.set(actor, token);
    return actor;
  }

  /** Signs a development token (8 h, or less if AUTH_MAX_TOKEN_LIFETIME_SECONDS is lower); refused without the local issuer. */
  async issueDevelopmentToken(actor: Actor, ttlSeconds = Math.min(DEVELOPMENT_TOKEN_SECONDS, this.config.maxLifetimeSeconds)): Promise<string> {
    if (!this.localIssuer) throw new Error('development tokens are issued only with AUTH_DEV_ISSUER=1');
    return new SignJWT({ role: actor.role })
      .setProtectedHeader({ alg: ALGORITHM, kid: this.localIssuer.publicJwk.kid })
      .setSubject(actor.id)
      .setIssuer(this.config.issuer)
      .setAudience(this.config.audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.localIssuer.privateKey);
  }
}
