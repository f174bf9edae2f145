import { type CanActivate, createParamDecorator, type ExecutionContext, ForbiddenException, Injectable, Module, SetMetadata } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { type Actor, type ActorRole, actorRoles } from '@prestaflow/contracts';
import { AUTH_CONFIG } from '../tokens';
import { type AuthConfig, callerKeySet } from './auth-config';
import { actorOfSubject, BearerTokens } from './bearer-tokens';

const OPEN = 'prestaflow:open-endpoint';
const CALLER_ROLES = 'prestaflow:caller-roles';

/** An endpoint that needs no token (the health check: probes and orchestrators call it). */
export const OpenEndpoint = () => SetMetadata(OPEN, true);

/** The actor roles that may call an endpoint of a service behind the gateway (any verified caller when absent). */
export const CallerRoles = (...allowed: ActorRole[]) => SetMetadata(CALLER_ROLES, allowed);

interface CallerRequest {
  headers: Record<string, string | undefined>;
  body?: unknown;
  caller?: Actor;
}

/** The verified caller of the current request, as a command actor. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const caller = context.switchToHttp().getRequest<CallerRequest>().caller;
  if (!caller) throw new Error('Caller used on an endpoint that CallerGuard lets through unauthenticated');
  return caller;
});

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every HTTP endpoint of a service behind the gateway verifies its caller (ADR 0018): the bearer
 * token the gateway forwards (or an operator's own) is checked like the gateway checks it (401
 * UNAUTHENTICATED), its role against @CallerRoles (403 FORBIDDEN). The actor is the token's: a
 * body's `actor` (an internal command's, ADR 0006) naming somebody else is refused (403), so a
 * forged actor sent straight to the port gets nowhere; a malformed one is left to the body's
 * parser (400 naming the field).
 */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(
    private readonly tokens: BearerTokens,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // The event-log consumer's handlers run through the same guards: they have no caller.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(OPEN, targets)) return true;
    const request = context.switchToHttp().getRequest<CallerRequest>();
    const caller = actorOfSubject(await this.tokens.verify(BearerTokens.tokenOf(request.headers['authorization'])));
    const allowed = this.reflector.getAllAndOverride<ActorRole[] | undefined>(CALLER_ROLES, targets);
    if (allowed && !allowed.includes(caller.role)) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: `this endpoint is for ${allowed.join(', ')}; the token is a ${caller.role}'s` });
    }
    const claimed = isObject(request.body) ? request.body['actor'] : undefined;
    if (isObject(claimed) && (actorRoles as readonly unknown[]).includes(claimed['role']) && (claimed['id'] !== caller.id || claimed['role'] !== caller.role)) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: `the body's actor is not the token's (${caller.role} ${caller.id}): the actor comes from the bearer token` });
    }
    request.caller = caller;
    return true;
  }
}

/** Imported by each service behind the gateway: its callers' tokens checked on every HTTP endpoint. */
@Module({
  providers: [
    { provide: BearerTokens, inject: [AUTH_CONFIG], useFactory: (config: AuthConfig) => BearerTokens.remote(config, callerKeySet(config)) },
    { provide: APP_GUARD, useClass: CallerGuard },
  ],
})
export class CallerAuthModule {}
