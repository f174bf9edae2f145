import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Post, UseGuards } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { devTokenBody } from '../openapi/dev-token-body';
import { type Actor } from './actor';
import { AuthGuard, CurrentActor } from './auth.guard';
import { actorOf, ClaimsError, TokenVerifier } from './token-verifier';

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
  @ApiBody({ schema: devTokenBody })
  @HttpCode(201)
  async issue(@Body() body: unknown): Promise<{ token: string; actor: Actor }> {
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
  jwks(): { keys: unknown[] } {
    return { keys: [this.requireLocalIssuer().publicJwk] };
  }

  @Get('me')
  @UseGuards(AuthGuard)
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }

  private requireLocalIssuer() {
    if (!this.verifier.localIssuer) throw new NotFoundException({ code: 'NOT_FOUND', message: 'no local issuer (AUTH_DEV_ISSUER is not 1): tokens come from the configured identity provider' });
    return this.verifier.localIssuer;
  }
}
