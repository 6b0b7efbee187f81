import { ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { TokenExpiredError } from '@nestjs/jwt';
import { DomainError, forbidden, unauthorised } from '../common/domain-error.js';
import { API_TOKEN_GATE, type ApiTokenGate, carriesApiToken } from './api-token-gate.js';
import type { AuthUser } from './auth-user.js';
import { ACCESS_METADATA, type AccessRequirement } from './authenticated.decorator.js';
import { hasPermission } from './permission.js';

/**
 * The one global guard. Public routes pass; every other route needs a valid, unrevoked session,
 * and the permission it declares. A route that declares nothing is refused to everyone.
 * A request carrying an API token (`csph_…`) takes the token path instead (src/api-tokens), which
 * admits it only to the routes that declare its kind; the session path is unchanged by it.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    @Optional() @Inject(API_TOKEN_GATE) private readonly apiTokens?: ApiTokenGate,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AccessRequirement | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (requirement?.public) return true;
    if (carriesApiToken(context.switchToHttp().getRequest().headers?.authorization)) {
      if (!this.apiTokens) throw unauthorised('unauthenticated', 'Sign in to continue.');
      return this.apiTokens.admit(context, requirement);
    }
    await super.canActivate(context);
    if (!requirement) throw forbidden('route_not_declared', 'This route is closed.');
    const user = context.switchToHttp().getRequest().user as AuthUser;
    if (user.mustChangePassword && !requirement.beforePasswordChange) {
      throw forbidden('password_change_required', 'Change your one-time password before you continue.');
    }
    if (requirement.permission && !hasPermission(user.roles, requirement.permission)) {
      throw forbidden('permission_required', 'You do not have permission to do that.');
    }
    return true;
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err instanceof DomainError) throw err;
    if (info instanceof TokenExpiredError || (info as Error)?.name === 'TokenExpiredError') {
      throw unauthorised('session_expired', 'Your session has expired. Sign in again.');
    }
    if (err || !user) throw unauthorised('unauthenticated', 'Sign in to continue.');
    return user;
  }
}
