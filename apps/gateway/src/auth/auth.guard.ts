import { type CanActivate, createParamDecorator, type ExecutionContext, ForbiddenException, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Actor, type Role } from './actor';
import { TokenVerifier } from './token-verifier';

const ROLES = 'prestaflow:roles';

/** The roles that may call an endpoint (all authenticated roles when absent). */
export const Roles = (...allowed: Role[]) => SetMetadata(ROLES, allowed);

interface AuthenticatedRequest {
  headers: Record<string, string | undefined>;
  actor?: Actor;
}

/** The verified caller of the current request. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without AuthGuard');
  return actor;
});

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.verifier.verify(request.headers['authorization']);
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (allowed && !allowed.includes(actor.role)) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: `this endpoint is for ${allowed.join(', ')}; the token is a ${actor.role}'s` });
    }
    request.actor = actor;
    return true;
  }
}
