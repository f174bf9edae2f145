import { type FromSchema } from 'json-schema-to-ts';
import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { devTokenBody } from '../openapi/dev-token-body';
import { answerSchema } from '@prestaflow/contracts';
import { type Actor, roles as tokenRoles } from './actor';
import { AuthGuard, CurrentActor } from './auth.guard';
import { actorOf, ClaimsError, TokenVerifier } from './token-verifier';

/** Who the token names: its `sub` as id, its `role`. */
export const actorAnswer = answerSchema({ id: { type: 'string' }, role: { type: 'string', enum: tokenRoles } });
/** A development token and who it names; send it as `Authorization: Bearer <token>`. */
export const devTokenAnswer = answerSchema({ token: { type: 'string' }, actor: actorAnswer });
/** The local issuer's public key set (RFC 7517). */
export const jwksAnswer = answerSchema({ keys: { type: 'array', items: { type: 'object', description: 'a JSON Web Key' } } });

/**
 * The local issuer (development only: 404 unless the gateway runs with AUTH_DEV_ISSUER=1, ADR 0018)
 * and "who am I".
 *   curl -s -X POST localhost:3000/auth/dev-tokens -H 'content-type: application/json' \
 *        -d '{"role":"company","sub":"0401234567"}'
 */
@Controller()
export class AuthController {
  constructor(private readonly verifier: TokenVerifier) {}

  @Post('auth/dev-tokens')
  @ApiOperation({ summary: 'Development only (AUTH_DEV_ISSUER=1): a token for a role and a subject' })
  @ApiBody({ schema: devTokenBody })
  @HttpCode(201)
  async issue(@Body() body: unknown): Promise<FromSchema<typeof devTokenAnswer>> {
    this.requireLocalIssuer();
    const { role, sub } = (body ?? {}) as Record<string, unknown>;
    let actor: Actor;
    try {
      actor = actorOf({ role, sub });
    } catch (error) {
      if (!(error instanceof ClaimsError)) throw error;
      throw new BadRequestException({ code: 'VALIDATION', message: error.message });
    }
    return { token: await this.verifier.issueDevelopmentToken(actor), actor };
  }

  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'The public keys of the development token issuer (JWKS)' })
  jwks(): FromSchema<typeof jwksAnswer> {
    return { keys: [{ ...this.requireLocalIssuer().publicJwk }] }; // a plain object: jose's JWK interface has no index signature
  }

  @Get('me')
  @ApiOperation({ summary: 'The token\'s actor: its role and id' })
  @UseGuards(AuthGuard)
  me(@CurrentActor() actor: Actor): FromSchema<typeof actorAnswer> {
    return actor;
  }

  private requireLocalIssuer() {
    if (!this.verifier.localIssuer) throw new NotFoundException({ code: 'NOT_FOUND', message: 'no local issuer (AUTH_DEV_ISSUER is not 1): tokens come from the configured identity provider' });
    return this.verifier.localIssuer;
  }
}
